"""Queue an email once the current transaction commits (never from inside models)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction

from members.tasks import send_member_email


def send_later(
    to: str | list[str], template: str, context: dict[str, Any], language: str = ""
) -> None:
    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        partial(
            send_member_email.enqueue,
            recipients,
            template,
            context,
            language or settings.LANGUAGE_CODE,
        )
    )
