"""The members area's emails: rendered with the action, sent through the outbox.

:func:`send_later` renders the email in the recipient's language and writes it to the
outbox in the caller's transaction; it leaves once that transaction commits, retried
until the mail server takes it (see :mod:`outbox`). Never called from inside models.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from outbox import services as outbox

logger = logging.getLogger(__name__)


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template (an email's subject or body) with autoescape off.

    The result is text, not HTML: "N'Diaye" stays "N'Diaye". Whatever shows it in a page
    (the notification's text) escapes it there, once.
    """
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_later(
    to: str | list[str], template: str, context: dict[str, Any], language: str = ""
) -> None:
    """Email ``templates/members/emails/<template>_subject.txt`` and ``<template>.txt``,
    rendered in ``language``, to ``to`` once the current transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            subject = render_text(f"members/emails/{template}_subject.txt", context)
            body = render_text(f"members/emails/{template}.txt", context)
    # A template that cannot render is a bug to fix, reported at ERROR; the person's action
    # (already done, in the same transaction) must not fail because of it.
    except Exception:
        logger.exception("Email %r not rendered; nothing queued", template)
        return
    outbox.queue(
        outbox.build(
            to=recipients,
            subject=subject,
            body=body,
            kind=f"members/{template}",
            language=language,
        )
    )
