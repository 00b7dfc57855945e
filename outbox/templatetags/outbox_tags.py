"""The HTML part of an email whose text a template renders outside the outbox: Wagtail's
moderation notifications (templates/wagtailadmin/notifications/)."""

from django import template
from django.utils.translation import get_language

from outbox.services import render_html

register = template.Library()


@register.simple_tag
def email_html(*, subject: str, body: str) -> str:
    """The layout of every email of the site around ``body`` (plain text, escaped there),
    in the active language."""
    return render_html(subject=subject.strip(), body=body.strip(), language=get_language())
