"""Filters of the requests lists, request pages and dashboards: texts their templates show
that depend on a name or a number, and the keys of their cached fragments (the HTML is in
the templates)."""

from __future__ import annotations

import hashlib

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from members.models.accounts import public_name_of

register = template.Library()


@register.filter
def person_name(help_request, side: str) -> str:
    """The full name (``User.get_full_name``) of the request's young person or
    professional (``side``: "young" or "professional"), from the names
    ``HelpRequestQuerySet.with_people_names`` read; "" for a deleted member."""
    first_name = getattr(help_request, f"{side}_first_name")
    if first_name is None:
        return ""
    return f"{first_name} {getattr(help_request, f'{side}_last_name')}".strip()


@register.filter
def public_person_name(help_request, side: str) -> str:
    """:func:`person_name` as ``User.public_name`` (first name and initial): how a young
    person is named to a professional; "" for a deleted member."""
    first_name = getattr(help_request, f"{side}_first_name")
    if first_name is None:
        return ""
    return public_name_of(first_name, getattr(help_request, f"{side}_last_name"))


# Where French elides "de" before a name: "le message d’Inès", "le message de Karim".
_ELIDING = frozenset("aeiouyàâäéèêëîïôöùûüœæ")


@register.filter
def message_of(name: str) -> str:
    """ "le message de Karim", "le message d’Inès": the visually hidden end of a report
    link. Both forms are msgids, the other languages translate each one."""
    if name[:1].lower() in _ELIDING and name[:2].lower() not in ("ya", "ye", "yo", "yu"):
        return gettext("le message d’%(name)s") % {"name": name}
    return gettext("le message de %(name)s") % {"name": name}


@register.filter
def days_ago_note(note: str, days: int) -> str:
    """The note under a request of a counsellor's dashboard list: "stale" (sent ``days``
    ago, still unanswered) or "long" (accepted ``days`` ago). Literal msgids, so that
    makemessages finds them, and a sentence of its own for today."""
    if note == "stale":
        if days <= 0:
            return gettext("Envoyée aujourd’hui")
        return ngettext("Envoyée il y a %(days)s jour", "Envoyée il y a %(days)s jours", days) % {
            "days": days
        }
    if days <= 0:
        return gettext("Acceptée aujourd’hui")
    return ngettext("Acceptée il y a %(days)s jour", "Acceptée il y a %(days)s jours", days) % {
        "days": days
    }


def shown_key(*values) -> str:
    """The key of a cached fragment (``{% cache %}``) made of everything it shows, with the
    language and time zone it is shown in: the same key is the same HTML, so a change is
    never served stale and nothing has to outdate it."""
    shown = repr((get_language(), timezone.get_current_timezone_name(), values))
    return hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()


# What a row of requests/includes/request_table.html shows of a request.
_ROW_FIELDS = (
    "pk",
    "kind",
    "state",
    "sent_at",
    "young_first_name",
    "young_last_name",
    "professional_first_name",
    "professional_last_name",
)


@register.filter
def request_rows_key(rows) -> str:
    """The key of a table of requests (read with ``with_people_names``): each row's shown
    fields and unread count."""
    return shown_key(
        [
            (*(getattr(row, name) for name in _ROW_FIELDS), getattr(row, "unread_count", 0))
            for row in rows
        ]
    )


@register.filter
def conversation_key(conversation) -> str:
    """The key of a conversation's messages as one reader sees them
    (members.conversations.services.conversation)."""
    return shown_key(
        [
            (
                entry.message.pk,
                entry.message.created_at,
                entry.author_name,
                entry.pieces,
                entry.hidden,
                entry.mine,
                entry.can_report,
                entry.masked,
            )
            for entry in conversation
        ]
    )
