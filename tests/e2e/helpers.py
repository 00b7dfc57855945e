"""Helpers of the browser tests: accessibility, page weight, URLs of the demo pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# "A public page under 300 KB transferred" (DESIGN.md): counted in bytes, 1 KB = 1,000 bytes.
PAGE_WEIGHT_BUDGET = 300_000

_RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
            target: n.target,
            html: n.html,
            summary: n.failureSummary,
            impact: n.impact,
        })),
    }));
}"""


def axe_violations(page) -> list[dict]:
    """Every axe-core violation of the WCAG 2.1 A/AA rules on the page as it is now.

    The context must be created with ``bypass_csp=True``: the site's CSP forbids the
    injected script.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        impact, rule, help_text = violation["impact"], violation["id"], violation["help"]
        lines.append(f"[{impact}] {rule}: {help_text} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}  {node['html'][:160]}")
            if node.get("summary"):
                summary = " / ".join(node["summary"].splitlines()[1:3]).strip()
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation (WCAG 2.0/2.1, A and AA)."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(
            f"axe-core: {len(blocking)} serious or critical violation(s) on {page.url}\n"
            + format_violations(blocking),
            pytrace=False,
        )


@dataclass
class PageWeight:
    url: str
    total: int = 0
    resources: list[tuple[str, int, int]] = field(default_factory=list)  # url, status, bytes

    def report(self) -> str:
        rows = sorted(self.resources, key=lambda row: -row[2])
        lines = [f"{self.url}: {self.total:,} bytes transferred"]
        lines += [f"    {size:>9,}  {status}  {url}" for url, status, size in rows]
        return "\n".join(lines)


def response_body_size(response) -> int:
    """Bytes of the response body as sent on the wire (compressed if it was)."""
    try:
        size = response.request.sizes()["responseBodySize"]
    except Exception:  # a response without a body (redirect) reports no sizes
        size = 0
    if size <= 0 and response.status == 200:
        try:
            size = len(response.body())
        except Exception:
            size = 0
    return size


def measure_page_weight(context, path: str) -> PageWeight:
    """Load ``path`` in a fresh page of ``context`` (empty cache) and add up its responses."""
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    weight = PageWeight(url=page.url)
    for response in responses:
        size = response_body_size(response)
        weight.resources.append((response.url, response.status, size))
        weight.total += size
    page.close()
    return weight


def follow(locator) -> None:
    """Click a link or a submit button, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def page_path(page) -> str:
    """The path of a Wagtail page, with its language prefix (``/fr/...``)."""
    return page.get_url_parts()[2]


def localized_reverse(language_code: str, viewname: str, **kwargs) -> str:
    with translation.override(language_code):
        return reverse(viewname, **kwargs)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# Members area: signing in (with a second factor), emails of the live server.

_USED_TOTP_CODES: set[tuple[str, int]] = set()


def totp_code(secret: str) -> str:
    """The current TOTP code of ``secret``, never one already typed in this session.

    allauth refuses a code used once; when this period's code was used, or the period
    is about to end, wait for the next period (at most 30 seconds).
    """
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    counter = int(time.time()) // period
    # A code typed in the last seconds of its period may reach the server in the next one.
    if (secret, counter) in _USED_TOTP_CODES or period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.5)
        counter = int(time.time()) // period
    _USED_TOTP_CODES.add((secret, counter))
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(page, email: str, password: str, totp_secret: str | None = None, path: str = ""):
    """Sign in through allauth's pages (``path``: the login page, or a page that leads to
    it), typing the TOTP code when one is asked for."""
    page.goto(path or localized_reverse("fr", "account_login"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    follow(page.get_by_role("button", name="Se connecter"))
    if totp_secret is not None:
        assert "/2fa/" in page.url or "authenticate" in page.url, (
            f"the second factor is asked for ({page.url})"
        )
        page.locator("input[name=code]").fill(totp_code(totp_secret))
        follow(page.get_by_role("button", name="Valider"))


def emails_to(address: str) -> list:
    """The emails sent so far to ``address`` (locmem backend, same process as the server)."""
    from django.core import mail

    return [message for message in mail.outbox if address in message.to]


def link_in_email(address: str, contains: str) -> str:
    """The path (and query) of the link containing ``contains`` in the last email sent to
    ``address``."""
    import re

    messages = emails_to(address)
    assert messages, f"an email was sent to {address}"
    for message in reversed(messages):
        for url in re.findall(r"https?://[^\s<>\"]+", message.body):
            if contains in url:
                return path_of(url)
    raise AssertionError(f"no link containing {contains!r} in the emails to {address}")
