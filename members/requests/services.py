"""Coup-de-pouce requests: writing one, and moving it through :mod:`members.requests.workflow`.

Every state change goes through :func:`transition`: it checks the person's side on the
request, changes the row with ONE conditional UPDATE (``state IN sources``), writes the
transition log and enqueues the emails on commit, all in one transaction. Two people
acting at once: the UPDATE of the second matches no row and they get
:class:`AlreadyChangedError`, never a second transition.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members import dashboard_cache
from members.access import Side, sides_of, young_person_may_act
from members.conversations.masking import hide_contacts, masks_contacts
from members.directory import capacity, suggestions
from members.enums import (
    DeclineReason,
    HelpKind,
    HelpRequestState,
    Role,
)
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    ProfessionalProfile,
    User,
    YoungPersonProfile,
)
from members.notifications.services import notify
from members.requests import sharing
from members.requests.workflow import TRANSITIONS, Told
from members.requests.workflow import TransitionName as N

MAX_CREATED_PER_DAY = 3
MAX_OPEN = 5
MAX_OFFERS_PER_DAY = 5
ALTERNATIVES = 3


class RequestError(Exception):
    """A rule refuses the action; the message is for the person (French, translated)."""


class AlreadyChangedError(RequestError):
    """The request left the expected state in the meantime (another click, tab or person)."""


class TransitionNotAllowedError(PermissionDenied):
    """The person holds no side that may fire this transition."""


# Rules -------------------------------------------------------------------------------


def _is_minor(young_person: User | None) -> bool:
    profile = getattr(young_person, "young_profile", None)
    return profile is None or profile.is_minor


def needs_validation(help_request: HelpRequest) -> bool:
    """Minors, hosting, anything in person with a minor, or the structure's choice."""
    if _is_minor(help_request.young_person):
        # Every request of a minor, so anything in person (IN_PERSON_KINDS) among them.
        return True
    if help_request.kind == HelpKind.HOSTING:
        return True
    structure = help_request.structure
    return structure is None or structure.requires_validation


def kinds_needing_validation(young_person: User, kinds: list[str]) -> list[str]:
    """The kinds among ``kinds`` that ``young_person``'s counsellor would read before they
    are sent: :func:`needs_validation` on the request they would write, so that what the
    form explains is the rule ``submit`` follows."""
    return [
        kind
        for kind in kinds
        if needs_validation(
            HelpRequest(young_person=young_person, structure=young_person.structure, kind=kind)
        )
    ]


def can_receive_error(profile: ProfessionalProfile | None) -> str:
    """Why this professional cannot receive a request now ("" when they can)."""
    if profile is None or not profile.is_approved or not profile.user.is_active:
        return _("Ce ou cette professionnel·le ne reçoit pas de demandes.")
    if profile.is_paused:
        return _(
            "Ce ou cette professionnel·le a mis ses coups de pouce en pause : "
            "demandez à quelqu’un d’autre."
        )
    # The counter as read with ``profile``: under the row's lock in a transition.
    if profile.capacity_left_this_month() <= 0:
        return _(
            "Ce ou cette professionnel·le a déjà reçu toutes les demandes qu’il ou elle peut "
            "accepter ce mois-ci : demandez à quelqu’un d’autre."
        )
    return ""


def waiting_error(young_person: User | None) -> str:
    """Why this young person may not ask anything yet ("" when they may): a counsellor of
    their structure has not confirmed them (members.access.young_person_may_act)."""
    if young_person is None or young_person_may_act(young_person):
        return ""
    return _(
        "Votre conseiller ou votre conseillère doit d’abord confirmer votre inscription : "
        "vous pourrez ensuite demander un coup de pouce."
    )


def kind_error(kind: str, young_person: User, profile: ProfessionalProfile) -> str:
    """Why ``young_person`` may not ask ``profile`` for this kind ("" when they may)."""
    if kind not in profile.help_kinds:
        return _("Ce ou cette professionnel·le ne propose pas ce coup de pouce.")
    if kind == HelpKind.HOSTING:
        if _is_minor(young_person):
            return _("L’hébergement n’est possible que pour les jeunes majeurs.")
        if not profile.verified_in_person:
            return _(
                "L’hébergement n’est possible qu’avec un·e professionnel·le vérifié·e par "
                "l’association."
            )
    return ""


def kinds_for(young_person: User, profile: ProfessionalProfile) -> list[tuple[str, str]]:
    """The kinds of coup de pouce this young person may ask this professional for."""
    return [
        (kind.value, kind.label)
        for kind in HelpKind
        if not kind_error(kind.value, young_person, profile)
    ]


# Writing a request -------------------------------------------------------------------


def _day_start() -> datetime.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def create(
    young_person: User,
    profile: ProfessionalProfile,
    *,
    kind: str,
    hopes: str,
    availability: str = "",
    submit: bool = False,
) -> HelpRequest:
    """A draft from ``young_person`` to ``profile``'s professional, submitted if asked.

    Raises :class:`RequestError` when an abuse limit or a safety rule refuses it.
    """
    error = waiting_error(young_person)
    if error:
        raise RequestError(error)
    with transaction.atomic():
        # One young person's requests are written one at a time: the limits below are
        # counted under this lock, so two tabs cannot both slip under them.
        # FOR NO KEY UPDATE: it still lets a transition insert rows pointing at this person.
        User.objects.select_for_update(no_key=True).filter(pk=young_person.pk).first()
        # Only what they wrote themselves: offers made to them must not use up their limits.
        mine = HelpRequest.objects.filter(young_person=young_person, offered_by_professional=False)
        if mine.filter(created_at__gte=_day_start()).count() >= MAX_CREATED_PER_DAY:
            raise RequestError(
                _(
                    "Vous avez déjà écrit %(max)d demandes aujourd’hui. Revenez demain, ou "
                    "parlez-en à votre conseiller·ère."
                )
                % {"max": MAX_CREATED_PER_DAY}
            )
        if mine.open().count() >= MAX_OPEN:
            raise RequestError(
                _(
                    "Vous avez déjà %(max)d demandes en cours. Attendez une réponse, ou retirez "
                    "une demande, avant d’en écrire une autre."
                )
                % {"max": MAX_OPEN}
            )
        # The counter may have moved since ``profile`` was read (another request sent).
        profile.refresh_from_db(fields=["capacity_month", "sent_in_month"])
        error = kind_error(kind, young_person, profile) or can_receive_error(profile)
        if error:
            raise RequestError(error)
        try:
            with transaction.atomic():
                help_request = HelpRequest.objects.create(
                    young_person=young_person,
                    professional=profile.user,
                    structure_id=young_person.structure_id,
                    kind=kind,
                    hopes=hopes,
                    availability=availability,
                )
        except IntegrityError as error:
            raise RequestError(duplicate_message()) from error
    if submit:
        transition(help_request.pk, N.SUBMIT, young_person)
        help_request.refresh_from_db()
    return help_request


def duplicate_message() -> str:
    return _(
        "Vous avez déjà une demande en cours avec ce ou cette professionnel·le : "
        "retrouvez-la dans « Mes demandes »."
    )


def has_open_request(young_person: User, professional: User) -> bool:
    return (
        HelpRequest.objects.open()
        .filter(young_person=young_person, professional=professional)
        .exists()
    )


# A professional's offer to a visible young person ----------------------------------------


def offer_error(profile: ProfessionalProfile | None) -> str:
    """Why this professional cannot offer a coup de pouce now ("" when they can)."""
    if profile is None or not profile.is_approved or not profile.user.is_active:
        return _("Seul·es les professionnel·les approuvé·es peuvent proposer un coup de pouce.")
    if profile.is_paused:
        return _(
            "Vos coups de pouce sont en pause : reprenez-les depuis votre profil pour en "
            "proposer un."
        )
    if profile.capacity_left_this_month() <= 0:
        return _(
            "Vous avez atteint le nombre de coups de pouce que vous donnez par mois "
            "(%(capacity)d). Vous pourrez en proposer d’autres le mois prochain, ou augmenter "
            "ce nombre dans votre profil."
        ) % {"capacity": profile.monthly_capacity}
    offered_today = HelpRequest.objects.filter(
        professional_id=profile.user_id, offered_by_professional=True, created_at__gte=_day_start()
    ).count()
    if offered_today >= MAX_OFFERS_PER_DAY:
        return _(
            "Vous avez déjà proposé %(max)d coups de pouce aujourd’hui. Revenez demain : les "
            "jeunes ont besoin de temps pour répondre."
        ) % {"max": MAX_OFFERS_PER_DAY}
    return ""


def offer_kinds_for(young_person: User, profile: ProfessionalProfile) -> list[tuple[str, str]]:
    """The kinds this professional may offer this young person (the safety rules of
    :func:`kind_error`), those the young person looks for first."""
    wanted = set(getattr(getattr(young_person, "young_profile", None), "help_wanted", []))
    kinds = kinds_for(young_person, profile)
    return sorted(kinds, key=lambda kind: kind[0] not in wanted)


def duplicate_offer_message() -> str:
    return _(
        "Vous avez déjà un échange en cours avec ce ou cette jeune : le voici. Attendez qu’il "
        "se termine avant de proposer autre chose."
    )


def create_offer(
    professional: User,
    young_person: User,
    kind: str,
    hopes: str,
    availability: str = "",
) -> HelpRequest:
    """An offer from ``professional`` to ``young_person``, submitted at once.

    It reaches the young person (``sent``), or their counsellor first
    (``awaiting_counsellor``) when :func:`needs_validation` says so. All or nothing: when a
    rule refuses it, nothing is written. Raises :class:`RequestError`.
    """
    with transaction.atomic():
        # One professional's offers are written one at a time: the daily limit is counted
        # under this lock, so two tabs cannot both slip under it.
        User.objects.select_for_update(no_key=True).filter(pk=professional.pk).first()
        profile = (
            ProfessionalProfile.objects.select_related("user").filter(user=professional).first()
        )
        error = offer_error(profile)
        if error:
            raise RequestError(error)
        if (
            not YoungPersonProfile.objects.visible_to(professional)
            .filter(user=young_person)
            .exists()
        ):
            raise RequestError(
                _("Ce ou cette jeune ne montre plus son profil : vous ne pouvez pas lui écrire.")
            )
        error = kind_error(kind, young_person, profile)
        if error:
            raise RequestError(error)
        try:
            with transaction.atomic():
                help_request = HelpRequest.objects.create(
                    young_person=young_person,
                    professional=professional,
                    structure_id=young_person.structure_id,
                    kind=kind,
                    hopes=hopes,
                    availability=availability,
                    offered_by_professional=True,
                )
        except IntegrityError as error:
            raise RequestError(duplicate_offer_message()) from error
        return transition(help_request.pk, N.SUBMIT, professional)


# Transitions -------------------------------------------------------------------------


def already_changed(request_id: int) -> AlreadyChangedError:
    state = HelpRequest.objects.filter(pk=request_id).values_list("state", flat=True).first()
    label = HelpRequestState(state).label if state else "—"
    return AlreadyChangedError(
        _(
            "Cette demande a déjà changé (quelqu’un d’autre, ou un autre onglet, est passé "
            "avant vous) : elle est maintenant « %(state)s ». Rien n’a été modifié."
        )
        % {"state": label}
    )


def _lock_capacity(help_request: HelpRequest, send: bool) -> None:
    """Refuse sending to a paused or full professional; the lock serialises senders.

    ``send``: the request becomes ``sent`` in this transaction, so it takes one of this
    month's places (members.directory.capacity.count_sent, under the same lock). None is
    given back later, whatever becomes of the request.
    """
    profile = (
        ProfessionalProfile.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(user_id=help_request.professional_id)
        .first()
    )
    error = can_receive_error(profile)
    if error:
        raise RequestError(error)
    if send:
        capacity.count_sent(profile)


def transition(
    request_id: int,
    name: str,
    actor: User | None,
    *,
    seen_state: str = "",
    **data: Any,
) -> HelpRequest:
    """Fire transition ``name`` on request ``request_id`` as ``actor`` (None: the system).

    ``seen_state`` is the state the person saw when they clicked (the page's form sends
    it): a click from a stale tab then changes nothing, even when the new state would
    allow the same transition (withdrawing a request that was accepted meanwhile).

    Raises :class:`TransitionNotAllowedError` (a 403) when ``actor`` may not fire it,
    :class:`AlreadyChangedError` when the request is no longer in a state it leaves, and
    :class:`RequestError` when the input or a rule refuses it. The caller has already
    looked the request up in ``HelpRequest.objects.visible_to(actor)``.
    """
    spec = TRANSITIONS[name]
    help_request = HelpRequest.objects.select_related(
        "young_person__young_profile", "professional", "structure"
    ).get(pk=request_id)
    if not spec.sides & sides_of(actor, help_request):
        raise TransitionNotAllowedError
    # A young person not confirmed yet acts on nothing, and nothing reaches a professional
    # (or them, for an offer) before a counsellor confirmed them, whoever fires it.
    error = waiting_error(actor)
    if error:
        raise RequestError(error)
    sources = spec.sources
    if seen_state:
        sources = {seen_state} & sources
    if help_request.state not in sources:
        raise already_changed(request_id)
    now = timezone.now()
    # ``data``: the transition's form's cleaned data (members.requests.workflow.Transition.form).
    fields, reason = spec.writes(data, help_request, actor, now)
    target = spec.target
    if name == N.SUBMIT and needs_validation(help_request):
        target = HelpRequestState.AWAITING_COUNSELLOR
    if target == HelpRequestState.SENT and waiting_error(help_request.young_person):
        raise RequestError(
            _(
                "Le ou la jeune n’est pas encore confirmé·e par sa structure : la demande ne "
                "peut pas partir."
            )
        )
    with transaction.atomic():
        if target == HelpRequestState.SENT or name == N.SUBMIT:
            _lock_capacity(help_request, send=target == HelpRequestState.SENT)
            fields["reminder_level"] = 0
        if name == N.SUBMIT:
            # The safety rules are read again: the profile may have changed since the draft.
            error = kind_error(
                help_request.kind, help_request.young_person, help_request.professional.pro_profile
            )
            if error:
                raise RequestError(error)
        if target == HelpRequestState.SENT:
            fields["sent_at"] = now
        updated = HelpRequest.objects.filter(pk=request_id, state__in=sources).update(
            state=target, updated_at=now, **fields
        )
        if not updated:
            raise already_changed(request_id)
        dashboard_cache.outdate_structure(help_request.structure_id)
        from_state = help_request.state
        HelpRequestTransition.objects.create(
            request_id=request_id,
            name=name,
            from_state=from_state,
            to_state=target,
            actor=actor,
            reason=reason,
        )
        for field, value in fields.items():
            setattr(help_request, field, value)
        help_request.state = target
        _notify(help_request, name, from_state, actor)
    return help_request


def expire(help_request: HelpRequest) -> bool:
    """The scheduler's expiry of a request nobody answered; False when it moved meanwhile."""
    try:
        transition(help_request.pk, N.EXPIRE, None)
    except AlreadyChangedError:
        return False
    return True


def edit_draft(
    help_request: HelpRequest,
    actor: User,
    *,
    kind: str,
    hopes: str,
    availability: str = "",
    submit: bool = False,
) -> HelpRequest:
    """The author rewrites their draft (not sent yet, or returned by the counsellor with
    what to change), then sends it again if asked.

    Raises :class:`TransitionNotAllowedError` (403) when ``actor`` did not write it,
    :class:`AlreadyChangedError` when it is no longer a draft (sent from another tab,
    withdrawn) and :class:`RequestError` when a safety rule refuses the kind, or when
    sending is refused (the professional became full): the new text is kept then, and the
    message says so.
    """
    if Side.AUTHOR not in sides_of(actor, help_request):
        raise TransitionNotAllowedError
    error = waiting_error(actor)
    if error:
        raise RequestError(error)
    professional = help_request.professional
    profile = getattr(professional, "pro_profile", None) if professional else None
    if profile is None:
        raise RequestError(
            _("Ce ou cette professionnel·le n’est plus membre : retirez ce brouillon.")
        )
    error = kind_error(kind, help_request.young_person, profile)
    if error:
        raise RequestError(error)
    updated = HelpRequest.objects.filter(pk=help_request.pk, state=HelpRequestState.DRAFT).update(
        kind=kind, hopes=hopes, availability=availability, updated_at=timezone.now()
    )
    if not updated:
        raise already_changed(help_request.pk)
    dashboard_cache.outdate_structure(help_request.structure_id)
    help_request.kind, help_request.hopes, help_request.availability = kind, hopes, availability
    if submit:
        try:
            return transition(help_request.pk, N.SUBMIT, actor, seen_state=HelpRequestState.DRAFT)
        except AlreadyChangedError:
            raise
        except RequestError as error:
            raise RequestError(
                _("Votre brouillon est enregistré, mais il n’est pas parti : %(why)s")
                % {"why": error}
            ) from error
    return help_request


def add_feedback(
    help_request: HelpRequest, actor: User, feedback: str, shared: bool = False
) -> None:
    """The side that did not complete the request says what they thought, afterwards;
    ``shared``: they agreed that it be quoted, without a name, on the page of the
    professional's company."""
    sides = sides_of(actor, help_request)
    if help_request.state != HelpRequestState.COMPLETED or not (
        sides & {Side.YOUNG_PERSON, Side.PROFESSIONAL}
    ):
        raise TransitionNotAllowedError
    field = "young_feedback" if Side.YOUNG_PERSON in sides else "professional_feedback"
    # A minor's consent is refused whatever was POSTed (members.requests.sharing).
    shared = bool(shared and feedback.strip()) and sharing.may_share(actor, help_request)
    values = {field: feedback.strip(), f"{field}_shared": shared}
    HelpRequest.objects.filter(pk=help_request.pk).update(**values, updated_at=timezone.now())
    # The company's page reads the quotes (members.impact.company): a new one shows at once.
    dashboard_cache.outdate_structure(help_request.structure_id)
    for name, value in values.items():
        setattr(help_request, name, value)


def stop_sharing_feedback(help_request: HelpRequest, actor: User) -> bool:
    """The author of a feedback withdraws their consent to its being quoted on the page of
    the professional's company: their own side only, at any time, at once. False when it
    was not shared (a second click, another tab).

    Raises :class:`TransitionNotAllowedError` (a 403) when ``actor`` is neither the young
    person nor the professional of the request."""
    side = sharing.feedback_side(actor, help_request)
    if not side:
        raise TransitionNotAllowedError
    field = f"{side}_feedback_shared"
    updated = HelpRequest.objects.filter(pk=help_request.pk, **{field: True}).update(
        **{field: False}, updated_at=timezone.now()
    )
    setattr(help_request, field, False)
    if not updated:
        return False
    # The quotes may be cached with the company's figures: outdated now and on commit.
    dashboard_cache.outdate_structure(help_request.structure_id)
    return True


# Notifications -----------------------------------------------------------------------


def _recipients(help_request: HelpRequest, name: str, from_state: str, actor) -> list[User]:
    """Who must act (or learn the answer) after ``name`` (its ``told``); never the actor."""
    young, pro = help_request.young_person, help_request.professional
    offer = help_request.offered_by_professional
    author, recipient = (pro, young) if offer else (young, pro)
    reached = from_state in (HelpRequestState.SENT, HelpRequestState.ACCEPTED)
    people: list[User | None] = []
    for told in TRANSITIONS[name].told:
        if told == Told.NEXT:
            if help_request.state == HelpRequestState.AWAITING_COUNSELLOR:
                people += User.objects.filter(
                    role=Role.COUNSELLOR, structure_id=help_request.structure_id, is_active=True
                ).exclude(structure_id=None)
            else:
                people.append(recipient)
        elif told == Told.AUTHOR:
            people.append(author)
        elif told == Told.YOUNG_PERSON:
            people.append(young)
        elif told == Told.OTHER_SIDE:
            acted_young = actor is not None and actor.pk == getattr(young, "pk", None)
            people.append(pro if acted_young else young)
        elif told == Told.RECIPIENT_IF_REACHED and reached:
            people.append(recipient)
        elif told == Told.PROFESSIONAL_IF_REACHED and reached:
            people.append(pro)
    return [
        person
        for person in people
        if person is not None and person.is_active and (actor is None or person.pk != actor.pk)
    ]


def notifications_of(
    help_request: HelpRequest, name: str, from_state: str, actor
) -> Iterator[tuple[User, str, dict[str, Any], str]]:
    """Who hears of transition ``name``: (person, event, email context, page path)."""
    event = TRANSITIONS[name].event or help_request.state
    for person in _recipients(help_request, name, from_state, actor):
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "first_name": person.first_name,
                "young_name": help_request.young_person.public_name
                if help_request.young_person
                else "",
                "professional_name": help_request.professional.get_full_name()
                if help_request.professional
                else "",
                "kind": str(HelpKind(help_request.kind).label),
                "offer": help_request.offered_by_professional,
                # The return's comment, for the author it goes back to; a validation's
                # "word for the young person" is never put in the professional's email.
                "comment": help_request.counsellor_comment if name == N.RETURN else "",
                "decline_reason": str(DeclineReason(help_request.decline_reason).label)
                if help_request.decline_reason
                else "",
                "decline_text": hide_contacts(help_request.decline_text)
                if masks_contacts(person, help_request)
                else help_request.decline_text,
                "close_reason": help_request.close_reason,
                "url": absolute_url(help_request.path_in(language)),
            }
        yield person, f"request_{event}", context, help_request.path_in(language)


def _notify(help_request: HelpRequest, name: str, from_state: str, actor) -> None:
    for person, event, context, path in notifications_of(help_request, name, from_state, actor):
        notify(person, event, context, help_request=help_request, url=path)


# Lists -------------------------------------------------------------------------------


def alternatives_for(help_request: HelpRequest, limit: int = ALTERNATIVES) -> list:
    """Whom the young person may ask instead after a decline or an expiry, each with why
    (members.directory.suggestions.Suggestion): ranked by the suggestions' fit (the
    project's sector or a kind of help wanted, their département or remote, room this
    month), among those offering the kind asked for. Fewer than ``limit`` only when fewer
    fit. One query, besides the young person's profile."""
    young = help_request.young_person
    profile = getattr(young, "young_profile", None) if young is not None else None
    if profile is None:
        return []
    found = (
        suggestions.candidates(profile)
        .filter(suggestions._offers(help_request.kind))
        .exclude(user_id=help_request.professional_id)
        .prefetch_related(None)
        .select_related("user", "company")[:limit]
    )
    return [
        suggestions.Suggestion(professional, suggestions.reason_for(profile, professional))
        for professional in found
    ]


def ask_counsellor(help_request: HelpRequest, young: User) -> bool:
    """The young person asks their structure's counsellors whom else to ask, after a
    decline or an expiry left too few alternatives. False when they had already asked for
    this request (a second click, another tab): the counsellors are told once."""
    if help_request.young_person_id != young.pk or help_request.state not in (
        HelpRequestState.DECLINED,
        HelpRequestState.EXPIRED,
    ):
        raise TransitionNotAllowedError
    now = timezone.now()
    with transaction.atomic():
        # The claim and the notifications together: both, or neither and a new try.
        claimed = HelpRequest.objects.filter(
            pk=help_request.pk, counsellor_asked_at__isnull=True
        ).update(counsellor_asked_at=now)
        if not claimed:
            return False
        help_request.counsellor_asked_at = now
        counsellors = User.objects.filter(
            role=Role.COUNSELLOR, structure_id=help_request.structure_id, is_active=True
        ).exclude(structure_id=None)
        for counsellor in counsellors:
            language = counsellor.language or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {
                    "first_name": counsellor.first_name,
                    "young_name": young.get_full_name(),
                    "kind": str(HelpKind(help_request.kind).label),
                    "url": absolute_url(help_request.path_in(language)),
                }
            notify(
                counsellor,
                "request_help_wanted",
                context,
                help_request=help_request,
                url=help_request.path_in(language),
            )
    return True


def stale_days() -> int:
    """How many days a sent request waits before its counsellors see it among those
    without a reply."""
    return settings.REQUEST_ESCALATION["stale_days"]


def stale_since() -> datetime.datetime:
    """Requests sent before this have waited more than :func:`stale_days` for an answer."""
    return timezone.now() - datetime.timedelta(days=stale_days())
