"""Writing on a request's conversation: who may, in which state, what is refused and how,
and who is told (issue 4, "Messages")."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from members.conversations import services, unread
from members.enums import HelpRequestState
from members.models import HelpRequest, Message, Notification, ReadMarker
from members.privacy.services import export_member_data
from tests.members.factories import (
    HelpRequestFactory,
    MessageFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState


@pytest.fixture
def people(young_person, professional, counsellor, other_structure_counsellor, moderator, referent):
    professional.language = "en"
    professional.save()
    return {
        "young_person": young_person,
        "professional": professional,
        "counsellor": counsellor,
        "other_structure_counsellor": other_structure_counsellor,
        "moderator": moderator,
        "referent": referent,
    }


def request_between(people, state, offer=False) -> HelpRequest:
    return HelpRequestFactory(
        young_person=people["young_person"],
        professional=people["professional"],
        state=state,
        offered_by_professional=offer,
    )


def post(client, person, help_request, body="Bonjour, quand êtes-vous disponible ?"):
    client.force_login(person)
    return client.post(
        reverse("members:request-message", kwargs={"pk": help_request.pk}), {"body": body}
    )


# Who may write, state by state ------------------------------------------------------

# The people who may write a first message on a request in each state (not an offer).
WRITERS = {
    S.DRAFT: set(),
    S.AWAITING_COUNSELLOR: set(),
    # The professional's one question before accepting.
    S.SENT: {"professional"},
    S.ACCEPTED: {"young_person", "professional", "counsellor"},
    S.COMPLETED: set(),
    S.DECLINED: set(),
    S.EXPIRED: set(),
    S.WITHDRAWN: set(),
    S.CLOSED: set(),
}
# What a refused person gets: a clear message on the request's page (302), a 403 for who
# never writes, a 404 for who does not see the request.
REFUSED = {
    "young_person": 302,
    "professional": 302,
    "counsellor": 302,
    "moderator": 403,
    "referent": 403,
    "other_structure_counsellor": 404,
}


@pytest.mark.parametrize("role", sorted(REFUSED))
@pytest.mark.parametrize("state", list(WRITERS))
def test_who_may_write_in_each_state(client, people, state, role):
    help_request = request_between(people, state)
    if state in (S.DRAFT, S.AWAITING_COUNSELLOR) and role == "professional":
        # The request is not addressed to them yet: they do not see it.
        expected_refusal = 404
    else:
        expected_refusal = REFUSED[role]
    allowed = role in WRITERS[state]
    assert (services.post_refusal(people[role], help_request) == "") is allowed
    response = post(client, people[role], help_request)
    if allowed:
        assert response.status_code == 302
        assert Message.objects.filter(request=help_request, author=people[role]).count() == 1
    else:
        assert response.status_code == expected_refusal
        assert not Message.objects.filter(request=help_request).exists()


@pytest.mark.parametrize("offer", [False, True], ids=["request", "offer"])
def test_before_acceptance_one_question_and_one_answer(client, people, offer):
    """The person the request was sent to asks one question; its author answers once."""
    help_request = request_between(people, S.SENT, offer=offer)
    asker, answerer = (
        (people["young_person"], people["professional"])
        if offer
        else (people["professional"], people["young_person"])
    )
    assert services.post_refusal(answerer, help_request) != ""
    assert post(client, asker, help_request).status_code == 302
    assert services.post_refusal(asker, help_request) != ""
    assert services.post_refusal(answerer, help_request) == ""
    post(client, answerer, help_request, "Plutôt le matin.")
    assert services.post_refusal(answerer, help_request) != ""
    # A second question is refused with a clear message, and nothing is written.
    response = post(client, asker, help_request, "Et le week-end ?")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "déjà posé votre question" in page.content.decode()
    assert help_request.messages.count() == 2


def test_the_conversation_is_read_only_once_the_request_is_completed(client, people):
    help_request = request_between(people, S.ACCEPTED)
    MessageFactory(request=help_request)
    HelpRequest.objects.filter(pk=help_request.pk).update(state=S.COMPLETED)
    response = post(client, people["young_person"], help_request)
    page = client.get(response.headers["Location"])
    content = page.content.decode()
    assert "lecture seule" in content
    assert "Envoyer le message" not in content
    assert help_request.messages.count() == 1


def test_moderators_read_but_have_no_form(client, people):
    help_request = request_between(people, S.ACCEPTED)
    client.force_login(people["moderator"])
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert page.status_code == 200
    assert "Envoyer le message" not in page.content.decode()


def test_the_form_has_the_labels_the_browser_journey_uses(client, people):
    help_request = request_between(people, S.ACCEPTED)
    client.force_login(people["young_person"])
    content = client.get(
        reverse("members:request-detail", kwargs={"pk": help_request.pk})
    ).content.decode()
    assert '<label for="id_body">Votre message' in content
    assert '<textarea name="body"' in content
    assert ">Envoyer le message</button>" in content


# Strangers ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["young_person", "professional", "other_structure_counsellor"])
def test_a_request_not_theirs_is_a_404_for_reading_writing_and_reporting(client, people, role):
    """A young person, a professional and a counsellor of another structure."""
    other = HelpRequestFactory()  # another young person, professional and structure
    message = MessageFactory(request=other)
    client.force_login(people[role])
    assert client.get(reverse("members:request-detail", kwargs={"pk": other.pk})).status_code == 404
    response = client.post(
        reverse("members:request-message", kwargs={"pk": other.pk}), {"body": "Coucou"}
    )
    assert response.status_code == 404
    report = reverse("members:message-report", kwargs={"pk": message.pk})
    assert client.get(report).status_code == 404
    assert client.post(report, {"reason": "spam"}).status_code == 404
    assert other.messages.count() == 1
    assert not message.reports.exists()


# The body ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   \n  ", "Écrivez votre message avant de l’envoyer."),
        ("x" * 4001, "trop long"),
    ],
    ids=["empty", "too-long"],
)
def test_a_refused_body_keeps_what_was_typed_with_a_clear_message(client, people, body, error):
    help_request = request_between(people, S.ACCEPTED)
    response = post(client, people["young_person"], help_request, body)
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    if body.strip():
        assert body in content
    assert not help_request.messages.exists()


def test_the_body_is_stored_stripped_and_the_author_lands_on_it(client, people):
    help_request = request_between(people, S.ACCEPTED)
    response = post(client, people["young_person"], help_request, "  Merci beaucoup !\n\n ")
    message = help_request.messages.get()
    assert message.body == "Merci beaucoup !"
    assert response.headers["Location"].endswith(f"#message-{message.pk}")


def test_a_body_of_exactly_4000_characters_is_accepted(people):
    help_request = request_between(people, S.ACCEPTED)
    services.post(people["young_person"], help_request, "é" * 4000)
    assert help_request.messages.count() == 1


def test_the_service_refuses_what_the_form_would(people):
    help_request = request_between(people, S.ACCEPTED)
    with pytest.raises(services.MessageError, match="Écrivez votre message"):
        services.post(people["young_person"], help_request, "  ")
    # The state is read again under the lock: a request closed meanwhile refuses it.
    HelpRequest.objects.filter(pk=help_request.pk).update(state=S.CLOSED)
    with pytest.raises(services.MessageError, match="lecture seule"):
        services.post(people["professional"], help_request, "Bonjour")
    assert not help_request.messages.exists()


def test_thirty_messages_an_hour_then_a_clear_message(client, people):
    help_request = request_between(people, S.ACCEPTED)
    MessageFactory.create_batch(services.FLOOD_LIMIT, request=help_request)
    response = post(client, people["young_person"], help_request, "Encore un message")
    assert response.status_code == 200
    content = response.content.decode()
    assert "30 messages en moins d’une heure" in content
    assert "Encore un message" in content
    # An hour later they may write again.
    Message.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert post(client, people["young_person"], help_request).status_code == 302


# What a message changes --------------------------------------------------------------


def test_posting_moves_last_message_at_and_the_authors_read_marker(people):
    help_request = request_between(people, S.ACCEPTED)
    message = services.post(people["young_person"], help_request, "Bonjour")
    help_request.refresh_from_db()
    assert help_request.last_message_at == message.created_at
    marker = ReadMarker.objects.get(user=people["young_person"], request=help_request)
    assert marker.read_at == message.created_at
    assert unread.unread_count(people["young_person"], help_request) == 0
    assert unread.unread_count(people["professional"], help_request) == 1


def test_the_other_side_is_told_once_in_their_language_without_the_body(
    people, django_capture_on_commit_callbacks
):
    help_request = request_between(people, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.post(people["young_person"], help_request, "Mon CV est prêt, je vous l’envoie ?")
    assert [message.to for message in mail.outbox] == [["pro@example.org"]]
    email = mail.outbox[0]
    with translation.override("en"):
        url = "http://testserver" + reverse(
            "members:request-detail", kwargs={"pk": help_request.pk}
        )
    assert url in email.body
    assert "Mon CV" not in email.body + email.subject
    # The professional reads the young person's first name and initial only.
    assert people["young_person"].public_name in email.subject
    assert people["young_person"].last_name not in email.subject + email.body
    notification = Notification.objects.get()
    assert notification.recipient == people["professional"]
    assert notification.event == "request_message"
    assert notification.help_request == help_request
    assert notification.url.startswith("/en/")


def test_more_messages_before_they_read_tell_them_nothing_more(
    client, people, django_capture_on_commit_callbacks
):
    help_request = request_between(people, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.post(people["young_person"], help_request, "Bonjour")
        services.post(people["young_person"], help_request, "Vous êtes là ?")
    assert len(mail.outbox) == 1
    # Once they read the conversation, the next message tells them again.
    client.force_login(people["professional"])
    client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        services.post(people["young_person"], help_request, "Merci !")
    assert len(mail.outbox) == 2


def test_a_counsellors_message_tells_both_sides_and_no_counsellor(
    people, django_capture_on_commit_callbacks
):
    help_request = request_between(people, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.post(people["counsellor"], help_request, "Pensez à fixer une date.")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "jeune@example.org",
        "pro@example.org",
    ]
    assert "conseiller" in mail.outbox[0].subject


def test_the_professionals_message_tells_the_young_person_only(
    people, django_capture_on_commit_callbacks
):
    help_request = request_between(people, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.post(people["professional"], help_request, "Bonjour !")
    assert [message.to for message in mail.outbox] == [["jeune@example.org"]]
    assert not Notification.objects.filter(recipient=people["counsellor"]).exists()


def test_nobody_writes_to_a_deleted_side(people, django_capture_on_commit_callbacks):
    # Erasure closes the request; even left open, a conversation with a deleted member is over.
    help_request = request_between(people, S.ACCEPTED)
    HelpRequest.objects.filter(pk=help_request.pk).update(professional=None)
    help_request.refresh_from_db()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.MessageError, match="supprimé son compte"),
    ):
        services.post(people["young_person"], help_request, "Bonjour")
    assert mail.outbox == []
    assert not help_request.messages.exists()


def test_the_data_export_holds_the_messages_the_person_wrote(people):
    help_request = request_between(people, S.ACCEPTED)
    services.post(people["young_person"], help_request, "Mon message à moi")
    services.post(people["professional"], help_request, "Celui du pro")
    written = export_member_data(people["young_person"])["messages_written"]
    assert [row["body"] for row in written] == ["Mon message à moi"]
    assert written[0]["request"] == help_request.pk
    assert written[0]["hidden_by_moderation"] is False


def test_another_young_person_of_the_structure_cannot_write(client, people, structure):
    help_request = request_between(people, S.ACCEPTED)
    classmate = YoungPersonFactory(structure=structure)
    assert post(client, classmate, help_request).status_code == 404
