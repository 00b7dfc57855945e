"""axe-core on the pages of the members area, for visitors and for each demo role, and
the members area on a small phone (375 px wide: nothing scrolls sideways).

Each page is its own test case, so that a failure names the page. Each demo account
signs in once per module (password, and the TOTP code for the roles that need one); its
pages are then opened in a fresh browser context carrying its session cookies.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from members.demo import DEMO_TOTP_SECRETS, MEMBERS, MODERATOR_EMAIL
from members.enums import HelpRequestState
from members.models import HelpRequest, ProfessionalProfile, User, YoungPersonProfile
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.helpers import assert_accessible, localized_reverse, sign_in

PASSWORDS = {member.email: member.password for member in MEMBERS}
PASSWORDS[MODERATOR_EMAIL] = "Moderateur-demo-2026!"

YOUNG = "jeune@undebutdereseau.fr"
YOUNG_MINOR = "jeune.mineur@undebutdereseau.fr"
PRO = "pro@undebutdereseau.fr"
PRO_VERIFIED = "pro.verifiee@undebutdereseau.fr"
COUNSELLOR = "conseillere@undebutdereseau.fr"
OTHER_COUNSELLOR = "conseiller@undebutdereseau.fr"
REFERENT = "referente@undebutdereseau.fr"
MODERATOR = MODERATOR_EMAIL

VISITOR_PAGES = {
    "login": "account_login",
    "sign-up": "account_signup",
    "password-reset": "account_reset_password",
    "join": "members:join",
    "structure-registration": "members:structure-register",
}

# (account, URL name), named "<role>-<page>".
MEMBER_PAGES = {
    "young-dashboard": (YOUNG, "members:dashboard"),
    "young-profile": (YOUNG, "members:young-profile"),
    "young-profile-edit": (YOUNG, "members:young-profile-edit"),
    "young-privacy": (YOUNG, "members:privacy"),
    "young-account-email": (YOUNG, "account_email"),
    "young-change-password": (YOUNG, "account_change_password"),
    "young-minor-dashboard": (YOUNG_MINOR, "members:dashboard"),
    "young-minor-profile": (YOUNG_MINOR, "members:young-profile"),
    "professional-dashboard": (PRO, "members:dashboard"),
    "professional-profile": (PRO, "members:pro-profile"),
    "professional-profile-edit": (PRO, "members:pro-profile-edit"),
    "professional-privacy": (PRO, "members:privacy"),
    "professional-verified-dashboard": (PRO_VERIFIED, "members:dashboard"),
    "counsellor-dashboard": (COUNSELLOR, "members:dashboard"),
    "counsellor-profile": (COUNSELLOR, "members:my-profile"),
    "counsellor-young-people": (COUNSELLOR, "members:young-people"),
    "counsellor-young-person": (COUNSELLOR, "members:young-person"),
    "counsellor-young-invite": (COUNSELLOR, "members:young-invite"),
    "counsellor-young-invitations": (COUNSELLOR, "members:young-invitations"),
    "counsellor-applicants": (COUNSELLOR, "members:applicants"),
    "counsellor-privacy": (COUNSELLOR, "members:privacy"),
    "counsellor-two-factor": (COUNSELLOR, "mfa_index"),
    "other-counsellor-dashboard": (OTHER_COUNSELLOR, "members:dashboard"),
    "referent-dashboard": (REFERENT, "members:dashboard"),
    "referent-team": (REFERENT, "members:team"),
    "referent-young-people": (REFERENT, "members:young-people"),
    "referent-structure-settings": (REFERENT, "members:structure-settings"),
    "referent-profile": (REFERENT, "members:my-profile"),
    "referent-privacy": (REFERENT, "members:privacy"),
    "moderator-dashboard": (MODERATOR, "members:dashboard"),
    "moderator-profile": (MODERATOR, "members:my-profile"),
    "moderator-privacy": (MODERATOR, "members:privacy"),
    # The network: directory, a professional's page, requests.
    "young-directory": (YOUNG, "members:directory"),
    "young-professional": (YOUNG, "members:professional"),
    "young-request-form": (YOUNG, "members:request-create"),
    "young-requests": (YOUNG, "members:requests"),
    "young-minor-draft-edit": (YOUNG_MINOR, "members:request-edit"),
    "professional-requests": (PRO, "members:requests"),
    "professional-directory": (PRO, "members:directory"),
    "counsellor-requests": (COUNSELLOR, "members:requests"),
    "counsellor-directory": (COUNSELLOR, "members:directory"),
    # Notifications, and the young people who made their profile visible.
    "young-notifications": (YOUNG, "members:notifications"),
    "professional-notifications": (PRO, "members:notifications"),
    "counsellor-notifications": (COUNSELLOR, "members:notifications"),
    "professional-young-browse": (PRO, "members:young-browse"),
}

SMALL_PHONE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# The elements that make the page scroll sideways: beyond the screen's right edge, and not
# clipped by a box that scrolls or hides its overflow (a table in a scrolling wrapper is
# fine; a visually hidden, absolutely positioned text inside it may not be).
_HORIZONTAL_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    // An absolutely positioned element escapes the scrolling boxes between it and its
    // containing block (its offsetParent).
    const clipped = (element) => {
        const absolute = getComputedStyle(element).position === "absolute";
        const start = absolute ? element.offsetParent : element.parentElement;
        for (let parent = start; parent && parent !== document.body;
             parent = parent.parentElement) {
            if (getComputedStyle(parent).overflowX !== "visible") return true;
        }
        return false;
    };
    const describe = (element) => {
        const box = element.getBoundingClientRect();
        const name = element.tagName.toLowerCase()
            + (element.id ? "#" + element.id : "")
            + [...element.classList].map((c) => "." + c).join("");
        const where = element.parentElement.outerHTML.slice(0, 160).replace(/\\s+/g, " ");
        const right = Math.round(box.right);
        return `${name} (left ${Math.round(box.left)}, right ${right} px) in ${where}`;
    };
    const wider = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !clipped(element))
        .map(describe);
    return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: width,
        wider: wider.slice(0, 8),
    };
}"""


@pytest.fixture(scope="module")
def sessions(chromium_browser, demo_site):
    """``sessions(email)``: the cookies of the demo account, signed in once per module."""
    states = {}

    def session(email: str) -> dict:
        if email not in states:
            context = chromium_browser.new_context(base_url=demo_site.url, locale="fr-FR")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            sign_in(page, email, PASSWORDS[email], totp_secret=DEMO_TOTP_SECRETS.get(email))
            assert "/compte/" not in page.url, f"{email} is signed in ({page.url})"
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return session


def member_path(email: str, url_name: str) -> str:
    if url_name == "members:young-person":
        counsellor = User.objects.get(email=email)
        profile = YoungPersonProfile.objects.visible_to(counsellor).order_by("pk").first()
        assert profile, f"{email} follows a young person in the demo"
        return localized_reverse("fr", url_name, kwargs={"pk": profile.pk})
    if url_name == "members:professional":
        return localized_reverse("fr", url_name, kwargs={"pk": demo_professional_pk()})
    if url_name == "members:request-create":
        return localized_reverse("fr", url_name, kwargs={"professional_pk": demo_professional_pk()})
    if url_name == "members:request-edit":
        # The demo's draft his counsellor returned to him with a comment.
        draft = HelpRequest.objects.get(
            young_person__email=email, state=HelpRequestState.DRAFT, offered_by_professional=False
        )
        return localized_reverse("fr", url_name, kwargs={"pk": draft.pk})
    return localized_reverse("fr", url_name)


def demo_professional_pk() -> int:
    return ProfessionalProfile.objects.get(user__email=PRO).pk


@pytest.mark.parametrize("url_name", VISITOR_PAGES.values(), ids=VISITOR_PAGES.keys())
def test_pages_for_visitors_have_no_serious_accessibility_violation(visitor, url_name):
    response = visitor.goto(localized_reverse("fr", url_name))

    assert response.status == 200, f"{visitor.url}: {response.status}"
    expect(visitor.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(visitor)


@pytest.mark.parametrize(("email", "url_name"), MEMBER_PAGES.values(), ids=MEMBER_PAGES.keys())
def test_member_pages_have_no_serious_accessibility_violation(
    open_context, sessions, email, url_name
):
    page = open_context(storage_state=sessions(email)).new_page()
    path = member_path(email, url_name)

    response = page.goto(path)

    assert response.status == 200, f"{page.url}: {response.status}"
    assert page.url.endswith(path), f"{email} stays on {path}, not sent to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


SMALL_PHONE_PAGES = {
    "young-dashboard": (YOUNG, "members:dashboard"),
    "young-profile-form": (YOUNG, "members:young-profile-edit"),
    "counsellor-dashboard": (COUNSELLOR, "members:dashboard"),
    "counsellor-young-people": (COUNSELLOR, "members:young-people"),
    "counsellor-young-invite-form": (COUNSELLOR, "members:young-invite"),
    "professional-profile-form": (PRO, "members:pro-profile-edit"),
    "referent-team": (REFERENT, "members:team"),
    "young-directory": (YOUNG, "members:directory"),
    "young-request-form": (YOUNG, "members:request-create"),
}


@pytest.mark.parametrize(
    ("email", "url_name"), SMALL_PHONE_PAGES.values(), ids=SMALL_PHONE_PAGES.keys()
)
def test_member_pages_do_not_scroll_sideways_on_a_small_phone(
    open_context, sessions, email, url_name
):
    phone = open_context(storage_state=sessions(email), **SMALL_PHONE).new_page()
    phone.goto(member_path(email, url_name))

    overflow = phone.evaluate(_HORIZONTAL_OVERFLOW)

    assert overflow["scrollWidth"] <= overflow["clientWidth"], (
        f"{phone.url} is {overflow['scrollWidth']} px wide on a 375 px screen; too wide: "
        + "\n    ".join(overflow["wider"])
    )


def test_the_structure_registration_form_does_not_scroll_sideways_on_a_small_phone(
    open_context,
):
    phone = open_context(**SMALL_PHONE).new_page()
    phone.goto(localized_reverse("fr", "members:structure-register"))

    overflow = phone.evaluate(_HORIZONTAL_OVERFLOW)

    assert overflow["scrollWidth"] <= overflow["clientWidth"], "\n    ".join(overflow["wider"])
