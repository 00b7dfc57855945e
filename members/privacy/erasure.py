"""Erasing a member (GDPR, article 17): every row that names them goes or is anonymised.

:func:`delete_member` runs in one transaction; its emails leave on commit. What becomes of
each kind of row (the same table is in the README's security section):

=============================================  ==============  ==============================
row                                            becomes         why
=============================================  ==============  ==============================
account, young person's or professional's      deleted         the person's own data
profile, consents, email addresses, second
factor, Wagtail profile, read markers, their
own notifications, photo file
sessions                                       deleted         signed out everywhere at once
invitation that created the account, and any   deleted         name, email, birth date
invitation to their address
invitations they sent                          kept,           the invited people's records,
                                               ``invited_by``  held by the structure
                                               emptied
their open requests                            closed          transition ``leave``: the other
                                                               side is told, nobody can write
                                                               on it any more
their requests (as young person or             anonymised      the other side's history and the
professional)                                                  figures (state, kind, outcome,
                                                               dates, structure kept); their
                                                               side shows "Membre supprimé";
                                                               every free text emptied
transition log of those requests               anonymised      states and dates kept, reasons
                                                               emptied, actor emptied
messages they wrote                            body emptied,   the conversation keeps its
                                               author emptied  shape ("message erased with its
                                                               author's account"); a message
                                                               under an open report keeps its
                                                               text (names removed) until the
                                                               moderators close the report
other people's messages, notifications,        names removed   their own history; the person's
transition reasons on the requests they took   (REDACTED)      names and email replaced
part in
reports they made                              kept, reporter  the moderators' record; names
                                               emptied         removed from the texts
reports about them                             deleted         their target is gone (cascade)
moderation log about them, or their messages   anonymised      the decision stays auditable;
                                                               "membre supprimé" as target
moderation log they wrote                      kept            ``actor_email`` kept for staff
                                                               (moderators' accountability),
                                                               emptied for anyone else
outbox emails to them or naming them           deleted         but the goodbye email, and any
                                                               email a sender holds this very
                                                               second (pruned with the others)
task-queue rows holding their address          deleted         (emails queued before the
                                                               outbox existed)
sign-in records (django-axes attempts, logs,   deleted         their address is the username
failures)
contact form submissions with their address    deleted
answers to volunteer calls from their address  anonymised      the call's count of places
structure's referent name and email when       emptied
theirs
Wagtail admin log entries labelled with them   anonymised
=============================================  ==============  ==============================

A counsellor who leaves: their young people stay with the structure, without a counsellor
(any counsellor of the structure still follows them), and its referents are told how many.
The last referent of a structure may leave too: the moderators are told.

Names are found by their spelling: a nickname or a misspelt name typed by someone else in
a message cannot be found and stays.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation

from config.site_url import absolute_url
from members import dashboard_cache
from members.accounts.sessions import end_sessions
from members.emails import send_later
from members.enums import Role
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    Invitation,
    Message,
    ModerationLog,
    Notification,
    ProfessionalProfile,
    Report,
    User,
    YoungPersonProfile,
)
from members.requests.workflow import TransitionName

# Stored in place of the person's name in other people's texts (not translated: it is
# stored, and read in both languages).
REDACTED = "[ancien·ne membre]"
DELETED_MEMBER = "membre supprimé"
# Closing one request may race a click of the other side: tried again a few times.
CLOSE_TRIES = 3


# Finding the person in texts ----------------------------------------------------------


def needles_of(user: User) -> list[str]:
    """The spellings that name ``user``: address, full name, public name, each name alone.
    Longest first, so that "Léa Dupont" is replaced whole before "Léa" alone."""
    found = {
        user.email,
        user.get_full_name(),
        f"{user.last_name} {user.first_name}".strip(),
        user.public_name if user.first_name else "",
        user.first_name,
        user.last_name,
    }
    return sorted((n.strip() for n in found if n and len(n.strip()) >= 2), key=len, reverse=True)


def _pattern(needles: list[str]) -> re.Pattern:
    # Whole words only: erasing "Léa" must leave "Léandre" alone.
    alternatives = "|".join(re.escape(needle) for needle in needles)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(REDACTED, text) if text else text


def _naming(field: str, needles: list[str]) -> Q:
    query = Q()
    for needle in needles:
        query |= Q(**{f"{field}__icontains": needle})
    return query


def _redact_field(queryset: models.QuerySet, field: str, needles: list[str]) -> int:
    """Replace the person's names in ``field`` of the rows of ``queryset`` naming them."""
    model = queryset.model
    max_length = model._meta.get_field(field).max_length
    pattern = _pattern(needles)
    changed = []
    for row in queryset.filter(_naming(field, needles)).only("pk", field).iterator(2000):
        before = getattr(row, field)
        after = redact(before, pattern)
        if after != before:
            setattr(row, field, after[:max_length] if max_length else after)
            changed.append(row)
    model.objects.bulk_update(changed, [field], batch_size=500)
    return len(changed)


# The steps ----------------------------------------------------------------------------


def _close_open_requests(user: User) -> None:
    """Fire ``leave`` on each open request of theirs (the other side is told on commit)."""
    from members.requests.services import AlreadyChangedError, transition

    mine = HelpRequest.objects.filter(Q(young_person=user) | Q(professional=user))
    for pk in mine.open().values_list("pk", flat=True):
        for _attempt in range(CLOSE_TRIES):
            try:
                transition(pk, TransitionName.LEAVE, None)
                break
            except AlreadyChangedError:
                # The other side acted at this moment: close it from its new state.
                if not HelpRequest.objects.open().filter(pk=pk).exists():
                    break


def _anonymise_requests(user: User, needles: list[str]) -> list[int]:
    """Their requests lose every free text; the requests they took part in otherwise
    (a counsellor's, a message, a transition) lose their names. Returns the latter's ids."""
    own = HelpRequest.objects.filter(Q(young_person=user) | Q(professional=user))
    own_ids = list(own.values_list("pk", flat=True))
    HelpRequest.objects.filter(pk__in=own_ids).update(
        **dict.fromkeys(HelpRequest.FREE_TEXT_FIELDS, "")
    )
    HelpRequestTransition.objects.filter(request_id__in=own_ids).update(reason="")
    touched = set(own_ids)
    touched.update(Message.objects.filter(author=user).values_list("request_id", flat=True))
    touched.update(
        HelpRequestTransition.objects.filter(actor=user).values_list("request_id", flat=True)
    )
    touched_ids = sorted(touched)
    requests = HelpRequest.objects.filter(pk__in=touched_ids)
    for field in ("hopes", "availability", "counsellor_comment", "decline_text", "close_reason"):
        _redact_field(requests, field, needles)
    for field in ("young_feedback", "professional_feedback"):
        _redact_field(requests, field, needles)
    _redact_field(
        HelpRequestTransition.objects.filter(request_id__in=touched_ids), "reason", needles
    )
    _redact_field(
        Notification.objects.filter(help_request_id__in=touched_ids).exclude(recipient=user),
        "text",
        needles,
    )
    return touched_ids


def _erase_messages(user: User, touched_ids: list[int], needles: list[str]) -> list[int]:
    """Their messages lose their text (but under an open report); others lose the names."""
    under_report = Exists(Report.objects.filter(message=OuterRef("pk"), resolved_at=None))
    theirs = Message.objects.filter(author=user)
    message_ids = [str(pk) for pk in theirs.values_list("pk", flat=True)]
    theirs.exclude(under_report).update(body="")
    _redact_field(Message.objects.filter(request_id__in=touched_ids), "body", needles)
    return message_ids


def _anonymise_moderation(user: User, message_ids: list[str], needles: list[str]) -> None:
    content_types = ContentType.objects.get_for_models(
        User, YoungPersonProfile, ProfessionalProfile, Message
    )
    about = Q(content_type=content_types[User], object_id=str(user.pk))
    for model in (YoungPersonProfile, ProfessionalProfile):
        ids = [str(pk) for pk in model.objects.filter(user=user).values_list("pk", flat=True)]
        if ids:
            about |= Q(content_type=content_types[model], object_id__in=ids)
    if message_ids:
        about |= Q(content_type=content_types[Message], object_id__in=message_ids)
    ModerationLog.objects.filter(about).update(target_repr=DELETED_MEMBER)
    logs = ModerationLog.objects.filter(about | Q(actor=user))
    _redact_field(logs, "reason", needles)
    _redact_field(logs, "target_repr", needles)
    if not (user.is_moderator or user.is_staff):
        # Staff decisions stay signed (accountability); anyone else's address goes.
        ModerationLog.objects.filter(actor=user).update(actor_email="")
    reports = Report.objects.filter(Q(reporter=user) | Q(message__author=user))
    _redact_field(reports, "text", needles)
    _redact_field(reports, "resolution", needles)


def _delete_traces(user: User, needles: list[str]) -> None:
    """Rows that hold their address without a link to the account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from wagtail.contrib.forms.models import FormSubmission
    from wagtail.models import ModelLogEntry

    from network.models import Structure, VolunteerAnswer
    from outbox.enums import EmailState
    from outbox.models import OutboxEmail

    email = user.email
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=email)).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()

    # Emails to them or naming them, but those a sender holds right now (pruned later).
    # Other people's emails name a young person by their public name, anyone else by
    # their full name.
    names = [n for n in (email, user.get_full_name(), user.public_name) if len(n) >= 2]
    to_them = Q()
    for field in ("to", "cc", "bcc", "reply_to"):
        to_them |= Q(**{f"{field}__icontains": email})
    naming = (
        to_them | _naming("subject", names) | _naming("body", names) | _naming("html_body", names)
    )
    OutboxEmail.objects.filter(naming).exclude(state=EmailState.SENDING).delete()
    DBTaskResult.objects.filter(args_kwargs__icontains=email).exclude(
        status=TaskResultStatus.RUNNING
    ).delete()
    FormSubmission.objects.filter(form_data__icontains=email).delete()

    # The same placeholder for all their answers: "one person counts once" stays true.
    for answer in VolunteerAnswer.objects.filter(email__iexact=email):
        answer.name = ""
        answer.email = f"ancien-membre-{user.pk}@invalid.invalid"
        answer.message = ""
        answer.save(update_fields=["name", "email", "message"])
    Structure.objects.filter(referent_email__iexact=email).update(
        referent_email="", referent_name=""
    )
    # Their own structure only: another structure's referent may share a first name.
    _redact_field(Structure.objects.filter(pk=user.structure_id), "referent_name", needles)
    ModelLogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
        | _naming("label", names)
    ).update(label=DELETED_MEMBER)


# Telling the people who must know ------------------------------------------------------


def is_last_active_referent(user: User) -> bool:
    if user.role != Role.REFERENT or not user.structure_id:
        return False
    return (
        not User.objects.filter(role=Role.REFERENT, structure_id=user.structure_id, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def moderator_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.MODERATOR) | Q(is_superuser=True))
        .values_list("email", flat=True)
    )


def _structure_admin_url(user: User) -> str:
    return absolute_url(reverse("wagtailsnippets_network_structure:edit", args=[user.structure_id]))


def _tell_structure(user: User) -> None:
    if is_last_active_referent(user):
        recipients = moderator_emails()
        if recipients:
            send_later(
                recipients,
                "privacy_referent_left",
                {"structure": user.structure.name, "admin_url": _structure_admin_url(user)},
                settings.LANGUAGE_CODE,
            )
    if user.role != Role.COUNSELLOR or not user.structure_id:
        return
    followed = YoungPersonProfile.objects.filter(counsellor=user).count()
    if not followed:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("members:young-people")
    referents = User.objects.filter(
        role=Role.REFERENT, structure_id=user.structure_id, is_active=True
    ).exclude(pk=user.pk)
    for referent in referents:
        send_later(
            referent.email,
            "privacy_counsellor_left",
            {
                "first_name": referent.first_name,
                "count": followed,
                "url": absolute_url(path),
            },
            referent.language or settings.LANGUAGE_CODE,
        )


# The whole ---------------------------------------------------------------------------


def delete_member(user: User, *, inactive: bool = False) -> None:
    """Delete ``user``'s account and every piece of personal data tied to it (module
    docstring: what is deleted, what is anonymised, what is kept and why).

    A goodbye email goes to the address of the account (``inactive`` says it was the
    inactivity purge, not the member, who deleted it): the one row left that holds it,
    until it is sent and pruned with the outbox's other sent emails.
    """
    with transaction.atomic():
        # One erasure at a time for one account; from here on, nobody tells them anything
        # (people inactive are skipped) and they cannot sign in.
        User.objects.select_for_update().filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        needles = needles_of(user)
        _close_open_requests(user)
        touched_ids = _anonymise_requests(user, needles)
        message_ids = _erase_messages(user, touched_ids, needles)
        _anonymise_moderation(user, message_ids, needles)
        _delete_traces(user, needles)
        end_sessions(user)
        _tell_structure(user)
        structures = set(
            HelpRequest.objects.filter(pk__in=touched_ids).values_list("structure_id", flat=True)
        )
        dashboard_cache.outdate_structure(user.structure_id, *structures)
        send_later(
            user.email,
            "privacy_account_deleted",
            {"first_name": user.first_name, "inactive": inactive},
            user.language or translation.get_language() or settings.LANGUAGE_CODE,
        )
        avatar = user.avatar.name if user.avatar else ""
        storage = user.avatar.storage if user.avatar else None
        user.delete()
        if avatar and storage is not None:
            transaction.on_commit(lambda: storage.delete(avatar))
