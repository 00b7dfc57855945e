"""The account pages people meet besides sign-in and sign-up (issue 14, "First contact"),
at 1280 px and at 360 px, with the checks of test_first_screens:

- at 1280 px the form (or, without a form, the text column) is at least half the width of
  the content area, never the members area's sidebar column;
- at 360 px nothing scrolls sideways and the page's title (its h1) is on the first screen;
- axe-core finds no serious or critical violation at either width.

The pages: the email confirmation of a sign-up, the second-factor code asked at sign-in,
an invitation for a young person and for a counsellor, "check your emails" after joining
with a code, the password reset (sent, new password from a real key, done), the
reauthentication by password and by code, the password change, signing out, the second
factor's pages (overview, activation, deactivation, recovery codes), and the pages a link
that no longer works leads to; and the two refusals: sign-in locked after failed tries
(django-axes) and too many tries in a short time (allauth's rate limits). Sign-in,
sign-up, join, structure registration and the email page are in test_first_screens.

Keys and tokens are real (made with allauth's and the project's own functions); each
account signs in once per module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test.utils import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from members.enums import InvitationKind
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.helpers import (
    assert_accessible,
    follow,
    localized_reverse,
    path_of,
    sign_in,
)
from tests.e2e.test_first_screens import PHONE, WIDE, assert_first_screen, assert_wide_enough
from tests.e2e.test_members_accessibility import (
    YOUNG,
    sessions,  # noqa: F401 - the fixture: each demo account signs in once per module
)
from tests.members.factories import (
    PASSWORD,
    CounsellorFactory,
    InvitationFactory,
    ProfessionalFactory,
    with_totp,
)
from tests.network.factories import StructureFactory

# Who opens the page: a visitor (None), the demo young person, a professional with a
# second factor and recovery codes, a counsellor invited a moment ago who has no second
# factor yet, or someone who typed their password and is asked for the code.
VISITOR, DEMO_YOUNG, PRO_WITH_TOTP, NEW_COUNSELLOR, AT_SECOND_FACTOR = (
    None,
    "demo-young",
    "pro-with-totp",
    "new-counsellor",
    "at-second-factor",
)

# Page name: (who, URL name, or the key of a path built from the module's people).
SCREENS = {
    "email-confirmation": (VISITOR, "confirm-email"),
    "email-confirmation-expired": (VISITOR, "confirm-email-unknown"),
    "email-verification-sent": (VISITOR, "account_email_verification_sent"),
    "second-factor": (AT_SECOND_FACTOR, "mfa_authenticate"),
    "invitation-young-person": (VISITOR, "invitation-young"),
    "invitation-counsellor": (VISITOR, "invitation-counsellor"),
    "invitation-expired": (VISITOR, "invitation-expired"),
    "join-sent": (VISITOR, "members:join-sent"),
    "structure-registration-done": (VISITOR, "members:structure-register-done"),
    "password-reset-done": (VISITOR, "account_reset_password_done"),
    "password-reset-from-key": (VISITOR, "reset-key"),
    "password-reset-from-key-invalid": (VISITOR, "reset-key-unknown"),
    "password-reset-from-key-done": (VISITOR, "account_reset_password_from_key_done"),
    "account-inactive": (VISITOR, "account_inactive"),
    "reauthentication": (DEMO_YOUNG, "account_reauthenticate"),
    "password-change": (DEMO_YOUNG, "account_change_password"),
    "sign-out": (DEMO_YOUNG, "account_logout"),
    "reauthentication-by-code": (PRO_WITH_TOTP, "mfa_reauthenticate"),
    "two-factor": (PRO_WITH_TOTP, "mfa_index"),
    "two-factor-deactivation": (PRO_WITH_TOTP, "mfa_deactivate_totp"),
    "recovery-codes": (PRO_WITH_TOTP, "mfa_view_recovery_codes"),
    "recovery-codes-generation": (PRO_WITH_TOTP, "mfa_generate_recovery_codes"),
    "two-factor-activation": (NEW_COUNSELLOR, "mfa_activate_totp"),
}
# A link that no longer works says so with its status (the page is still a full page).
STATUS = {"invitation-expired": 410}
# The pages that show their form: a real key or token is accepted (an unknown one gets a
# page without a form).
WITH_FORM = {
    "email-confirmation",
    "second-factor",
    "invitation-young-person",
    "invitation-counsellor",
    "password-reset-from-key",
    "reauthentication",
    "password-change",
    "sign-out",
    "reauthentication-by-code",
    "two-factor-deactivation",
    "recovery-codes-generation",
    "two-factor-activation",
}


@dataclass
class People:
    """The module's own accounts and the real keys of their links."""

    paths: dict[str, str]
    accounts: dict[str, tuple[str, str | None]]  # who: (email, TOTP secret)


def members_url(name: str, **kwargs) -> str:
    return localized_reverse("fr", name, **kwargs)


@pytest.fixture(scope="module")
def people(demo_site):
    # Signed up a moment ago, address not confirmed yet: the link of the sign-up email.
    newcomer = ProfessionalFactory(email="nouvelle.pro@example.org", verified_email=False)
    address = EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    confirmation_key = EmailConfirmationHMAC(address).key

    # Asked for a new password: the link of the reset email (never signs in here, which
    # would change the token).
    forgetful = ProfessionalFactory(email="mot.de.passe.oublie@example.org")
    reset_key = default_token_generator.make_token(forgetful)

    pro = ProfessionalFactory(email="pro.double.facteur@example.org")
    pro_secret = with_totp(pro)
    RecoveryCodes.activate(pro)

    structure = StructureFactory(name="Mission locale des Lilas")
    counsellor = CounsellorFactory(
        structure=structure, email="conseillere.arrivee@example.org", totp=False
    )
    _, young_token = InvitationFactory.issue(
        structure=structure, invited_by=counsellor, email="futur.jeune@example.org"
    )
    _, counsellor_token = InvitationFactory.issue(
        structure=structure,
        kind=InvitationKind.COUNSELLOR,
        birth_date=None,
        email="future.conseillere@example.org",
    )
    expired, expired_token = InvitationFactory.issue(
        structure=structure, email="invitation.expiree@example.org"
    )
    # Issuing sets the expiry; this link's week is over.
    expired.expires_at = timezone.now() - datetime.timedelta(days=1)
    expired.save(update_fields=["expires_at"])
    paths = {
        "confirm-email": members_url("account_confirm_email", args=[confirmation_key]),
        "confirm-email-unknown": members_url("account_confirm_email", args=["plus-valable"]),
        "invitation-young": members_url("members:invitation-accept", args=[young_token]),
        "invitation-counsellor": members_url("members:invitation-accept", args=[counsellor_token]),
        "invitation-expired": members_url("members:invitation-accept", args=[expired_token]),
        "reset-key": members_url(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(forgetful), "key": reset_key},
        ),
        "reset-key-unknown": members_url(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(forgetful), "key": "plus-valable"},
        ),
    }
    accounts = {
        PRO_WITH_TOTP: (pro.email, pro_secret),
        NEW_COUNSELLOR: (counsellor.email, None),
        # The same professional, stopped at the code after the password.
        AT_SECOND_FACTOR: (pro.email, None),
    }
    return People(paths=paths, accounts=accounts)


@pytest.fixture(scope="module")
def own_sessions(chromium_browser, demo_site, people):
    """``own_sessions(who)``: the cookies of one of the module's accounts, signed in once
    (for ``AT_SECOND_FACTOR``, the password typed and the code not yet).

    The second factor's pages ask for the password again unless it was confirmed in the
    last 5 minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT), signing in does not count: the
    accounts that open them confirm it once, which lasts the module's run.
    """
    states = {}

    def session(who: str) -> dict:
        if who not in states:
            email, secret = people.accounts[who]
            context = chromium_browser.new_context(base_url=demo_site.url, locale="fr-FR")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            sign_in(page, email, PASSWORD, totp_secret=secret)
            if who != AT_SECOND_FACTOR:
                page.goto(members_url("account_reauthenticate"))
                page.locator("input[name=password]").fill(PASSWORD)
                follow(page.get_by_role("button", name="Confirmer"))
            states[who] = context.storage_state()
            context.close()
        return states[who]

    return session


def screen_path(people: People, target: str) -> str:
    return people.paths.get(target) or members_url(target)


def open_screen(open_context, sessions, own_sessions, people, name, **options):  # noqa: F811
    who, target = SCREENS[name]
    if who == DEMO_YOUNG:
        options["storage_state"] = sessions(YOUNG)
    elif who is not None:
        options["storage_state"] = own_sessions(who)
    page = open_context(**options).new_page()
    path = screen_path(people, target)

    response = page.goto(path)

    assert response.status == STATUS.get(name, 200), f"{page.url}: {response.status}"
    if target == "reset-key":
        # allauth keeps the key in the session and leaves it out of the address.
        assert "set-password" in page.url, f"the new password form, not {page.url}"
    else:
        assert path_of(page.url) == path, f"stays on {path}, not sent to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("main form.form")).to_have_count(1 if name in WITH_FORM else 0)
    return page


@pytest.mark.parametrize("name", SCREENS)
def test_account_pages_take_the_width_of_a_wide_screen(
    open_context,
    sessions,  # noqa: F811
    own_sessions,
    people,
    name,
):
    page = open_screen(open_context, sessions, own_sessions, people, name, **WIDE)

    assert_wide_enough(page)
    assert_accessible(page)


@pytest.mark.parametrize("name", SCREENS)
def test_account_pages_show_their_title_on_a_phones_first_screen(
    open_context,
    sessions,  # noqa: F811
    own_sessions,
    people,
    name,
):
    page = open_screen(open_context, sessions, own_sessions, people, name, **PHONE)

    assert_first_screen(page)
    assert_accessible(page)


# The refusals, with the protections the test settings switch off set to refuse at once:
# the settings are the live server's too (same process). Each try uses an address of its
# own, which no account has and no other test types: nothing else is locked or limited.
LOCKED_OUT = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=1)
RATE_LIMITED = override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "1/10m/key"})


def lock_out(page, address: str) -> None:
    with LOCKED_OUT:
        page.goto(members_url("account_login"))
        page.locator("input[name=login]").fill(address)
        page.locator("input[name=password]").fill("pas-le-bon-mot-de-passe")
        follow(page.get_by_role("button", name="Se connecter"))


def ask_twice_for_a_new_password(page, address: str) -> None:
    with RATE_LIMITED:
        for _ in range(2):
            page.goto(members_url("account_reset_password"))
            page.locator("input[name=email]").fill(address)
            follow(page.get_by_role("button", name="Recevoir le lien"))


REFUSALS = {
    "sign-in-locked": (lock_out, "Connexion bloquée pour un moment"),
    "too-many-tries": (ask_twice_for_a_new_password, "Trop de tentatives en peu de temps"),
}
VIEWPORTS = {"1280": WIDE, "360": PHONE}


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", REFUSALS)
def test_refusals_of_too_many_tries_fit_the_screen(open_context, name, width):
    refuse, title = REFUSALS[name]
    page = open_context(**VIEWPORTS[width]).new_page()

    refuse(page, f"{name}-{width}@example.org")

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    if width == "1280":
        assert_wide_enough(page)
    else:
        assert_first_screen(page)
    assert_accessible(page)
