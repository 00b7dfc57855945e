"""In `make run`, the emails the site sends are read on the development outbox page, and
their links work: a visitor asks for a new password, reads the email there and follows
its link from the HTML part to the form that sets it.

The browser keeps the site's content security policy (no ``bypass_csp``): the HTML part
is shown in a sandboxed frame whose own policy lets its inline styles apply.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible

DEMO_MEMBER = "jeune@undebutdereseau.fr"
SUBJECT = "[Un début de réseau] Choisir un nouveau mot de passe"


@pytest.fixture
def development():
    """DEBUG on, as under `make run`: the live server runs in this process."""
    with override_settings(DEBUG=True):
        yield


def test_a_password_reset_is_read_on_the_outbox_page_and_its_link_followed(
    development, open_context
):
    context = open_context(bypass_csp=False)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )

    page.goto(reverse("account_reset_password"))
    page.locator("input[name=email]").fill(DEMO_MEMBER)
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_url(f"**{reverse('account_reset_password_done')}")

    page.goto(reverse("dev-outbox:list"))
    row = page.get_by_role("row").filter(has_text=DEMO_MEMBER).first
    expect(row).to_contain_text("Envoyé")
    row.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)

    email = page.frame_locator("iframe.dev-outbox-frame")
    header = email.get_by_text("Un début de réseau", exact=True)
    expect(header).to_be_visible()
    # Its inline style applied: the frame's policy allows the layout's styles.
    expect(header).to_have_css("font-weight", "700")
    link = email.get_by_role("link", name="/password/reset/key/")
    link.click()

    page.wait_for_url("**/password/reset/key/**")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/dev/courriels/" not in page.url  # the whole window, not the frame
    assert violations == []


def test_the_outbox_pages_are_accessible(development, open_context):
    page = open_context().new_page()
    page.goto(reverse("dev-outbox:list"))
    assert_accessible(page)

    page.get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.locator("iframe.dev-outbox-frame")).to_be_visible()
    assert_accessible(page)
