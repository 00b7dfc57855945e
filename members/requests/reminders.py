"""Nobody waits in silence (DESIGN.md, "The coup-de-pouce request").

The escalation ladder of a request left unanswered in state ``sent``, and the follow-up
of a completed one, run by ``manage.py send_request_reminders``:

- day 3: the person who must answer is reminded (level 1);
- day 7: reminded again (level 2);
- day 10: the counsellors of the young person's structure learn the young person waits
  (level 3);
- day 14: the request expires through :func:`members.requests.services.expire`, which
  emails the young person; they also get up to three other professionals to ask, each
  with why, and with fewer the way to ask their counsellor;
- 90 days after completion: the young person is asked what came of it.

The days are ``settings.REQUEST_ESCALATION``. Each step is claimed with a conditional
UPDATE before its email is written to the outbox (one INSERT per batch of requests, sent
after the commit), so two runs at once, or one after the other, never send the same email
twice. The windows of the steps do not overlap: a request the command has not seen for a
week gets only the highest step it has reached.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from config.site_url import absolute_url
from members import dashboard_cache
from members.enums import HelpKind, HelpRequestState, Role
from members.models import HelpRequest, User
from members.notifications.services import notify
from members.requests import services as request_services
from outbox import services as outbox

BATCH_SIZE = 500

FIRST_REMINDER = 1
SECOND_REMINDER = 2
COUNSELLOR_ALERT = 3


@dataclass
class StepResult:
    name: str
    claimed: int = 0  # requests this run moved to the step
    emails: int = 0  # emails enqueued

    def __str__(self) -> str:
        return f"{self.name} : {self.claimed} demande(s), {self.emails} email(s)"


def days(key: str) -> datetime.timedelta:
    return datetime.timedelta(days=settings.REQUEST_ESCALATION[key])


def _absolute(path: str) -> str:
    return absolute_url(path)


def _language(person: User) -> str:
    return person.language or settings.LANGUAGE_CODE


def _reachable(person: User | None) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _chunks(queryset: QuerySet, size: int = BATCH_SIZE) -> Iterator[list]:
    """``queryset`` in pages of ``size`` by primary key (keyset: no OFFSET, no long cursor)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _waiting() -> QuerySet:
    """Sent requests with their people: read through the ``(state, sent_at)`` index."""
    return HelpRequest.objects.filter(state=HelpRequestState.SENT).select_related(
        "young_person", "professional", "structure"
    )


def _claim_level(help_request: HelpRequest, level: int) -> bool:
    """Move the request to ``level``; False when another run (or a newer send) got there."""
    return bool(
        HelpRequest.objects.filter(
            pk=help_request.pk,
            state=HelpRequestState.SENT,
            sent_at=help_request.sent_at,
            reminder_level__lt=level,
        ).update(reminder_level=level)
    )


def _notify(help_request: HelpRequest, person: User, event: str, context: dict) -> None:
    """The in-app notification and its email (now or in the digest), linking the request."""
    notify(
        person,
        event,
        context,
        help_request=help_request,
        url=help_request.path_in(_language(person)),
    )


def _context(help_request: HelpRequest, person: User, **extra) -> dict:
    """Plain values for the email to ``person``, rendered in their language."""
    language = _language(person)
    with translation.override(language):
        young, pro = help_request.young_person, help_request.professional
        return {
            "first_name": person.first_name,
            "young_name": young.public_name if young else "",
            "professional_name": pro.get_full_name() if pro else "",
            "kind": str(HelpKind(help_request.kind).label),
            "offer": help_request.offered_by_professional,
            "days": (timezone.now() - help_request.sent_at).days if help_request.sent_at else 0,
            "url": absolute_url(help_request.path_in(language)),
            **extra,
        }


# Reminders to the person who must answer -----------------------------------------------


def _answerer(help_request: HelpRequest) -> User | None:
    """The professional; the young person when the professional offered the coup de pouce."""
    if help_request.offered_by_professional:
        return help_request.young_person
    return help_request.professional


def remind(now: datetime.datetime, level: int) -> StepResult:
    """Day 3 (level 1) or day 7 (level 2), up to the next step's day (not included)."""
    if level == FIRST_REMINDER:
        start, end, name = days("first_reminder_days"), days("second_reminder_days"), "first"
    else:
        start, end, name = days("second_reminder_days"), days("counsellor_alert_days"), "second"
    result = StepResult(f"Relance {level} (jour {start.days})")
    candidates = _waiting().filter(
        sent_at__lte=now - start, sent_at__gt=now - end, reminder_level__lt=level
    )
    for chunk in _chunks(candidates):
        with transaction.atomic(), outbox.batch():
            for help_request in chunk:
                if not _claim_level(help_request, level):
                    continue
                result.claimed += 1
                person = _answerer(help_request)
                if _reachable(person):
                    _notify(
                        help_request, person, f"reminder_{name}", _context(help_request, person)
                    )
                    result.emails += 1
    return result


# Counsellors ----------------------------------------------------------------------------


def _counsellors_by_structure(structure_ids: set[int]) -> dict[int, list[User]]:
    counsellors = defaultdict(list)
    for user in User.objects.filter(
        role=Role.COUNSELLOR, structure_id__in=structure_ids, is_active=True
    ).order_by("pk"):
        counsellors[user.structure_id].append(user)
    return counsellors


def alert_counsellors(now: datetime.datetime) -> StepResult:
    """Day 10: the counsellors of the request's structure learn the young person waits."""
    result = StepResult(f"Alerte conseiller·ère (jour {days('counsellor_alert_days').days})")
    candidates = _waiting().filter(
        sent_at__lte=now - days("counsellor_alert_days"),
        sent_at__gt=now - days("expiry_days"),
        reminder_level__lt=COUNSELLOR_ALERT,
    )
    for chunk in _chunks(candidates):
        counsellors = _counsellors_by_structure(
            {r.structure_id for r in chunk if r.structure_id is not None}
        )
        with transaction.atomic(), outbox.batch():
            for help_request in chunk:
                if not _claim_level(help_request, COUNSELLOR_ALERT):
                    continue
                result.claimed += 1
                for person in counsellors.get(help_request.structure_id, []):
                    if not _reachable(person):
                        continue
                    _notify(
                        help_request, person, "reminder_counsellor", _context(help_request, person)
                    )
                    result.emails += 1
    return result


# Expiry ---------------------------------------------------------------------------------


def _alternatives_context(help_request: HelpRequest, language: str) -> list[dict]:
    """Whom else to ask, each with why: the same alternatives, in the same order, as the
    request's page shows after the expiry (:func:`requests.alternatives_for`), the reasons
    in the young person's language."""
    with translation.override(language):
        return [
            {
                "name": profile.user.get_full_name(),
                "job_title": profile.job_title,
                "company": profile.company.name if profile.company else "",
                "reason": suggestion.reason,
                "url": _absolute(reverse("members:professional", kwargs={"pk": profile.pk})),
            }
            for suggestion in request_services.alternatives_for(help_request)
            for profile in [suggestion.professional_profile]
        ]


def expire_unanswered(now: datetime.datetime) -> StepResult:
    """Day 14: expire through the workflow (it emails the young person), then suggest up to
    three other professionals. The transition's conditional UPDATE is the claim."""
    result = StepResult(f"Expiration (jour {days('expiry_days').days})")
    candidates = _waiting().filter(sent_at__lte=now - days("expiry_days"))
    for chunk in _chunks(candidates):
        for help_request in chunk:
            with transaction.atomic(), outbox.batch():
                if not request_services.expire(help_request):
                    continue  # answered, withdrawn or expired by another run meanwhile
                result.claimed += 1
                young = help_request.young_person
                if help_request.offered_by_professional or not _reachable(young):
                    continue
                others = _alternatives_context(help_request, _language(young))
                # Sent with fewer alternatives, or none, too: then it says how to ask the
                # counsellor (from the request's page, as after a decline).
                _notify(
                    help_request,
                    young,
                    "reminder_alternatives",
                    _context(
                        help_request,
                        young,
                        alternatives=others,
                        ask_counsellor=len(others) < request_services.ALTERNATIVES,
                    ),
                )
                result.emails += 1
    return result


# Follow-up ------------------------------------------------------------------------------


def follow_up(now: datetime.datetime) -> StepResult:
    """Three months after completion, ask the young person what came of it, once."""
    result = StepResult(f"Nouvelles à {days('follow_up_days').days} jours")
    candidates = HelpRequest.objects.filter(
        state=HelpRequestState.COMPLETED,
        completed_at__lte=now - days("follow_up_days"),
        follow_up_sent_at__isnull=True,
    ).select_related("young_person", "professional", "structure")
    for chunk in _chunks(candidates):
        with transaction.atomic(), outbox.batch():
            for help_request in chunk:
                claimed = HelpRequest.objects.filter(
                    pk=help_request.pk, follow_up_sent_at__isnull=True
                ).update(follow_up_sent_at=now)
                if not claimed:
                    continue
                dashboard_cache.outdate_structure(help_request.structure_id)
                result.claimed += 1
                young = help_request.young_person
                if not _reachable(young):
                    continue
                _notify(help_request, young, "reminder_follow_up", _context(help_request, young))
                result.emails += 1
    return result


def run(now: datetime.datetime | None = None) -> list[StepResult]:
    """Every step, highest first, so a request in a later window is never reminded too."""
    now = now or timezone.now()
    return [
        expire_unanswered(now),
        alert_counsellors(now),
        remind(now, SECOND_REMINDER),
        remind(now, FIRST_REMINDER),
        follow_up(now),
    ]
