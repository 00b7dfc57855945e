"""Background work of the network app (django-tasks: immediate in dev and tests)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Site


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


@task()
def send_answer_emails(answer_id: int, language: str) -> None:
    """Confirm to the volunteer in their language; tell the association in French."""
    from network.models import VolunteerAnswer

    answer = VolunteerAnswer.objects.select_related("call").filter(pk=answer_id).first()
    if answer is None:
        return
    call = answer.call.specific if answer.call else None
    context = {"answer": answer, "call": call, "call_url": call.full_url if call else ""}

    with translation.override(language):
        send_mail(
            _("Votre réponse à l'appel « %(title)s »") % {"title": call.title if call else ""},
            render_to_string("network/emails/answer_confirmation.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [answer.email],
        )
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("Nouvelle réponse à l'appel « %(title)s »") % {"title": call.title if call else ""},
            render_to_string("network/emails/answer_notification.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [association_email(call)],
            fail_silently=False,
        )
