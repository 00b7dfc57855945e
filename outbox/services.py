"""Putting an email in the outbox.

:func:`queue` writes the row in the caller's transaction and enqueues its task once that
transaction commits: if the action rolls back, no email; if it commits, the email is
stored whatever happens to the task queue or the mail server next.

A service that sends many emails in one transaction (the reminders) opens a
:func:`batch`: the rows are then written with one ``bulk_create`` when the block ends, and
their tasks enqueued together on commit.

Every email has an HTML part: :func:`build` renders the text into the site's layout
(``templates/emails/layout.html``) unless the caller brings its own HTML.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import get_language

from config.site_url import site_root
from outbox.models import OutboxEmail

logger = logging.getLogger(__name__)

# The rows of the batch open in this thread (or task), written when it closes.
_open_batch: ContextVar[list[OutboxEmail] | None] = ContextVar("outbox_batch", default=None)


@functools.lru_cache(maxsize=32)
def _message_id_domain(from_email: str) -> str:
    """The sender's domain: Django's default would resolve this machine's name (slow, and
    meaningless behind a load balancer)."""
    domain = parseaddr(from_email)[1].rpartition("@")[2]
    return domain or "localhost"


def render_html(*, subject: str, body: str, language: str) -> str:
    """The HTML part of a text email: the text escaped, its links clickable, in the layout
    of every email of the site, in the email's language."""
    root = site_root()
    with translation.override(language):
        return render_to_string(
            "emails/layout.html",
            {
                "subject": subject,
                # Text, whatever rendered it: a template's output is a SafeString, which
                # the layout would take for HTML and not escape. str.__str__ copies it into
                # a plain str (str() alone gives a SafeString back).
                "body": str.__str__(str(body)),
                "language": language,
                "site_name": settings.WAGTAIL_SITE_NAME,
                "site_url": f"{root}/",
                "site_host": urlsplit(root).netloc or root,
            },
        )


def build(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    from_email: str | None = None,
    html_body: str = "",
    cc: Iterable[str] = (),
    bcc: Iterable[str] = (),
    reply_to: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    kind: str = "",
    language: str = "",
) -> OutboxEmail:
    """An unsaved outbox row; ``language`` defaults to the active one.

    Without ``html_body``, the HTML part is the text in the site's layout, rendered now and
    stored with the row: what the row holds is what leaves. (A row written before emails
    had an HTML part leaves as it was written, text only: the few still waiting when this
    shipped were retries, and a text email is a whole email.)
    """
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    language = language or get_language() or settings.LANGUAGE_CODE
    subject = " ".join(str(subject).split())
    if not html_body:
        html_body = render_html(subject=subject, body=body, language=language)
    headers = {str(name): str(value) for name, value in (headers or {}).items()}
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=_message_id_domain(from_email))
    return OutboxEmail(
        kind=kind[:100],
        from_email=from_email,
        to=list(to),
        cc=list(cc),
        bcc=list(bcc),
        reply_to=list(reply_to),
        headers=headers,
        subject=subject,
        body=body,
        html_body=html_body,
        language=language,
    )


def from_message(message: EmailMessage, *, kind: str = "", language: str = "") -> OutboxEmail:
    """An unsaved outbox row holding a rendered :class:`EmailMessage` (text, and HTML when it
    has an HTML version). Attachments are refused: no email of the site has any."""
    if message.attachments:
        raise ValueError("The outbox does not store attachments.")
    body, html_body = message.body, ""
    if message.content_subtype == "html":
        body, html_body = strip_tags(message.body), message.body
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html_body = content
    return build(
        to=message.to,
        cc=message.cc,
        bcc=message.bcc,
        reply_to=message.reply_to,
        headers=message.extra_headers,
        subject=message.subject,
        body=body,
        html_body=html_body,
        from_email=message.from_email,
        kind=kind,
        language=language,
    )


def queue(email: OutboxEmail) -> OutboxEmail:
    """Write ``email`` (now, or when the open batch closes) and send it after the commit."""
    pending = _open_batch.get()
    if pending is not None:
        pending.append(email)
        return email
    email.save()
    enqueue_on_commit([email.pk])
    return email


def queue_message(message: EmailMessage, *, kind: str = "", language: str = "") -> OutboxEmail:
    return queue(from_message(message, kind=kind, language=language))


@contextmanager
def batch() -> Iterator[None]:
    """Collect the emails queued inside the block; write them with one INSERT at its end.

    Use it inside the transaction of the action (the rows must commit with it). A batch
    opened inside another joins it. Nothing is written if the block raises.
    """
    if _open_batch.get() is not None:
        yield
        return
    pending: list[OutboxEmail] = []
    token = _open_batch.set(pending)
    try:
        yield
    finally:
        _open_batch.reset(token)
    if pending:
        OutboxEmail.objects.bulk_create(pending)
        enqueue_on_commit([email.pk for email in pending])


def enqueue_on_commit(ids: list[int]) -> None:
    def enqueue_emails() -> None:
        enqueue(ids)

    # Robust: the person's action is committed already; a queue that refuses the task is
    # logged, never turned into an error page, and the row stays queued for the sweep of
    # recover_stale_tasks. (A named function: Django's log line reads its __qualname__.)
    transaction.on_commit(enqueue_emails, robust=True)


def enqueue(ids: Iterable[int]) -> None:
    """One sending task per email, their rows inserted in one transaction (one commit)."""
    from outbox.tasks import send_email

    with transaction.atomic():
        for pk in ids:
            send_email.enqueue(pk)
