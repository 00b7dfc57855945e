"""Issue 14, "First contact": whom the counsellor's word is for, the conversation before
the completion form, and the alternatives after a decline or an expiry."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from members.services import requests as services

pytestmark = pytest.mark.django_db

S = HelpRequestState
NOTE = "Bravo Inès, pense à apporter ton CV imprimé."


def awaiting(people, young="minor"):
    return HelpRequest.objects.create(
        young_person=people[young],
        professional=people["pro"],
        structure=people[young].structure,
        state=S.AWAITING_COUNSELLOR,
        kind=HelpKind.TRADE_ADVICE,
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
