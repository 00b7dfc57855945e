"""The coup-de-pouce request's state machine (DESIGN.md, "The coup-de-pouce request").

One table, the single source of every transition: its name, the states it leaves, the
state it reaches, the sides of the request that may fire it, its address, its form, the
fields it writes, who is told, its success messages and its button. Adding a transition
is one entry below (and its tests): :mod:`members.requests.services` is the only code
that applies it, one view serves it (members.requests.views.transition_request) and the
request's page shows its button.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.access import Side, sides_of
from members.enums import OPEN_REQUEST_STATES, DeclineReason, HelpRequestState, Outcome
from members.requests import sharing
from members.requests.forms import (
    CloseForm,
    CompleteForm,
    DeclineForm,
    EmptyForm,
    OfferDeclineForm,
    ReturnForm,
    ValidateForm,
)

S = HelpRequestState


class TransitionName(StrEnum):
    """The transitions' names, as the transition log (HelpRequestTransition.name) stores
    them: the values never change."""

    SUBMIT = "submit"
    VALIDATE = "validate"
    RETURN = "return"
    ACCEPT = "accept"
    DECLINE = "decline"
    EXPIRE = "expire"
    COMPLETE = "complete"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    LEAVE = "leave"


class Told(StrEnum):
    """Who hears of a transition (members.requests.services resolves them; never the
    actor, never an inactive account)."""

    # Whoever acts next: the structure's counsellors when it awaits them, else the side
    # that answers it.
    NEXT = "next"
    AUTHOR = "author"
    YOUNG_PERSON = "young_person"
    # The young person or the professional, whichever did not fire it.
    OTHER_SIDE = "other_side"
    # Only once the request had reached them (sent or accepted).
    RECIPIENT_IF_REACHED = "recipient_if_reached"
    PROFESSIONAL_IF_REACHED = "professional_if_reached"


class ButtonStyle(StrEnum):
    """The CSS classes of a transition's button: secondary for those that end or send
    back, so that the way forward stands out."""

    PRIMARY = "button"
    SECONDARY = "button button-secondary"


# What a transition writes besides the state, from its form's cleaned data (validated
# there): (fields of the request, the reason the transition log keeps).
Writes = Callable[[dict[str, Any], Any, Any, datetime.datetime], tuple[dict[str, Any], str]]


def _writes_nothing(data, help_request, actor, now):
    return {}, ""


def _writes_comment(data, help_request, actor, now):
    comment = data.get("comment", "")
    return ({"counsellor_comment": comment} if comment else {}), comment


def _writes_return(data, help_request, actor, now):
    return {"counsellor_comment": data["comment"]}, data["comment"]


def _writes_answer(data, help_request, actor, now):
    return {"answered_at": now}, ""


def _writes_decline(data, help_request, actor, now):
    reason, text = data["reason"], data.get("text", "")
    return (
        {"decline_reason": reason, "decline_text": text, "answered_at": now},
        f"{DeclineReason(reason).label} {text}".strip(),
    )


def _writes_outcome(data, help_request, actor, now):
    side = "professional" if actor.pk == help_request.professional_id else "young"
    feedback = data.get("feedback", "")
    fields = {
        "outcome": data["outcome"],
        f"{side}_feedback": feedback,
        # Consent to quote it on the company's page, worth something only with a text, and
        # refused to a minor whatever was POSTed (members.requests.sharing).
        f"{side}_feedback_shared": bool(
            data.get("share_feedback")
            and feedback.strip()
            and sharing.may_share(actor, help_request)
        ),
        "completed_at": now,
    }
    return fields, str(Outcome(data["outcome"]).label)


def _writes_withdrawal(data, help_request, actor, now):
    return {}, data.get("reason", "")


def _writes_close(data, help_request, actor, now):
    return {"close_reason": data["reason"]}, data["reason"]


@dataclass(frozen=True)
class Transition:
    name: TransitionName
    sources: frozenset[HelpRequestState]
    target: HelpRequestState
    sides: frozenset[Side]
    label: str  # the button
    # The address's last word in the active language (…/demandes/12/accepter/): only the
    # transitions people fire have one.
    url_word: str = ""
    form: type[forms.Form] = EmptyForm
    # An offer's form when it differs (the young person declines a professional's offer).
    offer_form: type[forms.Form] | None = None
    writes: Writes = _writes_nothing
    told: tuple[Told, ...] = ()
    # The notification's event (request_<event>); empty: the state it reached.
    event: str = ""
    success: str = ""
    # For a professional's offer the two sides swap: the young person answers it.
    offer_success: str = ""
    button: ButtonStyle = ButtonStyle.PRIMARY
    # The label of a disclosure the form stays behind (a secondary action under the
    # conversation); empty: the form is shown.
    disclosure: str = ""
    # What the request's timeline says under the step, besides its reason.
    timeline_note: str = ""

    @property
    def fired_by_people(self) -> bool:
        return Side.SYSTEM not in self.sides

    def form_for(self, help_request) -> type[forms.Form]:
        if help_request.offered_by_professional and self.offer_form is not None:
            return self.offer_form
        return self.form

    def url(self, request_pk: int) -> str:
        """The address that fires it on request ``request_pk``, in the active language."""
        return reverse(
            "members:request-transition", kwargs={"pk": request_pk, "action": self.url_word}
        )

    def success_for(self, help_request) -> str:
        if help_request.offered_by_professional and self.offer_success:
            return str(self.offer_success)
        return str(self.success)


N = TransitionName

TRANSITIONS: dict[TransitionName, Transition] = {
    t.name: t
    for t in (
        # Goes to AWAITING_COUNSELLOR instead when the request needs validation (see
        # members.requests.services.needs_validation).
        Transition(
            N.SUBMIT,
            frozenset({S.DRAFT}),
            S.SENT,
            frozenset({Side.AUTHOR}),
            _("Envoyer"),
            url_word=_("envoyer"),
            told=(Told.NEXT,),
            success=_("Votre demande est envoyée !"),
            offer_success=_("Votre proposition est envoyée !"),
        ),
        Transition(
            N.VALIDATE,
            frozenset({S.AWAITING_COUNSELLOR}),
            S.SENT,
            frozenset({Side.COUNSELLOR}),
            _("Valider"),
            url_word=_("valider"),
            form=ValidateForm,
            writes=_writes_comment,
            told=(Told.NEXT,),
            success=_("La demande est validée et envoyée au ou à la professionnel·le."),
            offer_success=_("La proposition est validée et transmise au ou à la jeune."),
        ),
        Transition(
            N.RETURN,
            frozenset({S.AWAITING_COUNSELLOR}),
            S.DRAFT,
            frozenset({Side.COUNSELLOR}),
            _("Renvoyer au jeune"),
            url_word=_("renvoyer"),
            form=ReturnForm,
            writes=_writes_return,
            told=(Told.AUTHOR,),
            event="returned",
            success=_("La demande est renvoyée au ou à la jeune avec votre commentaire."),
            offer_success=_(
                "La proposition est renvoyée au ou à la professionnel·le avec votre commentaire."
            ),
            button=ButtonStyle.SECONDARY,
        ),
        Transition(
            N.ACCEPT,
            frozenset({S.SENT}),
            S.ACCEPTED,
            frozenset({Side.RECIPIENT}),
            _("Accepter"),
            url_word=_("accepter"),
            writes=_writes_answer,
            told=(Told.AUTHOR,),
            success=_("Vous avez accepté ce coup de pouce. Merci !"),
            offer_success=_(
                "Vous avez accepté ce coup de pouce. Le ou la professionnel·le est prévenu·e."
            ),
        ),
        Transition(
            N.DECLINE,
            frozenset({S.SENT}),
            S.DECLINED,
            frozenset({Side.RECIPIENT}),
            _("Décliner"),
            url_word=_("decliner"),
            form=DeclineForm,
            offer_form=OfferDeclineForm,
            writes=_writes_decline,
            told=(Told.AUTHOR,),
            success=_("La demande est déclinée. Le ou la jeune verra votre motif."),
            offer_success=_(
                "Vous avez décliné cette proposition. Le ou la professionnel·le verra votre motif."
            ),
            button=ButtonStyle.SECONDARY,
        ),
        Transition(
            N.EXPIRE,
            frozenset({S.SENT}),
            S.EXPIRED,
            frozenset({Side.SYSTEM}),
            _("Expirer"),
            told=(Told.YOUNG_PERSON,),
        ),
        Transition(
            N.COMPLETE,
            frozenset({S.ACCEPTED}),
            S.COMPLETED,
            frozenset({Side.YOUNG_PERSON, Side.PROFESSIONAL}),
            _("Terminer"),
            url_word=_("terminer"),
            form=CompleteForm,
            writes=_writes_outcome,
            # The other side is asked for their feedback.
            told=(Told.OTHER_SIDE,),
            success=_("Le coup de pouce est terminé. Merci pour votre retour !"),
            disclosure=_("Terminer ce coup de pouce"),
        ),
        # Whoever wrote it takes it back: the young person, or the professional for an offer
        # (the young person answers an offer: accept or decline).
        Transition(
            N.WITHDRAW,
            OPEN_REQUEST_STATES,
            S.WITHDRAWN,
            frozenset({Side.AUTHOR}),
            _("Retirer"),
            url_word=_("retirer"),
            writes=_writes_withdrawal,
            success=_("La demande est retirée."),
            offer_success=_("La proposition est retirée."),
            button=ButtonStyle.SECONDARY,
        ),
        Transition(
            N.CLOSE,
            OPEN_REQUEST_STATES,
            S.CLOSED,
            frozenset({Side.COUNSELLOR, Side.MODERATOR}),
            _("Clore"),
            url_word=_("clore"),
            form=CloseForm,
            writes=_writes_close,
            told=(Told.YOUNG_PERSON, Told.PROFESSIONAL_IF_REACHED),
            success=_("La demande est close."),
            offer_success=_("La proposition est close."),
            button=ButtonStyle.SECONDARY,
        ),
        # The young person or the professional deleted their account (members.privacy.
        # erasure): the request ends, and the other side is told it did (the member who
        # left is inactive already).
        Transition(
            N.LEAVE,
            OPEN_REQUEST_STATES,
            S.CLOSED,
            frozenset({Side.SYSTEM}),
            _("Clore : compte supprimé"),
            told=(Told.AUTHOR, Told.RECIPIENT_IF_REACHED),
            event="member_left",
            timeline_note=_("Un membre de cette demande a supprimé son compte."),
        ),
    )
}


def by_url_word(word: str) -> Transition | None:
    """The transition people fire (expiry and leaving are the system's) whose address ends
    in ``word`` in the active language; None when none does."""
    for spec in TRANSITIONS.values():
        if spec.fired_by_people and str(spec.url_word) == word:
            return spec
    return None


def may(user, help_request, name: str) -> bool:
    """Whether ``user`` holds a side that may fire ``name`` (the state is not checked)."""
    return bool(TRANSITIONS[name].sides & sides_of(user, help_request))


def available(user, help_request) -> list[Transition]:
    """The transitions ``user`` may fire on ``help_request`` in its current state."""
    return [
        spec
        for spec in TRANSITIONS.values()
        if spec.fired_by_people
        and help_request.state in spec.sources
        and may(user, help_request, spec.name)
    ]
