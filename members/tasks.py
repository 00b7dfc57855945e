"""Background work of the members area.

Its emails go through the outbox (:func:`members.emails.send_later`, then
:func:`outbox.tasks.send_email`). :func:`send_member_email` stays for the tasks a worker
may still find in the queue from before the outbox: it writes them to the outbox.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from members.emails import send_later


@task()
def send_member_email(
    to: list[str], template: str, context: dict[str, Any], language: str, attempt: int = 1
) -> None:
    """A task enqueued before the outbox existed: render it and queue it in the outbox
    (``attempt`` is ignored: the outbox counts its own)."""
    send_later(to, template, context, language)
