"""Tell a member that something asks them to act: in the app, and by email.

Every event of the network (a request to answer, a reminder, a new message…) goes
through :func:`notify`. It writes the in-app notification in the recipient's language
(the email's subject line is its text) and, for people who chose immediate emails,
enqueues the email on commit. People who chose the daily digest get the notifications
not emailed yet in one email a day (``manage.py send_notification_digest``): each
notification is claimed with a conditional UPDATE of ``emailed_at`` before the email is
enqueued (on commit), so a run repeated, or two runs at once, send nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation

from config.site_url import absolute_url
from members.emails import render_text, send_later
from members.enums import EmailFrequency
from members.models import HelpRequest, Notification, User


def notify(
    recipient: User,
    event: str,
    context: dict[str, Any],
    *,
    help_request: HelpRequest | None = None,
    url: str = "",
    send_email: bool = True,
) -> Notification:
    """Record ``event`` for ``recipient`` and email it now or in their next digest.

    ``event`` names the templates ``members/emails/<event>.txt`` and
    ``<event>_subject.txt``; ``context`` holds plain values only (it goes through the
    task queue as JSON). ``url`` is the page the notification opens (a path or an
    absolute address). ``send_email=False`` records the notification as delivered
    without any email (the demo's past events).
    """
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_text(f"members/emails/{event}_subject.txt", context)
    in_digest = send_email and recipient.email_frequency == EmailFrequency.DAILY
    notification = Notification.objects.create(
        recipient=recipient,
        event=event,
        help_request=help_request,
        text=" ".join(subject.split())[:300],
        url=url,
        emailed_at=None if in_digest else timezone.now(),
    )
    if send_email and not in_digest:
        send_later(recipient.email, event, context, language)
    return notification


DIGEST_EVENT = "notification_digest"
BATCH_SIZE = 500


# Reading them ---------------------------------------------------------------------------


def notifications_of(user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first (the ``(recipient, -created_at)`` index)."""
    return Notification.objects.filter(recipient=user).only(
        "pk", "recipient_id", "text", "url", "created_at", "read_at"
    )


def unread_count(user: User) -> int:
    """One COUNT over the partial index of unread notifications."""
    return Notification.objects.filter(recipient=user).unread().count()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=now)
        notification.read_at = now


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def set_email_frequency(user: User, frequency: str) -> None:
    """Immediate emails or one daily summary. Leaving the summary sends what it held, at once."""
    previous = user.email_frequency
    user.email_frequency = frequency
    user.save(update_fields=["email_frequency"])
    if previous == EmailFrequency.DAILY and frequency != EmailFrequency.DAILY:
        send_digest(user)


# The daily digest -----------------------------------------------------------------------


@dataclass
class DigestResult:
    people: int = 0  # people emailed
    notifications: int = 0  # lines in their emails

    def __str__(self) -> str:
        return f"Résumé du jour : {self.people} personne(s), {self.notifications} notification(s)"


def _absolute(path: str) -> str:
    return absolute_url(path)


def send_digest(person: User, now: datetime.datetime | None = None) -> int:
    """Email ``person`` their notifications not emailed yet, in one message.

    Each notification is claimed by a conditional UPDATE (``emailed_at`` still empty); only
    the claimed ones are listed, and the email leaves once the claims are committed. Returns
    how many were claimed (0: nothing to send, or another run took them).
    """
    if not person.is_active or not person.email:
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Notification.objects.filter(recipient=person, emailed_at=None).order_by(
                "created_at", "pk"
            )
        )
        claimed = [
            notification
            for notification in pending
            if Notification.objects.filter(pk=notification.pk, emailed_at=None).update(
                emailed_at=now
            )
        ]
        if not claimed:
            return 0
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            lines = [
                {
                    "text": notification.text,
                    "date": formats.date_format(
                        timezone.localtime(notification.created_at), "SHORT_DATETIME_FORMAT"
                    ),
                    # Through the notification's page, which checks where it leads (a GET
                    # from the email leaves it unread: only a POST from the list marks it).
                    "url": _absolute(
                        reverse("members:notification-open", kwargs={"pk": notification.pk})
                    ),
                }
                for notification in claimed
            ]
            context = {
                "first_name": person.first_name,
                "count": len(lines),
                "lines": lines,
                "notifications_url": _absolute(reverse("members:notifications")),
            }
        send_later(person.email, DIGEST_EVENT, context, language)
    return len(claimed)


def digest_people() -> QuerySet[User]:
    """Active people who chose the daily digest and have something not emailed yet."""
    return (
        User.objects.filter(email_frequency=EmailFrequency.DAILY, is_active=True)
        .exclude(email="")
        .filter(Exists(Notification.objects.filter(recipient=OuterRef("pk"), emailed_at=None)))
    )


def send_digests(now: datetime.datetime | None = None) -> DigestResult:
    """The daily run (``manage.py send_notification_digest``): one email per person."""
    now = now or timezone.now()
    result = DigestResult()
    last = 0
    while True:
        # Keyset pages by primary key: no OFFSET, no cursor held open across the emails.
        people = list(digest_people().filter(pk__gt=last).order_by("pk")[:BATCH_SIZE])
        if not people:
            return result
        for person in people:
            claimed = send_digest(person, now)
            if claimed:
                result.people += 1
                result.notifications += claimed
        last = people[-1].pk
