"""Each event of a request, and each step of the reminder ladder, writes ONE in-app
notification for each person who must act, in their language, linking the request."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from members.enums import EmailFrequency, HelpKind, HelpRequestState
from members.models import HelpRequest, Notification
from members.requests import services
from tests.members.factories import (
    ProfessionalFactory,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState


@pytest.fixture
def people(request_people):
    return request_people


def make(people, state, young="young", **fields):
    return HelpRequest.objects.create(
        young_person=people[young],
        professional=people["pro"],
        structure=people[young].structure,
        state=state,
        kind=HelpKind.TRADE_ADVICE,
        hopes="Pouvez-vous relire mon CV d’électricienne ?",
        **fields,
    )


def path_in(help_request, language):
    with translation.override(language):
        return reverse("members:request-detail", kwargs={"pk": help_request.pk})


def notified(people) -> dict[str, list[Notification]]:
    """The notifications written, by the key of their recipient in ``people``."""
    keys = {person.pk: key for key, person in people.items()}
    found: dict[str, list[Notification]] = {}
    for notification in Notification.objects.order_by("pk"):
        found.setdefault(keys[notification.recipient_id], []).append(notification)
    return found


@pytest.mark.parametrize(
    ("name", "state", "young", "actor", "data", "expected"),
    [
        # name, from state, young person, actor, data: {recipient: (event, words)}
        (
            "submit",
            S.DRAFT,
            "young",
            "young",
            {},
            {"pro": ("request_sent", "is asking you for a boost")},
        ),
        (
            "submit",
            S.DRAFT,
            "minor",
            "minor",
            {},
            {
                "counsellor": ("request_awaiting_counsellor", "is waiting for your approval"),
                "colleague": ("request_awaiting_counsellor", "attend votre validation"),
            },
        ),
        (
            "validate",
            S.AWAITING_COUNSELLOR,
            "minor",
            "colleague",
            {},
            {"pro": ("request_sent", "is asking you for a boost")},
        ),
        (
            "accept",
            S.SENT,
            "young",
            "pro",
            {},
            {"young": ("request_accepted", "Votre demande est acceptée !")},
        ),
        (
            "decline",
            S.SENT,
            "young",
            "pro",
            {"reason": "no_time"},
            {"young": ("request_declined", "Réponse à votre demande")},
        ),
        (
            "return",
            S.AWAITING_COUNSELLOR,
            "young",
            "counsellor",
            {"comment": "Ajoute tes dates."},
            {"young": ("request_returned", "Votre demande est à revoir")},
        ),
        (
            "close",
            S.SENT,
            "young",
            "moderator",
            {"reason": "Doublon."},
            {
                "young": ("request_closed", "Une demande de coup de pouce est close"),
                "pro": ("request_closed", "A boost request has been closed"),
            },
        ),
        (
            "expire",
            S.SENT,
            "young",
            None,
            {},
            {"young": ("request_expired", "Votre demande n’a pas eu de réponse")},
        ),
        (
            "complete",
            S.ACCEPTED,
            "young",
            "young",
            {"outcome": "interview"},
            {"pro": ("request_completed", "A boost is done")},
        ),
        ("withdraw", S.SENT, "young", "young", {}, {}),
    ],
)
def test_each_event_notifies_the_people_who_must_act_once_in_their_language(
    people, django_capture_on_commit_callbacks, name, state, young, actor, data, expected
):
    help_request = make(people, state, young=young, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, name, people[actor] if actor else None, **data)
    found = notified(people)
    assert sorted(found) == sorted(expected)
    for key, (event, words) in expected.items():
        assert len(found[key]) == 1, key
        notification = found[key][0]
        language = people[key].language or "fr"
        assert notification.event == event
        assert notification.help_request_id == help_request.pk
        assert notification.url == path_in(help_request, language)
        assert words in notification.text
        assert notification.read_at is None
        # Immediate emails (the default): emailed with the notification, its text the subject.
        assert notification.emailed_at is not None
        assert [m.subject for m in mail.outbox if m.to == [people[key].email]] == [
            notification.text
        ]
    assert len(mail.outbox) == len(expected)


def test_a_person_who_chose_the_daily_summary_gets_the_notification_and_no_email_yet(
    people, django_capture_on_commit_callbacks
):
    people["pro"].email_frequency = EmailFrequency.DAILY
    people["pro"].save()
    help_request = make(people, S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "submit", people["young"])
    notification = Notification.objects.get(recipient=people["pro"])
    assert notification.emailed_at is None
    assert mail.outbox == []


def test_an_inactive_person_is_not_notified(people, django_capture_on_commit_callbacks):
    people["colleague"].is_active = False
    people["colleague"].save()
    help_request = make(people, S.DRAFT, young="minor")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(help_request.pk, "submit", people["minor"])
    assert sorted(notified(people)) == ["counsellor"]


# The reminder ladder --------------------------------------------------------------------


def run_reminders(capture):
    with capture(execute=True):
        call_command("send_request_reminders", stdout=io.StringIO())


def sent_days_ago(people, days, **fields):
    return make(
        people,
        S.SENT,
        sent_at=timezone.now() - datetime.timedelta(days=days, hours=1),
        **fields,
    )


@pytest.mark.parametrize(
    ("days", "level", "expected"),
    [
        (3, 0, {"pro": ("reminder_first", "is waiting for your reply")}),
        (7, 1, {"pro": ("reminder_second", "Second reminder")}),
        (
            10,
            2,
            {
                "counsellor": ("reminder_counsellor", "has been waiting for a reply for 10 days"),
                "colleague": ("reminder_counsellor", "attend une réponse depuis 10 jours"),
            },
        ),
    ],
)
def test_each_reminder_step_notifies_once_in_the_recipients_language(
    people, django_capture_on_commit_callbacks, days, level, expected
):
    help_request = sent_days_ago(people, days, reminder_level=level)
    run_reminders(django_capture_on_commit_callbacks)
    run_reminders(django_capture_on_commit_callbacks)
    found = notified(people)
    assert {key: [n.event for n in found[key]] for key in found} == {
        key: [event] for key, (event, _) in expected.items()
    }
    for key, (_, words) in expected.items():
        notification = found[key][0]
        assert notification.help_request_id == help_request.pk
        assert notification.url == path_in(help_request, people[key].language or "fr")
        assert words in notification.text


def test_expiry_notifies_the_young_person_of_the_expiry_and_of_three_others(
    people, django_capture_on_commit_callbacks
):
    ProfessionalFactory(profile__help_kinds=[HelpKind.TRADE_ADVICE])
    help_request = sent_days_ago(people, 14)
    run_reminders(django_capture_on_commit_callbacks)
    found = notified(people)
    assert list(found) == ["young"]
    assert [n.event for n in found["young"]] == ["request_expired", "reminder_alternatives"]
    assert {n.url for n in found["young"]} == {path_in(help_request, "fr")}
    assert "D’autres personnes à qui demander" in found["young"][1].text


def test_the_follow_up_notifies_the_young_person_once(people, django_capture_on_commit_callbacks):
    help_request = make(
        people, S.COMPLETED, completed_at=timezone.now() - datetime.timedelta(days=91)
    )
    run_reminders(django_capture_on_commit_callbacks)
    run_reminders(django_capture_on_commit_callbacks)
    found = notified(people)
    assert [n.event for n in found["young"]] == ["reminder_follow_up"]
    assert found["young"][0].url == path_in(help_request, "fr")
    assert list(found) == ["young"]
