"""The daily summary: one email with every notification not emailed yet, never twice."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from members.enums import EmailFrequency
from members.models import Notification
from members.notifications import services
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

EVENT = "request_accepted"  # "Votre demande est acceptée !"


@pytest.fixture
def daily(structure):
    return YoungPersonFactory(
        structure=structure,
        email="ines@example.org",
        first_name="Inès",
        email_frequency=EmailFrequency.DAILY,
    )


@pytest.fixture
def immediate(db):
    return ProfessionalFactory(email="pro@example.org")


def notify(person, n=1):
    return [
        services.notify(person, EVENT, {"offer": False}, url=f"/fr/espace/demandes/{i}/")
        for i in range(n)
    ]


def digest(capture) -> str:
    mail.outbox.clear()
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_notification_digest", stdout=out)
    return out.getvalue()


def open_url(notification, language="fr"):
    with translation.override(language):
        path = reverse("members:notification-open", kwargs={"pk": notification.pk})
    return f"http://testserver{path}"


def test_a_daily_person_gets_one_email_with_every_line(daily, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify(daily, 3)
    assert mail.outbox == []  # nothing at the time of the events
    out = digest(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines@example.org"]
    assert message.subject == "Votre résumé du jour : 3 notifications"
    assert "Bonjour Inès," in message.body
    assert message.body.count("Votre demande est acceptée !") == 3
    for notification in notifications:
        assert open_url(notification) in message.body
    assert "http://testserver" + reverse("members:notifications") in message.body
    assert "1 personne(s), 3 notification(s)" in out
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_the_summary_is_written_in_the_persons_language(daily, django_capture_on_commit_callbacks):
    daily.language = "en"
    daily.save()
    [notification] = notify(daily)
    digest(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "Your request has been accepted!" in message.body
    assert open_url(notification, "en") in message.body
    with translation.override("en"):
        assert "http://testserver" + reverse("members:notifications") in message.body


def test_a_person_with_immediate_emails_is_never_in_the_summary(
    daily, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(immediate, 2)
    assert len(mail.outbox) == 2  # at once, one per event
    # Even a notification left without an email (written while they took the summary).
    Notification.objects.create(recipient=immediate, event=EVENT, text="Ancienne")
    notify(daily)
    digest(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["ines@example.org"]]


def test_running_it_twice_sends_nothing_twice(daily, django_capture_on_commit_callbacks):
    notify(daily, 2)
    digest(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    out = digest(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert "0 personne(s), 0 notification(s)" in out
    # What happens afterwards goes in the next summary, alone.
    [later] = notify(daily)
    digest(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == "Votre résumé du jour : 1 notification"
    assert open_url(later) in message.body
    assert message.body.count("Votre demande est acceptée !") == 1


def test_two_runs_at_once_send_each_notification_once(daily, django_capture_on_commit_callbacks):
    """The other run claims the notifications just after this run read them."""
    first, second = notify(daily, 2)
    other_run = {"done": False}

    def other_run_claims_the_first(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not other_run["done"] and sql.startswith("SELECT") and "emailed_at" in sql:
            if '"members_notification"."recipient_id"' in sql and "ORDER BY" in sql:
                other_run["done"] = True
                Notification.objects.filter(pk=first.pk).update(emailed_at=timezone.now())
        return result

    with connection.execute_wrapper(other_run_claims_the_first):
        digest(django_capture_on_commit_callbacks)
    assert other_run["done"]
    [message] = mail.outbox
    assert open_url(second) in message.body
    assert open_url(first) not in message.body
    assert message.subject == "Votre résumé du jour : 1 notification"


def test_an_inactive_account_is_skipped(daily, django_capture_on_commit_callbacks):
    notify(daily)
    daily.is_active = False
    daily.save()
    digest(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_leaving_the_summary_sends_what_it_held_at_once(
    client, daily, django_capture_on_commit_callbacks
):
    notify(daily, 2)
    client.force_login(daily)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:notification-preferences"),
            {"email_frequency": EmailFrequency.IMMEDIATE},
        )
    [message] = mail.outbox
    assert message.subject == "Votre résumé du jour : 2 notifications"
    assert digest(django_capture_on_commit_callbacks).startswith("Résumé du jour : 0 personne(s)")
    assert mail.outbox == []


def test_the_run_reads_people_in_a_bounded_number_of_queries(
    structure, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    people = [
        YoungPersonFactory(structure=structure, email_frequency=EmailFrequency.DAILY)
        for _ in range(3)
    ]
    for person in people:
        notify(person, 2)
    # One page of people, then per person: their notifications, one claim each, the
    # savepoint of their transaction and their email's row in the outbox; the email goes
    # out on commit, in a task of its own (a worker's queries, not the run's).
    with django_capture_on_commit_callbacks(execute=False) as sent_on_commit:
        with django_assert_max_num_queries(2 + 3 * (1 + 2 + 2 + 1)):
            call_command("send_notification_digest", stdout=io.StringIO())
    for send in sent_on_commit:
        send()
    assert len(mail.outbox) == 3
