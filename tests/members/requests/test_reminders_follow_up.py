"""Three months after a completed coup de pouce, the young person is asked what came of it."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from members.enums import HelpKind, HelpRequestState, Outcome
from members.models import HelpRequest
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def young(structure):
    return YoungPersonFactory(structure=structure, email="ines@example.org", language="en")


@pytest.fixture
def pro():
    return ProfessionalFactory(email="pro@example.org")


def completed(young, pro, days, **fields):
    now = timezone.now()
    return HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure=young.structure if young else None,
        state=HelpRequestState.COMPLETED,
        kind=HelpKind.MOCK_INTERVIEW,
        hopes="Un entretien blanc pour un poste de peintre.",
        outcome=Outcome.ADVICE,
        sent_at=now - datetime.timedelta(days=days + 10),
        completed_at=now - datetime.timedelta(days=days),
        **fields,
    )


def run(capture) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_request_reminders", stdout=io.StringIO())
    return list(mail.outbox)


def test_a_completed_request_gets_news_asked_after_90_days_in_the_young_persons_language(
    young, pro, django_capture_on_commit_callbacks
):
    help_request = completed(young, pro, days=90)
    emails = run(django_capture_on_commit_callbacks)
    assert [message.to for message in emails] == [["ines@example.org"]]
    with translation.override("en"):
        path = reverse("members:request-detail", kwargs={"pk": help_request.pk})
    assert f"http://testserver{path}" in emails[0].body
    help_request.refresh_from_db()
    assert help_request.follow_up_sent_at is not None


def test_nothing_is_asked_before_90_days(young, pro, django_capture_on_commit_callbacks):
    help_request = completed(young, pro, days=89)
    assert run(django_capture_on_commit_callbacks) == []
    help_request.refresh_from_db()
    assert help_request.follow_up_sent_at is None


def test_the_follow_up_is_sent_once(young, pro, django_capture_on_commit_callbacks):
    completed(young, pro, days=120)
    assert len(run(django_capture_on_commit_callbacks)) == 1
    assert run(django_capture_on_commit_callbacks) == []


def test_a_request_already_followed_up_is_left_alone(
    young, pro, django_capture_on_commit_callbacks
):
    completed(young, pro, days=200, follow_up_sent_at=timezone.now() - datetime.timedelta(days=5))
    assert run(django_capture_on_commit_callbacks) == []


def test_a_deleted_young_person_is_skipped_without_crashing(
    young, pro, django_capture_on_commit_callbacks
):
    help_request = completed(young, pro, days=100)
    young.delete()
    assert run(django_capture_on_commit_callbacks) == []
    help_request.refresh_from_db()
    assert help_request.follow_up_sent_at is not None


def test_a_deleted_professional_does_not_stop_the_follow_up(
    young, pro, django_capture_on_commit_callbacks
):
    completed(young, pro, days=100)
    pro.delete()
    assert [m.to for m in run(django_capture_on_commit_callbacks)] == [["ines@example.org"]]
