"""Issue 14, "First contact": whom the counsellor's word is for, the conversation before
the completion form, and the alternatives after a decline or an expiry."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, ProfessionalProfile
from members.requests import services
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from tests.members.factories import (
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    sector,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
NOTE = "Bravo Inès, pense à apporter ton CV imprimé."


def awaiting(people, young="minor"):
    return HelpRequestFactory(
        young_person=people[young],
        professional=people["pro"],
        state=S.AWAITING_COUNSELLOR,
        sent_at=None,
        hopes="Pouvez-vous relire mon CV d’électricienne ?",
    )


def page(client, user, help_request):
    client.force_login(user)
    response = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_word_for_the_young_person_is_not_shown_to_the_professional(
    client, request_people, django_capture_on_commit_callbacks
):
    people = request_people
    help_request = awaiting(people)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "validate", people["colleague"], comment=NOTE)
    help_request.refresh_from_db()
    assert help_request.counsellor_comment == NOTE
    # The professional's email and page (summary and history) do not carry it.
    assert [message.to[0] for message in mail.outbox] == ["pro@example.org"]
    assert "CV imprimé" not in mail.outbox[0].body + mail.outbox[0].subject
    assert "CV imprimé" not in page(client, people["pro"], help_request)
    # The young person, their counsellors and the moderators read it.
    assert "CV imprimé" in page(client, people["minor"], help_request)
    assert "CV imprimé" in page(client, people["counsellor"], help_request)
    assert "CV imprimé" in page(client, people["moderator"], help_request)


def test_a_returned_offer_keeps_the_comment_for_its_professional(client, request_people):
    people = request_people
    offer = awaiting(people)
    HelpRequest.objects.filter(pk=offer.pk).update(offered_by_professional=True)
    services.transition(offer.pk, "return", people["colleague"], comment="Précisez les dates.")
    offer.refresh_from_db()
    assert "Précisez les dates." in page(client, people["pro"], offer)


def accepted(people):
    return HelpRequestFactory(
        young_person=people["young"],
        professional=people["pro"],
        state=S.ACCEPTED,
        sent_at=None,
        hopes="Pouvez-vous relire mon CV d’électricienne ?",
    )


@pytest.mark.parametrize("side", ["young", "pro"])
def test_an_accepted_request_shows_the_conversation_before_completing_it(
    client, request_people, side
):
    help_request = accepted(request_people)
    html = page(client, request_people[side], help_request)
    conversation = html.index('id="conversation"')
    disclosure = html.index('<details class="request-complete">')
    # The conversation first; completing it a secondary action, its form closed below.
    assert conversation < disclosure < html.index('name="complete-outcome"')
    assert "Terminer ce coup de pouce" in html


def test_a_completion_form_with_an_error_opens_again(client, request_people):
    help_request = accepted(request_people)
    client.force_login(request_people["young"])
    response = client.post(
        TRANSITIONS[N.COMPLETE].url(help_request.pk),
        {"seen_state": S.ACCEPTED, "complete-outcome": ""},
    )
    assert response.status_code == 200
    assert '<details class="request-complete" open>' in response.content.decode()


def test_a_sent_request_keeps_its_answer_above_the_conversation(client, request_people):
    help_request = accepted(request_people)
    HelpRequest.objects.filter(pk=help_request.pk).update(state=S.SENT)
    html = page(client, request_people["pro"], help_request)
    assert html.index('name="decline-reason"') < html.index('id="conversation"')


def professional(sector_code, departements, remote, name):
    return ProfessionalFactory(
        first_name=name,
        profile__sectors=[sector(sector_code)],
        profile__departements=departements,
        profile__remote=remote,
        profile__help_kinds=[HelpKind.TRADE_ADVICE],
    )


@pytest.fixture
def declined(request_people):
    """A young person in the 93 who wants to become a nursing assistant (health, J),
    declined by a first professional."""
    young = YoungPersonFactory(
        structure=request_people["young"].structure,
        profile__sector=sector("J"),
        profile__departement="93",
        profile__project="Aide-soignante",
        profile__help_wanted=[HelpKind.TRADE_ADVICE],
    )
    first = professional("J", ["93"], False, "Première")
    return HelpRequestFactory(
        young_person=young,
        professional=first,
        state=S.DECLINED,
        decline_reason="no_time",
        sent_at=None,
        hopes="Je voudrais découvrir le métier d’aide-soignante.",
    )


def test_three_alternatives_that_fit_each_with_its_reason(client, declined):
    professional("J", ["93"], False, "Infirmière")
    professional("J", ["93"], False, "Aidesoignante")
    professional("J", ["69"], True, "Distante")
    professional("J", ["93"], True, "Quatrième")
    professional("F", ["69"], False, "Chantier")  # another sector, far away, not remote
    professional("J", ["13"], False, "Marseille")  # same sector, far away, not remote
    html = page(client, declined.young_person, declined)
    section = html[html.index('id="others-title"') : html.index('id="conversation"')]
    assert section.count("Demander à ") == 3
    assert "Première" not in section  # the one who declined
    assert "Chantier" not in section and "Marseille" not in section
    assert "Même secteur que votre projet" in section
    assert "dans votre département" in section
    assert "Demander de l’aide à mon conseiller·ère" not in section


def test_fewer_alternatives_offer_to_ask_the_counsellor(
    client, declined, request_people, django_capture_on_commit_callbacks
):
    # The other professional around (construction, in the 93) has paused their requests.
    ProfessionalProfile.objects.filter(user=request_people["pro"]).update(is_paused=True)
    professional("J", ["75"], True, "Distante")
    professional("F", ["69"], False, "Chantier")
    html = page(client, declined.young_person, declined)
    section = html[html.index('id="others-title"') : html.index('id="conversation"')]
    assert section.count("Demander à ") == 1
    assert "À distance" in section or "à distance" in section
    assert "Chantier" not in section
    assert "Demander de l’aide à mon conseiller·ère" in section
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:request-ask-counsellor", kwargs={"pk": declined.pk})
        )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "c1@example.org",
        "c2@example.org",
    ]


def test_only_the_young_person_asks_their_counsellor(client, declined, request_people):
    client.force_login(declined.professional)
    response = client.post(reverse("members:request-ask-counsellor", kwargs={"pk": declined.pk}))
    assert response.status_code in (403, 404)


def test_asking_the_counsellor_twice_tells_them_once(
    client, declined, request_people, django_capture_on_commit_callbacks
):
    client.force_login(declined.young_person)
    url = reverse("members:request-ask-counsellor", kwargs={"pk": declined.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        second = client.post(url, follow=True)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "c1@example.org",
        "c2@example.org",
    ]
    declined.refresh_from_db()
    assert declined.counsellor_asked_at is not None
    html = second.content.decode()
    assert "avait déjà été prévenu·e" in html
    # The page says when, instead of the button.
    assert "a déjà été prévenu·e le" in html
    assert "Demander de l’aide à mon conseiller·ère</button>" not in html
