"""Emails of the public site: the contact form's message to the association.

It goes through the outbox (:mod:`outbox`): written with the form's submission, sent by a
background task once they are committed, retried until the mail server takes it.
"""

from __future__ import annotations

from django_tasks import task

from outbox import services as outbox

CONTACT_KIND = "home/contact"


def queue_contact_email(subject: str, body: str, recipients: list[str], from_address: str) -> None:
    """Queue the contact message in the current transaction (sent after the commit)."""
    outbox.queue(
        outbox.build(
            to=recipients, subject=subject, body=body, from_email=from_address, kind=CONTACT_KIND
        )
    )


@task()
def send_contact_email(subject, body, recipients, from_address):
    """A task enqueued before the outbox existed: queue its email in the outbox."""
    queue_contact_email(subject, body, recipients, from_address)
