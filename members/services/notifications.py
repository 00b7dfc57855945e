"""Tell a member that something asks them to act: in the app, and by email.

Every event of the network (a request to answer, a reminder, a new message…) goes
through :func:`notify`. It writes the in-app notification in the recipient's language
(the email's subject line is its text) and, for people who chose immediate emails,
enqueues the email on commit. People who chose the daily digest get the notifications
not emailed yet in one email a day (``manage.py send_notification_digest``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from members.emails import send_later
from members.enums import EmailFrequency
from members.models import HelpRequest, Notification, User


def notify(
    recipient: User,
    event: str,
    context: dict[str, Any],
    *,
    help_request: HelpRequest | None = None,
    url: str = "",
) -> Notification:
    """Record ``event`` for ``recipient`` and email it now or in their next digest.

    ``event`` names the templates ``members/emails/<event>.txt`` and
    ``<event>_subject.txt``; ``context`` holds plain values only (it goes through the
    task queue as JSON). ``url`` is the page the notification opens (a path or an
    absolute address).
    """
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string(f"members/emails/{event}_subject.txt", context)
    immediate = recipient.email_frequency != EmailFrequency.DAILY
    notification = Notification.objects.create(
        recipient=recipient,
        event=event,
        help_request=help_request,
        text=" ".join(subject.split())[:300],
        url=url,
        emailed_at=timezone.now() if immediate else None,
    )
    if immediate:
        send_later(recipient.email, event, context, language)
    return notification
