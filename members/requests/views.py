"""Coup-de-pouce requests: writing one, the lists, a request's page and what is sent from
it (its transitions, a message of its conversation, feedback, the three-month follow-up).

Every request comes from ``HelpRequest.objects.visible_to(request.user)``: an id that is
not the person's is a 404, for reading and for every transition. Referents see figures
only: these views are not theirs (403).
"""

from __future__ import annotations

from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import Side, role_required, sides_of
from members.conversations import masking
from members.conversations import services as conversations
from members.conversations.forms import MessageForm
from members.conversations.masking import hide_contacts, masks_contacts
from members.conversations.unread import annotate_unread
from members.conversations.views import (
    MASKED_NOTICE,
    MASKED_NOTICE_COUNSELLOR,
    conversation_context,
)
from members.enums import HelpRequestState, Role
from members.models import HelpRequest, ProfessionalProfile
from members.requests import outcomes, services, sharing, workflow
from members.requests.forms import FeedbackForm, FollowUpForm, HelpRequestForm, OfferForm

REQUESTS_PER_PAGE = 50
REQUEST_ROLES = (Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.COUNSELLOR, Role.MODERATOR)


def _saved_message(help_request: HelpRequest) -> str:
    """What its author reads once a request or an offer is saved as a draft or sent."""
    offer = help_request.offered_by_professional
    if help_request.state == HelpRequestState.DRAFT:
        return _("Votre brouillon est enregistré.")
    if help_request.state == HelpRequestState.AWAITING_COUNSELLOR:
        if offer:
            return _(
                "Votre proposition est transmise à son conseiller ou sa conseillère, qui la "
                "relit avant de la lui montrer."
            )
        return _(
            "Votre demande est envoyée à votre conseiller·ère, qui la relit avant de la "
            "transmettre."
        )
    return workflow.TRANSITIONS[workflow.TransitionName.SUBMIT].success_for(help_request)


def _requests_of(user):
    return HelpRequest.objects.visible_to(user).select_related(
        "young_person", "professional", "structure"
    )


# What a row of includes/request_table.html shows (and whether it has messages to count),
# with the names of its people (with_people_names): a whole request with its people is
# about 80 columns, and building them took a third of a 300-row list page; the two users
# of each row, half of what was left. The lists are ordered in SQL: their dates are not read.
LIST_FIELDS = (
    "kind",
    "state",
    "sent_at",
    "last_message_at",
)


@role_required(Role.YOUNG_PERSON)
def request_create(request: HttpRequest, professional_pk: int) -> HttpResponse:
    """The guided form: a draft, or a request sent at once."""
    profile = get_object_or_404(
        ProfessionalProfile.objects.approved().select_related("user", "company"),
        pk=professional_pk,
    )
    existing = (
        HelpRequest.objects.open()
        .filter(young_person=request.user, professional=profile.user)
        .first()
    )
    if existing is not None:
        if not _requests_of(request.user).filter(pk=existing.pk).exists():
            # The professional's offer, not yet passed on to them: nothing reveals it.
            messages.info(request, services.duplicate_message())
            return redirect("members:requests")
        messages.info(request, services.duplicate_message())
        return redirect("members:request-detail", pk=existing.pk)
    kinds = services.kinds_for(request.user, profile)
    unavailable = services.can_receive_error(profile)
    if request.method == "POST" and kinds and not unavailable:
        form = HelpRequestForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                help_request = services.create(
                    request.user,
                    profile,
                    **form.cleaned_data,
                    submit="send" in request.POST,
                )
            except services.RequestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _saved_message(help_request))
                return redirect("members:request-detail", pk=help_request.pk)
    else:
        form = HelpRequestForm(kinds=kinds)
    checked = services.kinds_needing_validation(request.user, [kind for kind, _label in kinds])
    return render(
        request,
        "members/requests/create.html",
        {
            "form": form,
            "profile": profile,
            "kinds": kinds,
            "unavailable": unavailable,
            "all_checked": bool(kinds) and len(checked) == len(kinds),
            "checked_labels": [label for kind, label in kinds if kind in checked],
        },
    )


def _draft_form(help_request: HelpRequest, data=None) -> HelpRequestForm | OfferForm:
    """The form the draft was written with, filled with it: the young person's guided
    form, or the professional's offer form."""
    young, profile = help_request.young_person, help_request.professional.pro_profile
    initial = {
        "kind": help_request.kind,
        "hopes": help_request.hopes,
        "availability": help_request.availability,
    }
    if help_request.offered_by_professional:
        young_profile = getattr(young, "young_profile", None)
        return OfferForm(
            data,
            initial=initial,
            kinds=services.offer_kinds_for(young, profile),
            wanted=frozenset(young_profile.help_wanted if young_profile else ()),
        )
    return HelpRequestForm(data, initial=initial, kinds=services.kinds_for(young, profile))


@role_required(*REQUEST_ROLES)
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author rewrites a draft: one not sent yet, or one the counsellor returned."""
    help_request = get_object_or_404(
        _requests_of(request.user).select_related(
            "young_person__young_profile", "professional__pro_profile"
        ),
        pk=pk,
    )
    if Side.AUTHOR not in sides_of(request.user, help_request):
        raise services.TransitionNotAllowedError
    if help_request.state != HelpRequestState.DRAFT or help_request.professional is None:
        messages.error(request, _("Ce n’est plus un brouillon : il ne peut plus être modifié."))
        return redirect("members:request-detail", pk=pk)
    form = _draft_form(help_request, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            help_request = services.edit_draft(
                help_request, request.user, **form.cleaned_data, submit="send" in request.POST
            )
        except services.AlreadyChangedError as error:
            messages.error(request, str(error))
            return redirect("members:request-detail", pk=pk)
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(help_request))
            return redirect("members:request-detail", pk=pk)
    return render(
        request,
        "members/requests/edit.html",
        {"help_request": help_request, "form": form},
    )


@role_required(Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.COUNSELLOR, waiting_young_person=True)
def request_list(request: HttpRequest) -> HttpResponse:
    """Mine (young person), incoming (professional), the structure's (counsellor)."""
    requests = (
        HelpRequest.objects.visible_to(request.user)
        .only(*LIST_FIELDS)
        .with_people_names()
        .order_by("-updated_at", "-pk")
    )
    context = {}
    if request.user.is_counsellor:
        # Both lists in one query, each in its own order.
        waiting = list(
            requests.filter(
                Q(state=HelpRequestState.AWAITING_COUNSELLOR)
                | Q(state=HelpRequestState.SENT, sent_at__lt=services.stale_since())
            ).only("created_at", *LIST_FIELDS)
        )
        context["awaiting"] = sorted(
            (row for row in waiting if row.state == HelpRequestState.AWAITING_COUNSELLOR),
            key=attrgetter("created_at"),
        )
        context["stale"] = sorted(
            (row for row in waiting if row.state == HelpRequestState.SENT),
            key=attrgetter("sent_at"),
        )
        context["stale_days"] = services.stale_days()
    elif request.user.is_professional:
        # Their own offers wait for the young person's answer, not theirs.
        context["to_answer"] = list(
            requests.filter(state=HelpRequestState.SENT, offered_by_professional=False).order_by(
                "sent_at"
            )
        )
    elif request.user.is_young_person:
        context["offers"] = list(
            requests.filter(state=HelpRequestState.SENT, offered_by_professional=True).order_by(
                "sent_at"
            )
        )
    # "page_obj", as Django's list views say: base.html takes a "page" for a Wagtail page
    # and shows it the userbar, which reads the member's permissions (two queries).
    page = context["page_obj"] = Paginator(requests, REQUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The unread messages of every row shown, in one query.
    rows = page.object_list = list(page.object_list)
    annotate_unread(request.user, rows, *[v for v in context.values() if isinstance(v, list)])
    return render(request, "members/requests/list.html", context)


@role_required(*REQUEST_ROLES)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    return _render_detail(request, help_request)


def _render_detail(
    request: HttpRequest, help_request: HelpRequest, bound: tuple[str, object] | None = None
) -> HttpResponse:
    actions = []
    for spec in workflow.available(request.user, help_request):
        # Each form has its own prefix: two of them on one page never share a field id.
        if bound and bound[0] == spec.name:
            form = bound[1]
        else:
            form = sharing.offer_share_box(
                spec.form_for(help_request)(prefix=spec.name), request.user, help_request
            )
        actions.append({"spec": spec, "form": form})
    sides = sides_of(request.user, help_request)
    feedback_field = ""
    if help_request.state == HelpRequestState.COMPLETED:
        if Side.YOUNG_PERSON in sides and not help_request.young_feedback:
            feedback_field = "young"
        elif Side.PROFESSIONAL in sides and not help_request.professional_feedback:
            feedback_field = "professional"
    # Others to ask after a refusal or a silence; an offer the young person let go needs none.
    offers_others = (
        Side.YOUNG_PERSON in sides
        and not help_request.offered_by_professional
        and help_request.state in (HelpRequestState.DECLINED, HelpRequestState.EXPIRED)
    )
    suggestions = services.alternatives_for(help_request) if offers_others else []
    timeline = _timeline(request.user, help_request, sides)
    return render(
        request,
        "members/requests/detail.html",
        {
            "help_request": help_request,
            "timeline": timeline,
            "counsellor_note": _counsellor_note(help_request, sides, timeline),
            "actions": actions,
            "feedback_form": (
                bound[1]
                if bound and bound[0] == "feedback"
                else sharing.offer_share_box(FeedbackForm(), request.user, help_request)
            )
            if feedback_field
            else None,
            # The author's own feedback: quoted on the company's page or not (None: none).
            "feedback_shared": sharing.is_shared(request.user, help_request),
            "offers_others": offers_others,
            "suggestions": suggestions,
            "is_young_side": Side.YOUNG_PERSON in sides,
            "can_edit": help_request.state == HelpRequestState.DRAFT and Side.AUTHOR in sides,
            "texts": _shown_texts(request.user, help_request),
            **conversation_context(request, help_request, bound),
            **_follow_up_context(request, help_request, bound),
        },
    )


def _shown_texts(user, help_request: HelpRequest) -> dict[str, str]:
    """The request's free texts as ``user`` reads them: a minor's contact details are
    masked for the young person and the professional, as in the conversation."""
    texts = {
        field: getattr(help_request, field)
        for field in (
            "hopes",
            "availability",
            "decline_text",
            "young_feedback",
            "professional_feedback",
        )
    }
    if masks_contacts(user, help_request):
        texts = {field: hide_contacts(text) for field, text in texts.items()}
    return texts


# Whom the counsellor's words are written for: a validation's "word for the young
# person" is the young person's; a return's comment, the author's (the young person, or
# the professional for an offer). Counsellors and moderators read both.
COUNSELLOR_NOTE_READERS = {
    workflow.TransitionName.VALIDATE: Side.YOUNG_PERSON,
    workflow.TransitionName.RETURN: Side.AUTHOR,
}


def _reads_note(name: str, sides: frozenset) -> bool:
    if sides & {Side.COUNSELLOR, Side.MODERATOR}:
        return True
    return COUNSELLOR_NOTE_READERS[name] in sides


def _counsellor_note(help_request: HelpRequest, sides: frozenset, steps: list) -> str:
    """The counsellor's comment if ``sides`` may read it: the last validation or return
    that wrote one tells whom it was for (without one, the young person)."""
    comment = help_request.counsellor_comment
    if not comment:
        return ""
    last = next(
        (s for s in reversed(steps) if s.name in COUNSELLOR_NOTE_READERS and s.reason), None
    )
    last_name = last.name if last else workflow.TransitionName.VALIDATE
    return comment if _reads_note(last_name, sides) else ""


def _timeline(user, help_request: HelpRequest, sides: frozenset) -> list:
    """The request's steps, each with its transition's note; their reasons (a decline's
    text) masked as the texts are, and the counsellor's words left out for those they
    were not written for."""
    steps = list(help_request.transitions.select_related("actor"))
    masks = masks_contacts(user, help_request)
    for step in steps:
        spec = workflow.TRANSITIONS.get(step.name)
        step.note = spec.timeline_note if spec else ""
        if step.name in COUNSELLOR_NOTE_READERS and not _reads_note(step.name, sides):
            step.reason = ""
        elif masks:
            step.reason = hide_contacts(step.reason)
    return steps


@role_required(*REQUEST_ROLES)
@require_POST
def transition_request(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every transition people fire (members.requests.workflow.TRANSITIONS), named by its address's
    last word in the active language: 404 for another word or a foreign request, 403 for
    the wrong side, else the page again with a message."""
    spec = workflow.by_url_word(action)
    if spec is None:
        raise Http404
    name = spec.name
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if not workflow.may(request.user, help_request, name):
        raise services.TransitionNotAllowedError
    seen = request.POST.get("seen_state") or help_request.state
    if help_request.state not in spec.sources or help_request.state != seen:
        messages.error(request, str(services.already_changed(help_request.pk)))
        return redirect("members:request-detail", pk=pk)
    form = sharing.offer_share_box(
        spec.form_for(help_request)(request.POST, prefix=name), request.user, help_request
    )
    if not form.is_valid():
        return _render_detail(request, help_request, bound=(name, form))
    try:
        help_request = services.transition(
            pk,
            name,
            request.user,
            seen_state=request.POST.get("seen_state", ""),
            **form.cleaned_data,
        )
    except services.RequestError as error:
        messages.error(request, str(error))
    else:
        if help_request.state == HelpRequestState.AWAITING_COUNSELLOR:
            messages.success(request, _saved_message(help_request))
        else:
            messages.success(request, spec.success_for(help_request))
    return redirect("members:request-detail", pk=pk)


@role_required(Role.YOUNG_PERSON)
@require_POST
def request_ask_counsellor(request: HttpRequest, pk: int) -> HttpResponse:
    """After a decline or an expiry with too few others to ask: the young person asks
    their counsellors for help finding someone."""
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if services.ask_counsellor(help_request, request.user):
        messages.success(
            request,
            _(
                "Votre conseiller·ère est prévenu·e : il ou elle vous aidera à trouver à qui "
                "demander."
            ),
        )
    else:  # asked before (another click or tab): told once, the page says when
        messages.info(request, _("Votre conseiller·ère avait déjà été prévenu·e."))
    return redirect("members:request-detail", pk=pk)


@role_required(Role.YOUNG_PERSON, Role.PROFESSIONAL)
@require_POST
def request_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The side that did not complete the request adds its feedback afterwards."""
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if help_request.state != HelpRequestState.COMPLETED:
        messages.error(request, _("Vous pourrez donner votre retour une fois la demande terminée."))
        return redirect("members:request-detail", pk=pk)
    form = sharing.offer_share_box(FeedbackForm(request.POST), request.user, help_request)
    if not form.is_valid():
        return _render_detail(request, help_request, bound=("feedback", form))
    services.add_feedback(
        help_request,
        request.user,
        form.cleaned_data["feedback"],
        shared=form.cleaned_data.get(sharing.SHARE_FIELD, False),
    )
    messages.success(request, _("Merci pour votre retour !"))
    return redirect("members:request-detail", pk=pk)


@role_required(Role.YOUNG_PERSON, Role.PROFESSIONAL)
@require_POST
def request_stop_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    """The author of a feedback stops its being quoted on the company's page, in one
    click: their own side only (404 for a request that is not theirs)."""
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if services.stop_sharing_feedback(help_request, request.user):
        messages.success(
            request,
            _("Votre retour n’est plus partagé : il n’apparaît plus sur la page de l’entreprise."),
        )
    else:  # not shared (a second click, another tab)
        messages.info(request, _("Votre retour n’est pas partagé avec l’entreprise."))
    return redirect("members:request-detail", pk=pk)


# The forms of the request's page that are not transitions: on an error, the page comes
# back with the form as it was sent.


@role_required(Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.COUNSELLOR)
@require_POST
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    """A message of the request's conversation (members.conversations)."""
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if not conversations.is_participant(request.user, help_request):
        raise PermissionDenied
    refusal = conversations.post_refusal(request.user, help_request)
    if refusal:
        messages.error(request, refusal)
        return redirect("members:request-detail", pk=pk)
    masked = masks_contacts(request.user, help_request)
    form = MessageForm(request.POST, masked=masked)
    if form.is_valid():
        try:
            message = conversations.post(request.user, help_request, form.cleaned_data["body"])
        except conversations.MessageError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Votre message est envoyé."))
            if masking.applies_to(help_request) and masking.has_contacts(message.body):
                counsellor = request.user.role == Role.COUNSELLOR
                messages.warning(request, MASKED_NOTICE_COUNSELLOR if counsellor else MASKED_NOTICE)
            url = reverse("members:request-detail", kwargs={"pk": pk})
            return redirect(f"{url}#message-{message.pk}")
    return _render_detail(request, help_request, bound=("message", form))


FOLLOW_UP = "follow_up"


def _follow_up_context(
    request: HttpRequest, help_request: HelpRequest, bound: tuple[str, object] | None = None
) -> dict:
    """The three-month follow-up form, when this person may record the outcome now."""
    form = None
    if outcomes.may_record_follow_up(request.user, help_request):
        form = bound[1] if bound and bound[0] == FOLLOW_UP else FollowUpForm(prefix=FOLLOW_UP)
    return {"follow_up_form": form}


@role_required(Role.YOUNG_PERSON, Role.COUNSELLOR)
@require_POST
def record_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """What came of a coup de pouce three months later. 404 for a request that is not the
    person's; a clear message when it cannot be recorded (not asked yet, already recorded)."""
    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if not outcomes.follow_up_pending(help_request):
        messages.error(request, outcomes.not_pending_message())
        return redirect("members:request-detail", pk=pk)
    form = FollowUpForm(request.POST, prefix=FOLLOW_UP)
    if not form.is_valid():
        return _render_detail(request, help_request, bound=(FOLLOW_UP, form))
    try:
        outcomes.record_follow_up(help_request, request.user, form.cleaned_data["outcome"])
    except services.RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Merci ! Le résultat à trois mois est noté."))
    return redirect("members:request-detail", pk=pk)
