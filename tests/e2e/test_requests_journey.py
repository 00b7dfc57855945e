"""A coup de pouce from the first search to its outcome, in a real browser (in French).

A young person of a structure whose counsellors validate every request finds a
professional in the directory by typing words, and asks with the guided form; the
counsellor (password and TOTP code) validates it; the professional accepts; they exchange
messages; the young person completes it with an outcome; the counsellor then sees the
whole timeline and the messages. Every page of the journey is checked with axe-core.

The people are created for this module (its own structure), apart from the demo
accounts: the demo's requests and limits do not change what the journey sees. The steps
follow each other; a step whose predecessor failed is skipped.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from members.enums import HelpKind, HelpRequestState, Outcome, Role
from members.models import HelpRequest, Message
from tests.e2e.helpers import assert_accessible, emails_to, follow, localized_reverse, sign_in
from tests.members.factories import (
    PASSWORD,
    CounsellorFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    sector,
    with_totp,
)
from tests.network.factories import CompanyFactory, StructureFactory

YOUNG = {"first": "Noémie", "last": "Carpentier", "email": "noemie.carpentier@example.org"}
COUNSELLOR = {"first": "Rachid", "last": "Amrani", "email": "rachid.amrani@e2c-val-doise.fr"}
PRO = {"first": "Hélène", "last": "Marchal", "email": "helene.marchal@fournil-des-lilas.fr"}
PRO_JOB = "Cheffe boulangère"

HOPES = (
    "Je voudrais devenir boulangère. J’ai fait un stage de deux semaines dans une "
    "boulangerie de quartier. J’aimerais savoir comment se passe une journée dans votre "
    "métier, et s’il vaut mieux passer un CAP en apprentissage."
)
PRO_MESSAGE = (
    "Bonjour Noémie ! Avec plaisir. Le plus simple : venez me voir un samedi matin, à "
    "6 h, vous verrez le fournil en plein travail. Le CAP en apprentissage, c’est le bon choix."
)
YOUNG_MESSAGE = "Merci beaucoup ! Samedi prochain à 6 h, c’est d’accord, j’y serai."
YOUNG_FEEDBACK = "Hélène m’a tout expliqué et m’a présentée à son maître d’apprentissage."


def exactly(label: str) -> re.Pattern:
    """A field's label, whether or not it says "(obligatoire)"."""
    return re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$")


def members_url(name: str, **kwargs) -> str:
    return localized_reverse("fr", name, **kwargs)


@pytest.fixture(scope="module")
def people(demo_site):
    """A structure that validates every request, its counsellor and young person, and a
    professional the directory finds by her trade."""
    structure = StructureFactory(name="E2C Val-d’Oise", postcode="95100", city="Argenteuil")
    assert structure.requires_validation
    counsellor = CounsellorFactory(
        structure=structure,
        email=COUNSELLOR["email"],
        first_name=COUNSELLOR["first"],
        last_name=COUNSELLOR["last"],
        totp=False,
    )
    young = YoungPersonFactory(
        structure=structure,
        email=YOUNG["email"],
        first_name=YOUNG["first"],
        last_name=YOUNG["last"],
        profile__counsellor=counsellor,
        profile__project="Boulangère",
        profile__sector=sector("D"),
        profile__departement="95",
    )
    pro = ProfessionalFactory(
        email=PRO["email"],
        first_name=PRO["first"],
        last_name=PRO["last"],
        profile__job_title=PRO_JOB,
        profile__company=CompanyFactory(name="Le Fournil des Lilas", slug="fournil-des-lilas"),
        profile__help_kinds=[HelpKind.TRADE_ADVICE, HelpKind.OBSERVATION],
        profile__departements=["95", "93"],
        profile__monthly_capacity=3,
        profile__bio="Trente ans de fournil : je vous montre le métier, farine comprise.",
        profile__sectors=[sector("D")],
    )
    return {
        "young": young,
        "counsellor": counsellor,
        "counsellor_secret": with_totp(counsellor),
        "pro": pro,
    }


@pytest.fixture(scope="module")
def journey():
    """What each step leaves to the next; a step runs only if the ones before passed."""
    return {"done": set()}


@pytest.fixture
def after(journey):
    def require(*names):
        missing = [name for name in names if name not in journey["done"]]
        if missing:
            pytest.skip(f"needs the step(s) {', '.join(missing)}, which did not pass")

    return require


@pytest.fixture(scope="module")
def sessions(chromium_browser, demo_site, people):
    """``sessions(who)``: the cookies of "young", "counsellor" or "pro", signed in once
    (password, and the TOTP code for the counsellor)."""
    from tests.e2e.conftest import TIMEOUT_MS

    accounts = {
        "young": (YOUNG["email"], None),
        "counsellor": (COUNSELLOR["email"], people["counsellor_secret"]),
        "pro": (PRO["email"], None),
    }
    states = {}

    def session(who: str) -> dict:
        if who not in states:
            email, secret = accounts[who]
            context = chromium_browser.new_context(base_url=demo_site.url, locale="fr-FR")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            sign_in(page, email, PASSWORD, totp_secret=secret)
            assert "/compte/" not in page.url, f"{email} is signed in ({page.url})"
            states[who] = context.storage_state()
            context.close()
        return states[who]

    return session


@pytest.fixture
def browser_of(open_context, sessions):
    """``browser_of(who)``: a page signed in as that person (traffic checked by
    ``open_context``: no third-party request, no server error, no JavaScript error)."""

    def open_as(who: str):
        return open_context(storage_state=sessions(who)).new_page()

    return open_as


def request_of(people) -> HelpRequest:
    return HelpRequest.objects.get(young_person=people["young"], professional=people["pro"])


def request_path(people) -> str:
    return members_url("members:request-detail", kwargs={"pk": request_of(people).pk})


def expect_status(page, text: str) -> None:
    expect(page.locator(".messages[role=status]")).to_contain_text(text)


def test_the_young_person_finds_a_professional_and_asks(people, browser_of, journey):
    young = browser_of("young")

    young.goto(members_url("members:directory"))
    expect(young.get_by_role("heading", level=1)).to_have_text("Annuaire des professionnel·les")
    assert_accessible(young)
    search = young.locator("main form.directory-filters")
    search.get_by_label(exactly("Mots-clés")).fill("boulangère")
    follow(search.get_by_role("button", name="Rechercher", exact=True))
    results = young.locator(".directory-list")
    expect(results).to_contain_text(PRO_JOB)
    assert_accessible(young)

    follow(results.get_by_role("link", name=f"{PRO['first']} {PRO['last']}"))
    expect(young.get_by_role("heading", level=1)).to_have_text(f"{PRO['first']} {PRO['last']}")
    assert_accessible(young)

    follow(young.get_by_role("link", name="Demander un coup de pouce"))
    expect(young.get_by_role("heading", level=1)).to_contain_text("Demander un coup de pouce")
    assert_accessible(young)
    young.get_by_label(str(HelpKind.TRADE_ADVICE.label)).check()
    young.get_by_label(exactly("Qu’espérez-vous de ce coup de pouce ?")).fill(HOPES)
    young.get_by_label(exactly("Quand êtes-vous disponible ?")).fill("Le samedi matin")
    follow(young.get_by_role("button", name="Envoyer la demande"))

    expect_status(young, "Votre demande est envoyée à votre conseiller·ère")
    expect(young.locator("main")).to_contain_text("À valider par le conseiller")
    assert_accessible(young)
    help_request = request_of(people)
    assert help_request.state == HelpRequestState.AWAITING_COUNSELLOR
    assert help_request.hopes == HOPES
    assert emails_to(COUNSELLOR["email"]), "the counsellor is told a request waits for them"
    journey["done"].add("asked")


def test_the_counsellor_validates_the_request(people, browser_of, journey, after):
    after("asked")
    counsellor = browser_of("counsellor")

    counsellor.goto(members_url("members:requests"))
    expect(counsellor.get_by_role("heading", level=1)).to_have_text("Les demandes de mes jeunes")
    assert_accessible(counsellor)
    awaiting = counsellor.get_by_role("region", name="Demandes à valider")
    row = awaiting.get_by_role("row").filter(has_text=f"{YOUNG['first']} {YOUNG['last']}")
    follow(row.get_by_role("link", name=str(HelpKind.TRADE_ADVICE.label)))
    expect(counsellor.locator("main")).to_contain_text(HOPES)
    assert_accessible(counsellor)

    counsellor.get_by_label(exactly("Un mot pour le ou la jeune (facultatif)")).fill(
        "Très bonne demande, Noémie. Bonne visite !"
    )
    follow(counsellor.get_by_role("button", name="Valider", exact=True))

    expect_status(counsellor, "La demande est validée")
    assert_accessible(counsellor)
    assert request_of(people).state == HelpRequestState.SENT
    assert emails_to(PRO["email"]), "the professional is told a request waits for them"
    journey["done"].add("validated")


def test_the_professional_accepts_and_writes(people, browser_of, journey, after):
    after("validated")
    pro = browser_of("pro")

    pro.goto(members_url("members:requests"))
    expect(pro.get_by_role("heading", level=1)).to_have_text("Les demandes reçues")
    assert_accessible(pro)
    to_answer = pro.get_by_role("region", name="Demandes à répondre")
    # A professional sees the young person as a first name and an initial.
    row = to_answer.get_by_role("row").filter(has_text=f"{YOUNG['first']} {YOUNG['last'][0]}.")
    follow(row.get_by_role("link", name=str(HelpKind.TRADE_ADVICE.label)))
    expect(pro.locator("main")).to_contain_text(HOPES)
    expect(pro.locator("main")).not_to_contain_text(YOUNG["last"])
    assert_accessible(pro)

    follow(pro.get_by_role("button", name="Accepter", exact=True))
    expect_status(pro, "Vous avez accepté ce coup de pouce")
    assert request_of(people).state == HelpRequestState.ACCEPTED
    assert_accessible(pro)

    pro.get_by_label(exactly("Votre message")).fill(PRO_MESSAGE)
    follow(pro.get_by_role("button", name="Envoyer le message"))
    expect(pro.locator("#conversation")).to_contain_text(PRO_MESSAGE)
    assert_accessible(pro)
    journey["done"].add("accepted")


def test_the_young_person_answers_and_completes_with_an_outcome(people, browser_of, journey, after):
    after("accepted")
    young = browser_of("young")

    young.goto(members_url("members:requests"))
    expect(young.get_by_role("heading", level=1)).to_have_text("Mes demandes")
    assert_accessible(young)
    young.goto(request_path(people))
    conversation = young.locator("#conversation")
    expect(conversation).to_contain_text(PRO_MESSAGE)
    assert_accessible(young)

    young.get_by_label(exactly("Votre message")).fill(YOUNG_MESSAGE)
    follow(young.get_by_role("button", name="Envoyer le message"))
    expect(conversation).to_contain_text(YOUNG_MESSAGE)
    assert_accessible(young)

    # Completing is a secondary step below the conversation: its form opens on demand.
    young.get_by_text("Terminer ce coup de pouce", exact=True).click()
    young.get_by_label(exactly("Qu’a apporté ce coup de pouce ?")).select_option(
        label=str(Outcome.INTERNSHIP.label)
    )
    young.get_by_label(exactly("Votre retour")).fill(YOUNG_FEEDBACK)
    follow(young.get_by_role("button", name="Terminer", exact=True))

    expect_status(young, "Le coup de pouce est terminé")
    assert_accessible(young)
    help_request = request_of(people)
    assert help_request.state == HelpRequestState.COMPLETED
    assert help_request.outcome == Outcome.INTERNSHIP
    assert help_request.young_feedback == YOUNG_FEEDBACK
    assert list(help_request.messages.values_list("body", flat=True)) == [
        PRO_MESSAGE,
        YOUNG_MESSAGE,
    ]
    journey["done"].add("completed")


def test_the_counsellor_sees_the_whole_story(people, browser_of, journey, after):
    after("completed")
    counsellor = browser_of("counsellor")

    counsellor.goto(members_url("members:dashboard"))
    assert_accessible(counsellor)
    counsellor.goto(request_path(people))

    main = counsellor.locator("main")
    expect(main).to_contain_text(str(Outcome.INTERNSHIP.label))
    expect(main).to_contain_text(YOUNG_FEEDBACK)
    conversation = counsellor.locator("#conversation")
    expect(conversation).to_contain_text(PRO_MESSAGE)
    expect(conversation).to_contain_text(YOUNG_MESSAGE)
    timeline = counsellor.locator(".request-timeline > li")
    expect(timeline).to_have_count(5)  # written, then four transitions
    for number, state in enumerate(
        (
            HelpRequestState.AWAITING_COUNSELLOR,
            HelpRequestState.SENT,
            HelpRequestState.ACCEPTED,
            HelpRequestState.COMPLETED,
        ),
        start=1,
    ):
        expect(timeline.nth(number)).to_contain_text(str(state.label))
    expect(timeline.nth(2)).to_contain_text(f"{COUNSELLOR['first']} {COUNSELLOR['last']}")
    expect(timeline.nth(3)).to_contain_text(f"{PRO['first']} {PRO['last']}")
    assert_accessible(counsellor)

    help_request = request_of(people)
    steps = list(help_request.transitions.values_list("name", "actor__role"))
    assert steps == [
        ("submit", Role.YOUNG_PERSON),
        ("validate", Role.COUNSELLOR),
        ("accept", Role.PROFESSIONAL),
        ("complete", Role.YOUNG_PERSON),
    ]
    assert Message.objects.filter(request=help_request).count() == 2
