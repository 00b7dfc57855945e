"""Queue an email once the current transaction commits (never from inside models)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template

from members.tasks import send_member_email


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template (an email's subject or body) with autoescape off.

    The result is text, not HTML: "N'Diaye" stays "N'Diaye". Whatever shows it in a page
    (the notification's text) escapes it there, once.
    """
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_later(
    to: str | list[str], template: str, context: dict[str, Any], language: str = ""
) -> None:
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or settings.LANGUAGE_CODE

    def enqueue() -> None:
        send_member_email.enqueue(recipients, template, context, language)

    # Robust: the person's action is committed already; a queue that refuses the email is
    # logged, never turned into an error page for them. (A named function, not a partial:
    # Django's log line of a failing robust callback reads its __qualname__.)
    transaction.on_commit(enqueue, robust=True)
