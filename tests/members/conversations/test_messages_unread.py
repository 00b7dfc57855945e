"""Unread counts, "conversations to read", reading a conversation, and audited moderator
reads; the request page's queries do not grow with the conversation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.conversations import services, unread
from members.enums import ModerationAction
from members.models import ModerationLog, ReadMarker
from tests.members.factories import (
    HelpRequestFactory,
    MessageFactory,
    ProfessionalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_request(young_person, professional):
    return HelpRequestFactory(young_person=young_person, professional=professional)


def open_page(client, person, help_request):
    client.force_login(person)
    response = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert response.status_code == 200
    return response


def test_unread_counts_messages_by_others_after_the_marker_without_hidden_ones(
    help_request, young_person, professional
):
    MessageFactory(request=help_request, author=young_person)
    MessageFactory(request=help_request, author=professional)
    MessageFactory(request=help_request, author=professional, hidden_at=timezone.now())
    assert unread.unread_count(young_person, help_request) == 1
    assert unread.unread_count(professional, help_request) == 1
    ReadMarker.objects.create(
        user=young_person, request=help_request, read_at=timezone.now() + datetime.timedelta(1)
    )
    assert unread.unread_count(young_person, help_request) == 0


def test_unread_by_request_answers_for_many_requests_in_one_query(
    young_person, professional, django_assert_num_queries
):
    requests = [
        HelpRequestFactory(young_person=young_person, professional=ProfessionalFactory())
        for _ in range(3)
    ]
    MessageFactory.create_batch(2, request=requests[0], author=requests[0].professional)
    MessageFactory(request=requests[2], author=requests[2].professional)
    MessageFactory(request=requests[1], author=young_person)  # their own
    with django_assert_num_queries(1):
        counts = unread.unread_by_request(young_person, [r.pk for r in requests])
    assert counts == {requests[0].pk: 2, requests[2].pk: 1}
    assert unread.unread_by_request(young_person, []) == {}


def test_conversations_to_read_lists_those_that_moved_since_the_last_reading(
    client, young_person, professional, counsellor
):
    quiet = HelpRequestFactory(young_person=young_person, professional=ProfessionalFactory())
    answered = HelpRequestFactory(young_person=young_person, professional=professional)
    mine_last = HelpRequestFactory(young_person=young_person, professional=ProfessionalFactory())
    MessageFactory(request=answered, author=professional)
    services.post(young_person, mine_last, "Bonjour, j’attends votre réponse.")
    assert list(unread.conversations_to_read(young_person)) == [answered]
    # The counsellor of the structure has read none of them.
    assert set(unread.conversations_to_read(counsellor)) == {answered, mine_last}
    assert quiet not in unread.conversations_to_read(counsellor)
    open_page(client, young_person, answered)
    assert not unread.conversations_to_read(young_person).exists()
    # A new message from the other side brings it back.
    services.post(professional, answered, "Je vous propose jeudi.")
    assert list(unread.conversations_to_read(young_person)) == [answered]


def test_opening_the_page_marks_the_conversation_read(
    client, help_request, young_person, professional
):
    MessageFactory.create_batch(2, request=help_request, author=professional)
    assert unread.unread_count(young_person, help_request) == 2
    open_page(client, young_person, help_request)
    assert unread.unread_count(young_person, help_request) == 0
    assert ReadMarker.objects.filter(user=young_person, request=help_request).count() == 1
    # Opening it again moves the same marker.
    open_page(client, young_person, help_request)
    assert ReadMarker.objects.filter(user=young_person, request=help_request).count() == 1


def test_my_requests_shows_unread_counts_in_one_query_for_the_page(client, young_person):
    def list_queries() -> tuple[int, str]:
        client.force_login(young_person)
        client.get(reverse("members:requests"))  # what the first page of a session caches
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("members:requests"))
        assert page.status_code == 200
        return len(queries), page.content.decode()

    first = HelpRequestFactory(young_person=young_person)
    MessageFactory.create_batch(3, request=first, author=first.professional)
    few, content = list_queries()
    assert "3 messages non lus" in content
    for _ in range(4):
        other = HelpRequestFactory(young_person=young_person)
        MessageFactory(request=other, author=other.professional)
    many, content = list_queries()
    assert content.count("1 message non lu<") == 4
    assert many == few


def test_a_moderators_reading_is_logged_once_a_day(client, help_request, moderator, counsellor):
    open_page(client, moderator, help_request)
    open_page(client, moderator, help_request)
    log = ModerationLog.objects.get()
    assert (log.actor, log.action, log.target) == (
        moderator,
        ModerationAction.READ_REQUEST,
        help_request,
    )
    assert "journal de modération" in open_page(client, moderator, help_request).content.decode()
    # The next day, a new line.
    ModerationLog.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    open_page(client, moderator, help_request)
    assert ModerationLog.objects.count() == 2
    # Other people's readings are not moderation.
    open_page(client, counsellor, help_request)
    assert ModerationLog.objects.count() == 2


@pytest.mark.parametrize("person", ["young_person", "professional", "counsellor", "moderator"])
def test_the_request_page_does_not_grow_with_the_conversation(
    client, help_request, young_person, professional, counsellor, person, request
):
    reader = request.getfixturevalue(person)
    authors = [young_person, professional, counsellor]

    def queries_with(count: int) -> int:
        while help_request.messages.count() < count:
            MessageFactory(request=help_request, author=authors[help_request.messages.count() % 3])
        open_page(client, reader, help_request)  # the first reading writes the audit line
        with CaptureQueriesContext(connection) as queries:
            open_page(client, reader, help_request)
        return len(queries)

    assert queries_with(3) == queries_with(30)
