"""The members area in a real browser (in French): the journeys of issue 3.

1. a structure registers, the moderator (password and TOTP code, through /admin/login/)
   approves it in the Wagtail admin, and its referent is invited by email;
2. the referent accepts the invitation, sets up their TOTP and invites a counsellor;
3. the counsellor accepts (TOTP too) and invites a young person, who accepts and
   completes their profile;
4. a professional signs up, confirms their address, waits, is approved by the moderator
   and is shown as approved in the admin and on their dashboard.

The journeys follow each other (each starts from where the previous one left the
database): the module runs them in order and a journey whose predecessor failed is
skipped. Every member page visited is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.demo import DEMO_TOTP_SECRETS, MODERATOR_EMAIL
from members.enums import ReviewStatus, Role
from members.models import Invitation, ProfessionalProfile, User
from members.models.profiles import years_before
from network.models import Structure
from tests.e2e.helpers import (
    assert_accessible,
    emails_to,
    follow,
    link_in_email,
    localized_reverse,
    sign_in,
)

MODERATOR_PASSWORD = "Moderateur-demo-2026!"

STRUCTURE_NAME = "Mission locale des Monts du Lyonnais"
REFERENT = {"first": "Claire", "last": "Dubreuil", "email": "claire.dubreuil@ml-lyonnais.fr"}
COUNSELLOR = {"first": "Yanis", "last": "Ferrand", "email": "yanis.ferrand@ml-lyonnais.fr"}
YOUNG = {"first": "Maëlle", "last": "Girard", "email": "maelle.girard@example.org"}
PRO = {"first": "Sophie", "last": "Vasseur", "email": "sophie.vasseur@atelier-vasseur.fr"}
PASSWORD = "Un-mot-de-passe-solide-2026"


def exactly(label: str) -> re.Pattern:
    """A field's label, whether or not it says "(obligatoire)"."""
    return re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$")


def members_url(name: str, **kwargs) -> str:
    return localized_reverse("fr", name, **kwargs)


@pytest.fixture(scope="module")
def journey():
    """What each journey leaves to the next; ``failed`` stops the ones that follow."""
    return {"done": set()}


@pytest.fixture
def after(journey):
    def require(*names):
        missing = [name for name in names if name not in journey["done"]]
        if missing:
            pytest.skip(f"needs the journey(s) {', '.join(missing)}, which did not pass")

    return require


OPENED_PAGES: list = []


@pytest.fixture(autouse=True)
def keep_last_html(request, open_context):
    """Leave the last HTML of every page of the test in $TMPDIR/members-e2e/ (debugging)."""
    import os
    import tempfile
    from pathlib import Path

    OPENED_PAGES.clear()
    yield
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "members-e2e"
    folder.mkdir(exist_ok=True)
    for number, page in enumerate(OPENED_PAGES):
        try:
            html = f"<!-- {page.url} -->\n" + page.content()
        except Exception:  # noqa: S112 - a closed page
            continue
        (folder / f"{request.node.name}-{number}.html").write_text(html)


def new_page(open_context):
    page = open_context().new_page()
    OPENED_PAGES.append(page)
    return page


def activate_totp(page) -> str:
    """On allauth's TOTP activation page: read the key shown, type the current code."""
    from tests.e2e.helpers import totp_code

    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    assert_accessible(page)
    secret = page.locator("code.totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.locator("input[name=code]").fill(totp_code(secret))
    follow(page.get_by_role("button", name="Activer"))
    return secret


def accept_invitation(page, invitation_path: str, *, birth_date: datetime.date | None = None):
    page.goto(invitation_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer votre compte")
    assert_accessible(page)
    if birth_date is not None:
        # The date the counsellor entered, shown read-only: only they may change it.
        field = page.get_by_label(exactly("Date de naissance"))
        expect(field).to_be_disabled()
        expect(field).to_have_value(birth_date.isoformat())
    page.get_by_label(exactly("Mot de passe")).fill(PASSWORD)
    page.get_by_label(exactly("Mot de passe, une deuxième fois")).fill(PASSWORD)
    page.get_by_label("J’ai lu et j’accepte les conditions d’utilisation").check()
    follow(page.get_by_role("button", name="Créer mon compte"))


def moderator_signs_in_through_the_admin(page):
    """/admin/login/ leads to allauth's login, which asks for the TOTP code.

    (Without ``?next=``, allauth sends a moderator to their dashboard, not the admin.)
    """
    page.goto("/admin/login/?next=/admin/")
    assert page.url.split("?")[0].endswith(members_url("account_login")), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    sign_in(
        page,
        MODERATOR_EMAIL,
        MODERATOR_PASSWORD,
        totp_secret=DEMO_TOTP_SECRETS[MODERATOR_EMAIL],
        path=page.url,
    )
    assert "/admin/" in page.url, f"the moderator reaches the admin ({page.url})"


def take_admin_action(page, listing_path: str, row_text: str, action: str):
    """On an admin listing, open the row's "more" menu, follow ``action``, confirm."""
    page.goto(listing_path)
    row = page.locator("tbody tr").filter(has_text=row_text)
    expect(row).to_have_count(1)
    row.locator("[data-controller~='w-dropdown'] button").first.click()
    follow(row.get_by_role("link", name=action))
    follow(page.get_by_role("button", name=re.compile(f"Confirmer : {action.lower()}")))


def test_a_structure_registers_and_the_moderator_approves_it(open_context, journey):
    visitor = new_page(open_context)
    visitor.goto(members_url("members:structure-register"))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Inscrire")
    assert_accessible(visitor)

    visitor.get_by_label(exactly("Type de structure")).select_option(index=1)
    visitor.get_by_label(exactly("Nom de la structure")).fill(STRUCTURE_NAME)
    visitor.get_by_label(exactly("Adresse")).fill("12 rue de la Gare")
    visitor.get_by_label(exactly("Code postal")).fill("69590")
    visitor.get_by_label(exactly("Ville")).fill("Saint-Symphorien-sur-Coise")
    visitor.get_by_label(exactly("Prénom du ou de la référent·e")).fill(REFERENT["first"])
    visitor.get_by_label(exactly("Nom du ou de la référent·e")).fill(REFERENT["last"])
    visitor.get_by_label(exactly("E-mail du ou de la référent·e")).fill(REFERENT["email"])
    visitor.get_by_label(re.compile("Le ou la référent·e accepte")).check()
    follow(visitor.get_by_role("button", name="Envoyer l’inscription"))

    assert visitor.url.endswith(members_url("members:structure-register-done")), visitor.url
    assert_accessible(visitor)
    structure = Structure.objects.get(name=STRUCTURE_NAME)
    assert not structure.is_approved
    assert emails_to(REFERENT["email"]), "the referent gets an acknowledgement"

    moderator = new_page(open_context)
    moderator_signs_in_through_the_admin(moderator)
    take_admin_action(
        moderator,
        reverse("wagtailsnippets_network_structure:list") + "?q=Monts+du+Lyonnais",
        STRUCTURE_NAME,
        "Approuver",
    )

    expect(moderator.locator(".messages")).to_contain_text("structure approuvée")
    structure.refresh_from_db()
    assert structure.is_approved
    invitation = Invitation.objects.get(email=REFERENT["email"])
    assert invitation.is_usable
    journey["referent_invitation"] = link_in_email(REFERENT["email"], "/invitation/")
    journey["done"].add("structure")


def test_the_referent_accepts_sets_up_totp_and_invites_a_counsellor(open_context, journey, after):
    after("structure")
    referent = new_page(open_context)
    accept_invitation(referent, journey["referent_invitation"])

    assert referent.url.startswith(
        referent.url.split("/fr/")[0] + members_url("mfa_activate_totp")
    ), f"a referent must set up a second factor first ({referent.url})"
    activate_totp(referent)
    user = User.objects.get(email=REFERENT["email"])
    assert user.role == Role.REFERENT
    assert user.structure.name == STRUCTURE_NAME

    referent.goto(members_url("members:team"))
    expect(referent.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    assert_accessible(referent)
    invite_form = referent.locator("form").filter(
        has=referent.get_by_role("button", name="Envoyer l’invitation")
    )
    invite_form.get_by_label(exactly("Prénom")).fill(COUNSELLOR["first"])
    invite_form.get_by_label(exactly("Nom")).fill(COUNSELLOR["last"])
    invite_form.get_by_label(exactly("Adresse e-mail professionnelle")).fill(COUNSELLOR["email"])
    follow(invite_form.get_by_role("button", name="Envoyer l’invitation"))

    expect(referent.get_by_role("table").filter(has_text=COUNSELLOR["email"])).to_have_count(1)
    assert_accessible(referent)
    journey["counsellor_invitation"] = link_in_email(COUNSELLOR["email"], "/invitation/")
    journey["done"].add("referent")


def test_the_counsellor_invites_a_young_person_who_completes_their_profile(
    open_context, journey, after
):
    after("referent")
    counsellor = new_page(open_context)
    accept_invitation(counsellor, journey["counsellor_invitation"])
    activate_totp(counsellor)
    assert User.objects.get(email=COUNSELLOR["email"]).role == Role.COUNSELLOR

    counsellor.goto(members_url("members:young-invite"))
    assert_accessible(counsellor)
    birth_date = years_before(datetime.date.today(), 19) - datetime.timedelta(days=40)
    counsellor.get_by_label(exactly("Prénom")).fill(YOUNG["first"])
    counsellor.get_by_label(exactly("Nom")).fill(YOUNG["last"])
    counsellor.get_by_label(exactly("Adresse e-mail du ou de la jeune")).fill(YOUNG["email"])
    counsellor.get_by_label(exactly("Date de naissance")).fill(birth_date.isoformat())
    follow(counsellor.get_by_role("button", name="Envoyer l’invitation"))
    assert_accessible(counsellor)
    invitation_path = link_in_email(YOUNG["email"], "/invitation/")

    young = new_page(open_context)
    accept_invitation(young, invitation_path, birth_date=birth_date)
    user = User.objects.get(email=YOUNG["email"])
    assert user.role == Role.YOUNG_PERSON
    assert user.young_profile.birth_date == birth_date

    young.goto(members_url("members:young-profile-edit"))
    assert_accessible(young)
    young.get_by_label(exactly("Mon projet")).fill("Menuisière")
    young.get_by_label(exactly("Secteur visé")).select_option(index=1)
    young.get_by_label(exactly("Mes compétences")).fill("Soigneuse, patiente, stage en atelier")
    young.locator("fieldset, .field").filter(has_text="Les coups de pouce que je cherche").locator(
        "input[type=checkbox]"
    ).first.check()
    young.get_by_label(exactly("Mes disponibilités")).fill("Le lundi")
    young.get_by_label(exactly("Mon département")).select_option("69")
    follow(young.get_by_role("button", name="Enregistrer mon profil"))
    assert_accessible(young)

    young.goto(members_url("members:dashboard"))
    expect(young.get_by_role("heading", level=1)).to_have_text(f"Bonjour {YOUNG['first']}")
    expect(young.locator("main")).to_contain_text("Votre profil est complet")
    assert_accessible(young)
    assert User.objects.get(email=YOUNG["email"]).young_profile.is_complete
    journey["done"].add("young")


def test_a_professional_signs_up_and_is_approved_by_the_moderator(open_context, journey):
    pro = new_page(open_context)
    pro.goto(members_url("account_signup"))
    assert_accessible(pro)
    pro.get_by_label(exactly("Adresse e-mail")).fill(PRO["email"])
    pro.get_by_label(exactly("Mot de passe")).fill(PASSWORD)
    pro.get_by_label(exactly("Mot de passe, à nouveau")).fill(PASSWORD)
    pro.get_by_label(exactly("Prénom")).fill(PRO["first"])
    pro.get_by_label(exactly("Nom")).fill(PRO["last"])
    pro.get_by_label(exactly("Métier")).fill("Ébéniste")
    pro.get_by_label("Ou le nom de votre entreprise").fill("Atelier Vasseur")
    for legend in (
        "Secteurs dans lesquels vous travaillez",
        "Les coups de pouce que vous proposez",
    ):
        pro.locator("fieldset").filter(has_text=legend).locator(
            "input[type=checkbox]"
        ).first.check()
    pro.get_by_label("Je peux aussi aider à distance").check()
    pro.get_by_label(re.compile("J’ai lu la charte du bénévole")).check()
    follow(pro.get_by_role("button", name=re.compile("inscri|Créer", re.I)))
    assert_accessible(pro)

    confirm_path = link_in_email(PRO["email"], "/confirm-email/")
    pro.goto(confirm_path)
    assert_accessible(pro)
    follow(pro.get_by_role("button", name=re.compile("Confirmer")))
    profile = ProfessionalProfile.objects.get(user__email=PRO["email"])
    assert profile.status == ReviewStatus.PENDING

    sign_in(pro, PRO["email"], PASSWORD)
    pro.goto(members_url("members:dashboard"))
    status = pro.get_by_role("region", name="Mon inscription")
    expect(status.locator(".badge")).to_have_text("En attente")
    assert_accessible(pro)

    moderator = new_page(open_context)
    moderator_signs_in_through_the_admin(moderator)
    listing = reverse("professionals:index") + "?q=Vasseur"
    take_admin_action(moderator, listing, PRO["email"], "Approuver")
    expect(moderator.locator(".messages")).to_contain_text("profil approuvé")

    moderator.goto(listing)
    row = moderator.locator("tbody tr").filter(has_text=PRO["email"])
    expect(row).to_contain_text(str(ReviewStatus.APPROVED.label))
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.APPROVED

    pro.goto(members_url("members:dashboard"))
    expect(status.locator(".badge")).to_have_text("Approuvé·e")
    assert_accessible(pro)
    journey["done"].add("professional")
