"""The messages of a request page are kept rendered under everything they show
(request_tags.conversation_key): whatever changes shows at once, to each reader as they
may see it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Message
from tests.members.factories import HelpRequestFactory, MessageFactory

pytestmark = pytest.mark.django_db


def page_of(client, person, help_request) -> str:
    client.force_login(person)
    response = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_message_hidden_or_added_after_a_first_view_shows_at_once(
    client, young_person, professional, moderator
):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    message = MessageFactory(request=help_request, author=young_person, body="Un message déplacé")
    assert "Un message déplacé" in page_of(client, professional, help_request)
    assert "Un message déplacé" in page_of(client, moderator, help_request)

    Message.objects.filter(pk=message.pk).update(hidden_at=timezone.now())
    MessageFactory(request=help_request, author=professional, body="Une réponse")
    content = page_of(client, professional, help_request)
    assert "Un message déplacé" not in content
    assert "Message retiré par la modération" in content and "Une réponse" in content
    content = page_of(client, moderator, help_request)
    assert "Un message déplacé" in content and "Retiré par la modération" in content


def test_each_reader_gets_their_own_report_links(client, young_person, professional):
    help_request = HelpRequestFactory(young_person=young_person, professional=professional)
    message = MessageFactory(request=help_request, author=young_person, body="Bonjour")
    report = reverse("members:message-report", kwargs={"pk": message.pk})
    assert report not in page_of(client, young_person, help_request)  # their own message
    assert report in page_of(client, professional, help_request)
    assert report not in page_of(client, young_person, help_request)
