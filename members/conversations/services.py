"""The conversation on a coup-de-pouce request (issue 4, "Messages"; DESIGN.md, "Minors
and safety").

Who may write, and when:

- once the request is accepted, its young person, its professional and the counsellors
  of the young person's structure; afterwards (completed, declined, closed…) the
  conversation is read-only;
- while the request is sent and not answered yet, the person it was sent to (the
  professional, or the young person for an offer) may ask ONE question, and its author
  may answer it once;
- moderators read, audited, and never write.

Bodies are stored as typed. :func:`render_body` shows them escaped, with their line breaks
and clickable links, and with the contact details (phone numbers, email addresses, social
accounts: ``members.conversations.masking``) masked when the young person is a minor and the
reader is the young person or the professional (the counsellors and the moderators see them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members import dashboard_cache
from members.access import Side, sides_of
from members.conversations.masking import (
    URL_RE,
    find_contacts,
    masks_contacts,
    trim_url,
)
from members.conversations.unread import mark_read_at, unread_count
from members.enums import HelpKind, HelpRequestState, ModerationAction, Role
from members.models import HelpRequest, Message, ModerationLog, User
from members.notifications.services import notify

MAX_LENGTH = 4000
# A person writes at most this many messages in FLOOD_WINDOW, all requests together.
FLOOD_LIMIT = 30
FLOOD_WINDOW = datetime.timedelta(hours=1)

# The sides that take part in the conversation (moderators only read it).
WRITERS = frozenset({Side.YOUNG_PERSON, Side.PROFESSIONAL, Side.COUNSELLOR})


class ConversationError(Exception):
    """A rule refuses the message or the report; the message is for the person (French,
    translated)."""


class MessageError(ConversationError):
    """A rule refuses the message; the text is for the person (French, translated)."""


# Who may write ----------------------------------------------------------------------


def is_participant(user: User, help_request: HelpRequest) -> bool:
    """Whether ``user`` takes part in the conversation (in some state of the request)."""
    return bool(WRITERS & sides_of(user, help_request))


def _has_written(user: User, help_request: HelpRequest) -> bool:
    return Message.objects.filter(request_id=help_request.pk, author_id=user.pk).exists()


def post_refusal(user: User, help_request: HelpRequest) -> str:
    """Why ``user`` may not write on ``help_request`` now ("" when they may)."""
    sides = sides_of(user, help_request)
    if not WRITERS & sides:
        return _("Vous pouvez lire cette conversation, mais pas y écrire.")
    if help_request.young_person_id is None or help_request.professional_id is None:
        # Erasure closes the request too; this holds whatever state it was left in.
        return _(
            "L’autre membre de cette demande a supprimé son compte : la conversation est "
            "close et vous ne pouvez plus y écrire."
        )
    state = help_request.state
    if state == HelpRequestState.ACCEPTED:
        return ""
    if state == HelpRequestState.SENT:
        if Side.RECIPIENT in sides:
            if _has_written(user, help_request):
                return _(
                    "Vous avez déjà posé votre question. La conversation continuera si vous "
                    "acceptez ce coup de pouce."
                )
            return ""
        if Side.AUTHOR in sides:
            other = help_request.professional_id
            if help_request.offered_by_professional:
                other = help_request.young_person_id
            asked = Message.objects.filter(request_id=help_request.pk, author_id=other).exists()
            if not asked:
                return _(
                    "La conversation s’ouvrira quand votre demande sera acceptée. D’ici là, "
                    "la personne peut vous poser une question."
                )
            if _has_written(user, help_request):
                return _(
                    "Vous avez répondu à la question. La conversation continuera quand la "
                    "demande sera acceptée."
                )
            return ""
        return _("La conversation s’ouvrira quand la demande sera acceptée.")
    if state in (HelpRequestState.DRAFT, HelpRequestState.AWAITING_COUNSELLOR):
        return _("La conversation s’ouvrira quand la demande sera acceptée.")
    return _("Cette demande n’est plus en cours : la conversation est en lecture seule.")


def clean_body(body: str) -> str:
    """The body as stored: stripped, 1 to MAX_LENGTH characters, else MessageError."""
    body = (body or "").strip()
    if not body:
        raise MessageError(_("Écrivez votre message avant de l’envoyer."))
    if len(body) > MAX_LENGTH:
        raise MessageError(
            _(
                "Votre message est trop long (%(length)d caractères) : %(max)d caractères au "
                "plus. Coupez-le en deux messages."
            )
            % {"length": len(body), "max": MAX_LENGTH}
        )
    return body


def _check_flood(user: User, now: datetime.datetime) -> None:
    recent = Message.objects.filter(author=user, created_at__gte=now - FLOOD_WINDOW).count()
    if recent >= FLOOD_LIMIT:
        raise MessageError(
            _(
                "Vous avez envoyé %(max)d messages en moins d’une heure. Attendez un peu avant "
                "d’en écrire un autre."
            )
            % {"max": FLOOD_LIMIT}
        )


def post(user: User, help_request: HelpRequest, body: str) -> Message:
    """Write ``body`` on ``help_request`` as ``user``; tell the other side.

    Raises :class:`MessageError` when the body, the flood limit or the state of the
    request refuses it. The caller looked the request up in ``visible_to(user)``.
    """
    body = clean_body(body)
    with transaction.atomic():
        # The request's row is locked while the rules are read: two tabs cannot both ask
        # "the one question", and the state cannot change under the message.
        locked = (
            HelpRequest.objects.select_for_update(of=("self",))
            .select_related("young_person", "professional")
            .filter(pk=help_request.pk)
            .first()
        )
        if locked is None:
            raise MessageError(_("Cette demande n’existe plus."))
        refusal = post_refusal(user, locked)
        if refusal:
            raise MessageError(refusal)
        now = timezone.now()
        _check_flood(user, now)
        recipients = _recipients(locked, user)
        # Tell people once per unread stretch: whoever has not read the last messages yet
        # was already told about them.
        to_tell = [person for person in recipients if not unread_count(person, locked)]
        message = Message.objects.create(request=locked, author=user, body=body)
        updated = HelpRequest.objects.filter(pk=locked.pk, state=locked.state).update(
            last_message_at=message.created_at
        )
        if not updated:
            raise MessageError(_("Cette demande vient de changer : votre message n’est pas parti."))
        dashboard_cache.outdate_structure(locked.structure_id)
        mark_read_at(user, locked, message.created_at)
        for person in to_tell:
            _notify(person, locked, user)
    help_request.last_message_at = message.created_at
    return message


def _recipients(help_request: HelpRequest, author: User) -> list[User]:
    """The two sides of the request but the author. Counsellors are not emailed: their
    dashboard lists the conversations to read."""
    return [
        person
        for person in (help_request.young_person, help_request.professional)
        if person is not None and person.is_active and person.pk != author.pk
    ]


def author_name(author: User | None, reader: User) -> str:
    """How ``author`` is named to ``reader``: a young person is "first name and initial"
    to professionals; counsellors say they are one."""
    if author is None:
        return _("Membre supprimé")
    if author.role == Role.YOUNG_PERSON and reader.role == Role.PROFESSIONAL:
        return author.public_name
    if author.role == Role.COUNSELLOR:
        return _("%(name)s (conseiller·ère)") % {"name": author.get_full_name()}
    return author.get_full_name() or str(author)


def _notify(person: User, help_request: HelpRequest, author: User) -> None:
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("members:request-detail", kwargs={"pk": help_request.pk})
        context = {
            "first_name": person.first_name,
            "author_name": author_name(author, person),
            "kind": str(HelpKind(help_request.kind).label),
            "url": absolute_url(help_request.path_in(language)),
        }
    notify(person, "request_message", context, help_request=help_request, url=path)


# Reading ----------------------------------------------------------------------------


def record_moderator_read(user: User, help_request: HelpRequest) -> None:
    """A moderator opened a request: audited, one log row per moderator, request and day."""
    if not user.is_moderator:
        return
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    logged = ModerationLog.objects.filter(
        actor=user,
        action=ModerationAction.READ_REQUEST,
        content_type=ContentType.objects.get_for_model(HelpRequest),
        object_id=str(help_request.pk),
        created_at__gte=day_start,
    ).exists()
    if not logged:
        ModerationLog.record(user, ModerationAction.READ_REQUEST, help_request)


@dataclass(frozen=True)
class Entry:
    """One message as a given person sees it."""

    message: Message
    author_name: str
    pieces: list[Piece]  # its body (BODY_TEMPLATE)
    hidden: bool  # removed by the moderation (moderators still read the text)
    mine: bool
    can_report: bool
    masked: bool = False  # contact details were masked in it for this reader


def conversation(user: User, help_request: HelpRequest) -> list[Entry]:
    """The messages of ``help_request`` as ``user`` reads them, oldest first (one query)."""
    mask = masks_contacts(user, help_request)
    moderator = user.is_moderator
    entries = []
    for message in help_request.messages.select_related("author"):
        hidden = message.hidden_at is not None
        mine = message.author_id == user.pk
        if hidden and not moderator:
            pieces = [Piece(_("Message retiré par la modération"))]
        elif message.author_id is None and not message.body:
            pieces = [Piece(_("Message effacé avec le compte de son auteur·rice"))]
        else:
            pieces = body_pieces(message.body, mask_contacts=mask)
        entries.append(
            Entry(
                message=message,
                author_name=author_name(message.author, user),
                pieces=pieces,
                hidden=hidden,
                mine=mine,
                can_report=not mine and not hidden and not moderator,
                masked=any(piece.masked for piece in pieces),
            )
        )
    return entries


# Unread counts ----------------------------------------------------------------------


# Reports ----------------------------------------------------------------------------


# Rendering --------------------------------------------------------------------------

BODY_TEMPLATE = "members/conversations/includes/body.html"


@dataclass(frozen=True)
class Piece:
    """A piece of a message as shown (BODY_TEMPLATE): text, a link (``href``), or a
    contact detail masked (``masked``)."""

    text: str = ""
    href: str = ""
    masked: bool = False


def _link_pieces(text: str) -> list[Piece]:
    """``text`` in pieces, its http(s) and www. addresses as links."""
    pieces = []
    position = 0
    for match in URL_RE.finditer(text):
        url = trim_url(match.group())[0]
        if not url or url.lower() in ("www.", "http://", "https://"):
            continue
        if match.start() > position:
            pieces.append(Piece(text[position : match.start()]))
        href = url if url.lower().startswith("http") else f"https://{url}"
        pieces.append(Piece(url, href=href))
        position = match.start() + len(url)  # the trimmed punctuation is text
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return pieces


def body_pieces(body: str, *, mask_contacts: bool) -> list[Piece]:
    """A message in pieces, its contact details masked first when asked (a link that holds
    one is masked whole, never made)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    pieces = []
    position = 0
    for start, end in find_contacts(text) if mask_contacts else ():
        pieces += _link_pieces(text[position:start])
        pieces.append(Piece(masked=True))
        position = end
    pieces += _link_pieces(text[position:])
    return pieces


def render_body(body: str, *, mask_contacts: bool = False) -> SafeString:
    """A message as HTML (BODY_TEMPLATE): escaped, line breaks kept, links clickable with
    ``rel="nofollow noopener"``; contact details masked first when asked."""
    return render_to_string(
        BODY_TEMPLATE, {"pieces": body_pieces(body, mask_contacts=mask_contacts)}
    )
