"""Review findings on requests: a young person's limits count their own requests only, a
minor's contact details stay masked in the texts of a request, an offer not yet passed on
stays hidden, and a professional may report a young person who wrote to them."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState, ReportReason
from members.models import HelpRequest, Report
from members.requests import services
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from tests.members.factories import (
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
CONTACT = "écrivez-moi à leo.petit@example.org ou au 06 12 34 56 78"
MASK = "[coordonnées masquées]"


@pytest.fixture
def counsellor(structure):
    structure.requires_validation = False
    structure.save()
    return CounsellorFactory(structure=structure, email="conseillere@example.org")


@pytest.fixture
def minor(structure, counsellor):
    return YoungPersonFactory(
        structure=structure,
        first_name="Léo",
        email="leo@example.org",
        profile__birth_date=birth_date_for_age(16),
        profile__counsellor=counsellor,
    )


@pytest.fixture
def pro(db):
    return ProfessionalFactory(
        first_name="Claire", email="claire@example.org", profile__monthly_capacity=20
    )


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# 1. Offers do not use up a young person's limits -------------------------------------


def test_offers_made_to_a_young_person_do_not_count_against_their_limits(minor):
    for _ in range(services.MAX_OPEN):
        HelpRequestFactory(young_person=minor, offered_by_professional=True, state=S.SENT)
    professional = ProfessionalFactory(profile__monthly_capacity=20)

    help_request = services.create(
        minor, professional.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes="Découvrir."
    )

    assert help_request.young_person == minor
    assert not help_request.offered_by_professional


# 2. A minor's contact details stay masked -------------------------------------------


def test_a_minors_decline_text_is_masked_for_the_professional(
    client, minor, pro, counsellor, django_capture_on_commit_callbacks
):
    help_request = HelpRequestFactory(
        young_person=minor, professional=pro, offered_by_professional=True, state=S.SENT
    )
    client.force_login(minor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            TRANSITIONS[N.DECLINE].url(help_request.pk),
            {"seen_state": S.SENT, "decline-reason": "other", "decline-text": CONTACT},
        )
    help_request.refresh_from_db()
    assert help_request.state == S.DECLINED
    assert help_request.decline_text == CONTACT

    sent = {message.to[0]: message for message in mail.outbox}
    body = sent["claire@example.org"].body
    assert MASK in body
    assert "leo.petit@example.org" not in body
    assert "06 12 34 56 78" not in body

    url = reverse("members:request-detail", kwargs={"pk": help_request.pk})
    client.force_login(pro)
    content = client.get(url).content.decode()
    assert "leo.petit@example.org" not in content
    assert MASK in content
    client.force_login(counsellor)
    assert "leo.petit@example.org" in client.get(url).content.decode()


def test_a_minors_request_texts_and_feedback_are_masked_on_the_page(client, minor, pro, counsellor):
    help_request = HelpRequestFactory(
        young_person=minor,
        professional=pro,
        state=S.COMPLETED,
        hopes=f"Un stage, {CONTACT}",
        availability="Appelez le 0612345678",
        young_feedback="Merci ! leo.petit@example.org",
        professional_feedback="Bravo, mon mail : claire.perso@example.org",
    )
    url = reverse("members:request-detail", kwargs={"pk": help_request.pk})
    for person in (pro, minor):
        client.force_login(person)
        content = client.get(url).content.decode()
        assert "leo.petit@example.org" not in content
        assert "0612345678" not in content
        assert "claire.perso@example.org" not in content
        assert MASK in content
    client.force_login(counsellor)
    content = client.get(url).content.decode()
    assert "leo.petit@example.org" in content
    assert "0612345678" in content
    assert "claire.perso@example.org" in content


def test_an_adults_texts_are_shown_as_typed(client, young_person, pro):
    help_request = HelpRequestFactory(
        young_person=young_person, professional=pro, hopes=f"Un stage, {CONTACT}"
    )
    client.force_login(pro)
    content = client.get(
        reverse("members:request-detail", kwargs={"pk": help_request.pk})
    ).content.decode()
    assert "leo.petit@example.org" in content


# 3. An offer not yet passed on stays hidden -------------------------------------------


@pytest.mark.parametrize("state", [S.DRAFT, S.AWAITING_COUNSELLOR])
def test_asking_a_professional_whose_offer_is_not_passed_on_reveals_nothing(
    client, minor, pro, state
):
    HelpRequestFactory(
        young_person=minor, professional=pro, offered_by_professional=True, state=state
    )
    client.force_login(minor)

    response = client.get(
        reverse("members:request-create", kwargs={"professional_pk": pro.pro_profile.pk})
    )

    assert response.url == reverse("members:requests")
    assert flash(response) == [services.duplicate_message()]


# 4. Reporting a young person who wrote to the professional -----------------------------


def test_a_professional_reports_a_young_person_who_wrote_to_them(client, minor, pro):
    assert not minor.young_profile.is_visible
    help_request = HelpRequestFactory(young_person=minor, professional=pro, state=S.SENT)
    url = reverse("members:member-report", kwargs={"user_pk": minor.pk})
    client.force_login(pro)

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ReportReason.CONTACT, "text": "Insistant."})

    assert response.url == reverse("members:request-detail", kwargs={"pk": help_request.pk})
    assert Report.objects.filter(reporter=pro, reported_user=minor).exists()


def test_another_professional_still_gets_a_404(client, minor, pro):
    HelpRequestFactory(young_person=minor, professional=pro, state=S.SENT)
    client.force_login(ProfessionalFactory())

    response = client.get(reverse("members:member-report", kwargs={"user_pk": minor.pk}))

    assert response.status_code == 404
    assert HelpRequest.objects.count() == 1
