"""Emails of the network app: the answers to volunteer calls.

They go through the outbox (:mod:`outbox`): rendered and written with the answer, sent by a
background task once it is committed, retried until the mail server takes them.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Site

from outbox import services as outbox


def association_email(call: object | None = None) -> str:
    """The address in the home site settings when it is set, else ASSOCIATION_EMAIL."""
    try:
        site_settings_model = apps.get_model("home", "SiteSettings")
    except LookupError:
        return settings.ASSOCIATION_EMAIL
    site = call.get_site() if call is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.ASSOCIATION_EMAIL
    site_settings = site_settings_model.for_site(site)
    return getattr(site_settings, "contact_email", "") or settings.ASSOCIATION_EMAIL


def queue_answer_emails(answer, language: str) -> None:
    """Confirm to the volunteer in their language; tell the association in French.

    Call it in the transaction that stores ``answer``: both emails commit with it.
    """
    call = answer.call.specific if answer.call else None
    context = {"answer": answer, "call": call, "call_url": call.full_url if call else ""}
    title = call.title if call else ""
    with translation.override(language):
        confirmation = outbox.build(
            to=[answer.email],
            subject=_("Votre réponse à l'appel « %(title)s »") % {"title": title},
            body=render_to_string("network/emails/answer_confirmation.txt", context),
            kind="network/answer_confirmation",
        )
    with translation.override(settings.LANGUAGE_CODE):
        notification = outbox.build(
            to=[association_email(call)],
            subject=_("Nouvelle réponse à l'appel « %(title)s »") % {"title": title},
            body=render_to_string("network/emails/answer_notification.txt", context),
            kind="network/answer_notification",
        )
    with outbox.batch():
        outbox.queue(confirmation)
        outbox.queue(notification)


@task()
def send_answer_emails(answer_id: int, language: str) -> None:
    """A task enqueued before the outbox existed: queue its emails in the outbox."""
    from network.models import VolunteerAnswer

    answer = VolunteerAnswer.objects.select_related("call").filter(pk=answer_id).first()
    if answer is not None:
        queue_answer_emails(answer, language)
