"""Emails and notification texts are plain text: a name with an apostrophe is stored and
emailed as typed, and escaped once, by the page that shows it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import EmailFrequency, HelpKind, HelpRequestState
from members.models import HelpRequest, Notification
from members.notifications import services as notifications
from members.requests import services
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

NAME = "N'Diaye S."


@pytest.fixture
def sent(structure, django_capture_on_commit_callbacks):
    """A request from N'Diaye Sow sent to a professional who reads French."""
    structure.requires_validation = False
    structure.save()
    young = YoungPersonFactory(structure=structure, first_name="N'Diaye", last_name="Sow")
    pro = ProfessionalFactory(email="pro@example.org", language="fr")
    help_request = HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=structure,
        state=HelpRequestState.DRAFT,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Pouvez-vous relire mon CV ?",
    )
    assert young.public_name == NAME
    return young, pro, help_request


def test_the_notification_and_its_email_hold_the_name_as_typed(
    sent, django_capture_on_commit_callbacks
):
    young, pro, help_request = sent
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "submit", young)

    notification = Notification.objects.get(recipient=pro)
    assert NAME in notification.text
    assert "&#x27;" not in notification.text
    [email] = [m for m in mail.outbox if m.to == [pro.email]]
    assert email.subject == notification.text
    assert NAME in email.body
    assert "&#x27;" not in email.subject + email.body


def test_the_notifications_page_escapes_the_name_once(
    sent, client, django_capture_on_commit_callbacks
):
    young, pro, help_request = sent
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "submit", young)

    client.force_login(pro)
    content = client.get(reverse("members:notifications")).content.decode()
    assert "N&#x27;Diaye S." in content
    assert "&amp;#x27;" not in content


def test_the_daily_summary_shows_the_name_as_typed(sent, django_capture_on_commit_callbacks):
    young, pro, help_request = sent
    pro.email_frequency = EmailFrequency.DAILY
    pro.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "submit", young)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_digest(pro, timezone.now()) == 1
    [email] = mail.outbox
    assert NAME in email.body
    assert "&#x27;" not in email.body
