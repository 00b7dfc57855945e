"""What came of a coup de pouce, three months later (DESIGN.md, "The coup-de-pouce request").

The scheduler asks the young person once (:func:`members.requests.reminders.follow_up`
sets ``follow_up_sent_at``); the young person, or a counsellor of their structure with
them, records the answer once on the request's page. It feeds the figures.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from config import caching
from members import dashboard_cache
from members.access import Side, sides_of
from members.enums import FollowUpOutcome, HelpRequestState
from members.models import HelpRequest, User
from members.requests.services import RequestError, TransitionNotAllowedError

# Who records the three-month outcome: the young person, or their counsellor with them.
FOLLOW_UP_SIDES = frozenset({Side.YOUNG_PERSON, Side.COUNSELLOR})


def follow_up_pending(help_request: HelpRequest) -> bool:
    """The young person was asked what came of it and nobody answered yet."""
    return (
        help_request.state == HelpRequestState.COMPLETED
        and help_request.follow_up_sent_at is not None
        and not help_request.follow_up_outcome
    )


def may_record_follow_up(user: User, help_request: HelpRequest) -> bool:
    return follow_up_pending(help_request) and bool(sides_of(user, help_request) & FOLLOW_UP_SIDES)


def record_follow_up(help_request: HelpRequest, actor: User, outcome: str) -> None:
    """Record the three-month outcome, once.

    Raises :class:`TransitionNotAllowedError` (403) when ``actor`` is neither the young
    person nor a counsellor of their structure, and :class:`RequestError` when the outcome
    is not one of the list, was not asked for yet or was already recorded (two people, or
    two tabs, at once: the conditional UPDATE lets one through).
    """
    if not sides_of(actor, help_request) & FOLLOW_UP_SIDES:
        raise TransitionNotAllowedError
    if outcome not in FollowUpOutcome.values:
        raise RequestError(_("Choisissez ce qui est sorti de ce coup de pouce."))
    updated = HelpRequest.objects.filter(
        pk=help_request.pk,
        state=HelpRequestState.COMPLETED,
        follow_up_sent_at__isnull=False,
        follow_up_outcome="",
    ).update(follow_up_outcome=outcome, updated_at=timezone.now())
    if not updated:
        raise RequestError(not_pending_message())
    dashboard_cache.outdate_structure(help_request.structure_id)
    # The home page's figures show the three-month outcomes (home.figures).
    caching.outdate(caching.FIGURES)
    help_request.follow_up_outcome = outcome


def not_pending_message() -> str:
    return _(
        "Le résultat à trois mois de ce coup de pouce est déjà noté, ou il n’est pas encore "
        "demandé : rien n’a été modifié."
    )
