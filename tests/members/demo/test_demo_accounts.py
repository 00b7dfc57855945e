"""The demo accounts of the members area: each signs in and lands on its dashboard."""

import copy
import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from members import demo
from members.enums import ReviewStatus, Role
from members.models import Consent, ProfessionalProfile, User, YoungPersonProfile
from tests.home.factories import site_with_a_home_page
from tests.module_rows import rows_built_once
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.django_db

STAFF = {email: password for _role, email, password, *_rest in demo.home_demo.DEMO_ACCOUNTS}


def load_the_members_demo() -> list[tuple[str, str, str]]:
    """The members demo on top of the site, the two structures and companies it needs;
    loaded once for the module (tests/module_rows.py)."""
    site_with_a_home_page()
    StructureFactory(name=demo.FIRST_STRUCTURE)
    StructureFactory(name=demo.SECOND_STRUCTURE)
    CompanyFactory(slug=demo.FIRST_COMPANY)
    CompanyFactory(slug=demo.SECOND_COMPANY)
    return demo.load(None, None, io.StringIO())


demo_rows = rows_built_once(load_the_members_demo)


@pytest.fixture
def demo_members(db, demo_rows):
    return copy.deepcopy(demo_rows)


def _code(email: str) -> str:
    out = io.StringIO()
    # The demo commands run only with DEBUG on (as under `make run`); the tests opt in.
    with override_settings(DEBUG=True):
        call_command("demo_totp_code", email, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def _sign_in(client, email: str, password: str):
    """allauth's sign-in form, then the second factor when the account has one."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    if response["Location"].startswith(reverse("mfa_authenticate")):
        response = client.post(reverse("mfa_authenticate"), {"code": _code(email)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_demo_has_every_role_the_issue_asks_for(demo_members):
    young = YoungPersonProfile.objects.select_related("user")
    assert young.count() == 3
    assert {profile.user.structure_id for profile in young} == set(
        User.objects.filter(role=Role.COUNSELLOR).values_list("structure_id", flat=True)
    )
    assert len({profile.user.structure_id for profile in young}) == 2
    assert [profile.is_minor for profile in young.order_by("birth_date")] == [False, False, True]
    assert 16 <= young.get(user__email="jeune.mineur@undebutdereseau.fr").age <= 17
    assert all(profile.is_complete for profile in young)
    assert young.filter(is_visible=True).count() == 2
    assert all(
        profile.counsellor and profile.counsellor.structure_id == profile.user.structure_id
        for profile in young
    )

    pros = ProfessionalProfile.objects.all()
    assert pros.count() == 3
    assert all(pro.status == ReviewStatus.APPROVED and pro.company for pro in pros)
    assert pros.filter(verified_in_person=True).count() == 1

    referent = User.objects.get(role=Role.REFERENT)
    assert referent.structure.name == demo.FIRST_STRUCTURE
    moderator = User.objects.get(email=demo.MODERATOR_EMAIL)
    assert moderator.role == Role.MODERATOR and moderator.is_staff
    for user in User.objects.exclude(role=""):
        assert user.emailaddress_set.get(email=user.email).verified
        assert user.requires_mfa == Authenticator.objects.filter(user=user).exists()
    for spec in demo.MEMBERS:
        assert Consent.objects.filter(user__email=spec.email).exists()
    assert [row[1] for row in demo_members] == [spec.email for spec in demo.MEMBERS]


def test_loading_twice_creates_nothing_new(demo_members):
    counts = (
        User.objects.count(),
        Authenticator.objects.count(),
        Consent.objects.count(),
        YoungPersonProfile.objects.count(),
        ProfessionalProfile.objects.count(),
    )
    out = io.StringIO()

    demo.load(None, None, out)

    assert "créé" not in out.getvalue()
    assert counts == (
        User.objects.count(),
        Authenticator.objects.count(),
        Consent.objects.count(),
        YoungPersonProfile.objects.count(),
        ProfessionalProfile.objects.count(),
    )


@pytest.mark.parametrize(
    ("email", "template"),
    [
        ("jeune@undebutdereseau.fr", "young"),
        ("jeune.mineur@undebutdereseau.fr", "young"),
        ("pro@undebutdereseau.fr", "professional"),
        ("pro.verifiee@undebutdereseau.fr", "professional"),
        ("jeune.sarah@undebutdereseau.fr", "young"),
        ("pro.sante@undebutdereseau.fr", "professional"),
        ("conseillere@undebutdereseau.fr", "counsellor"),
        ("conseiller@undebutdereseau.fr", "counsellor"),
        ("referente@undebutdereseau.fr", "referent"),
        ("moderateur@undebutdereseau.fr", "moderator"),
    ],
)
def test_each_member_account_signs_in_and_sees_its_dashboard(client, demo_members, email, template):
    passwords = {row[1]: row[2] for row in demo_members} | STAFF

    response = _sign_in(client, email, passwords[email])

    assert response["Location"] == reverse("members:dashboard")
    dashboard = client.get(reverse("members:dashboard"))
    assert dashboard.status_code == 200
    assert f"members/dashboards/{template}.html" in [t.name for t in dashboard.templates]


@pytest.mark.parametrize("email", ["admin@undebutdereseau.fr", "editrice@undebutdereseau.fr"])
def test_staff_accounts_sign_in_and_land_in_the_admin(client, demo_members, email):
    response = _sign_in(client, email, STAFF[email])

    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_counsellor_dashboard_shows_the_minor_of_the_structure(client, demo_members):
    _sign_in(client, "conseiller@undebutdereseau.fr", "Conseiller-demo-2026!")

    response = client.get(reverse("members:dashboard"))

    assert [p.user.first_name for p in response.context["minors"]] == ["Lucas"]


def test_a_wrong_code_does_not_sign_in(client, demo_members):
    client.post(
        reverse("account_login"),
        {"login": "conseillere@undebutdereseau.fr", "password": "Conseillere-demo-2026!"},
    )
    good = _code("conseillere@undebutdereseau.fr")
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert client.get(reverse("members:dashboard")).status_code == 302


@override_settings(DEBUG=True)
def test_demo_totp_code_refuses_other_accounts(demo_members):
    with pytest.raises(CommandError):
        call_command("demo_totp_code", "jeune@undebutdereseau.fr", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_totp_code", "inconnu@example.org", stdout=io.StringIO())


@override_settings(DEBUG=True)
def test_demo_totp_code_refuses_an_account_whose_secret_was_replaced(demo_members):
    from tests.members.factories import with_totp

    user = User.objects.get(email="conseillere@undebutdereseau.fr")
    Authenticator.objects.filter(user=user).delete()
    with_totp(user)

    with pytest.raises(CommandError):
        call_command("demo_totp_code", user.email, stdout=io.StringIO())


def test_demo_code_is_six_digits(demo_members):
    assert len(_code("admin@undebutdereseau.fr")) == 6
    assert _code("admin@undebutdereseau.fr").isdigit()


def test_the_company_contact_reads_hexa_conseils_figures_and_its_shared_quotes(
    client, demo_members
):
    from members.models import HelpRequest

    contact = User.objects.get(role=Role.COMPANY_CONTACT)
    assert contact.company.slug == demo.FIRST_COMPANY
    assert not contact.requires_mfa
    assert HelpRequest.objects.filter(
        professional__pro_profile__company=contact.company,
        young_feedback_shared=True,
        professional_feedback_shared=True,
    ).exists()
    spec = next(spec for spec in demo.MEMBERS if spec.role == Role.COMPANY_CONTACT)
    _sign_in(client, spec.email, spec.password)

    html = client.get(reverse("members:company-figures")).content.decode()

    assert "Il m’a répondu vite" in html
    assert "moins de 5" in html
