"""The coup-de-pouce request's state machine (DESIGN.md, "The coup-de-pouce request").

One table: each transition's name, the states it leaves, the state it reaches and the
sides of the request that may fire it. :mod:`members.services.requests` is the only code
that applies it; the views, the templates and the tests read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from members.enums import OPEN_REQUEST_STATES, HelpRequestState, Role

S = HelpRequestState


class Side(StrEnum):
    """How a person stands towards one request."""

    # Who wrote it: the young person, or the professional for an offer.
    AUTHOR = "author"
    # Who answers it: the professional, or the young person for an offer.
    RECIPIENT = "recipient"
    YOUNG_PERSON = "young_person"
    PROFESSIONAL = "professional"
    COUNSELLOR = "counsellor"  # a counsellor of the young person's structure
    MODERATOR = "moderator"
    SYSTEM = "system"  # scheduled jobs (expiry), no person


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[HelpRequestState]
    target: HelpRequestState
    sides: frozenset[Side]
    label: str  # the button
    # The reason the form asks for (return, decline, close), or the outcome (complete).
    needs_reason: bool = False


def _t(name, sources, target, sides, label, **extra) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(sides), label, **extra)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        # Goes to AWAITING_COUNSELLOR instead when the request needs validation (see
        # members.services.requests.needs_validation).
        _t("submit", {S.DRAFT}, S.SENT, {Side.AUTHOR}, _("Envoyer")),
        _t("validate", {S.AWAITING_COUNSELLOR}, S.SENT, {Side.COUNSELLOR}, _("Valider")),
        _t(
            "return",
            {S.AWAITING_COUNSELLOR},
            S.DRAFT,
            {Side.COUNSELLOR},
            _("Renvoyer au jeune"),
            needs_reason=True,
        ),
        _t("accept", {S.SENT}, S.ACCEPTED, {Side.RECIPIENT}, _("Accepter")),
        _t("decline", {S.SENT}, S.DECLINED, {Side.RECIPIENT}, _("Décliner"), needs_reason=True),
        _t("expire", {S.SENT}, S.EXPIRED, {Side.SYSTEM}, _("Expirer")),
        _t(
            "complete",
            {S.ACCEPTED},
            S.COMPLETED,
            {Side.YOUNG_PERSON, Side.PROFESSIONAL},
            _("Terminer"),
            needs_reason=True,
        ),
        # Whoever wrote it takes it back: the young person, or the professional for an offer
        # (the young person answers an offer: accept or decline).
        _t("withdraw", OPEN_REQUEST_STATES, S.WITHDRAWN, {Side.AUTHOR}, _("Retirer")),
        _t(
            "close",
            OPEN_REQUEST_STATES,
            S.CLOSED,
            {Side.COUNSELLOR, Side.MODERATOR},
            _("Clore"),
            needs_reason=True,
        ),
        # The young person or the professional deleted their account (members.services.
        # erasure): the request ends, and the other side is told it did.
        _t("leave", OPEN_REQUEST_STATES, S.CLOSED, {Side.SYSTEM}, _("Clore : compte supprimé")),
    )
}

# Transitions people fire from the request's page (expiry is the scheduler's).
USER_TRANSITIONS = tuple(name for name, t in TRANSITIONS.items() if Side.SYSTEM not in t.sides)


def sides_of(user, help_request) -> frozenset[Side]:
    """Every side ``user`` holds on ``help_request`` (none for a stranger)."""
    if user is None:
        return frozenset({Side.SYSTEM})
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    sides = set()
    if user.is_moderator:
        sides.add(Side.MODERATOR)
    if user.role == Role.YOUNG_PERSON and help_request.young_person_id == user.pk:
        sides.add(Side.YOUNG_PERSON)
    if user.role == Role.PROFESSIONAL and help_request.professional_id == user.pk:
        sides.add(Side.PROFESSIONAL)
    if (
        user.role == Role.COUNSELLOR
        and user.structure_id
        and help_request.structure_id == user.structure_id
    ):
        sides.add(Side.COUNSELLOR)
    offer = help_request.offered_by_professional
    if Side.YOUNG_PERSON in sides:
        sides.add(Side.RECIPIENT if offer else Side.AUTHOR)
    if Side.PROFESSIONAL in sides:
        sides.add(Side.AUTHOR if offer else Side.RECIPIENT)
    return frozenset(sides)


def may(user, help_request, name: str) -> bool:
    """Whether ``user`` holds a side that may fire ``name`` (the state is not checked)."""
    return bool(TRANSITIONS[name].sides & sides_of(user, help_request))


def available(user, help_request) -> list[Transition]:
    """The transitions ``user`` may fire on ``help_request`` in its current state."""
    return [
        TRANSITIONS[name]
        for name in USER_TRANSITIONS
        if help_request.state in TRANSITIONS[name].sources and may(user, help_request, name)
    ]
