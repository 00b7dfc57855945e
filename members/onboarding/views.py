"""Onboarding: accepting an invitation, inviting young people, the join code, applicants."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from allauth.account import app_settings as allauth_settings
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from config import antispam
from members.access import role_required
from members.enums import InvitationKind, Role
from members.models import Invitation, User, YoungPersonProfile
from members.onboarding import invitations as invitation_service
from members.onboarding import services as onboarding
from members.onboarding.forms import (
    AcceptInvitationForm,
    InviteYoungPersonForm,
    JoinForm,
    RejectApplicantForm,
    normalize_join_code,
)
from members.profiles.forms import BirthDateForm
from network.models import Structure

PER_PAGE = 50


# Accepting an invitation -------------------------------------------------------------


def _invitation_problem(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """The page for a link that cannot be used, saying why and what to do."""
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    elif invitation.revoked_at is not None:
        reason, status = "revoked", 410
    else:
        reason, status = "expired", 410
    return render(
        request,
        "members/onboarding/unusable.html",
        {"reason": reason, "invitation": invitation},
        status=status,
    )


def _landing_url(user: User) -> str:
    if user.is_young_person:
        return reverse("members:young-profile-edit")
    # Counsellors and referents are sent on to set up their second factor by the middleware.
    return reverse("members:dashboard")


def _sign_in(request: HttpRequest, user: User) -> HttpResponse:
    response = perform_login(
        request,
        user,
        email_verification=allauth_settings.EMAIL_VERIFICATION,
        redirect_url=_landing_url(user),
        signup=True,
    )
    # They just chose their password in this very request: setting up the second factor
    # right away must not ask for it again (allauth wants a recent "reauthentication").
    record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
    return response


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.for_token(token)
    if invitation is None:
        return _invitation_problem(request, None)
    if request.user.is_authenticated:
        if invitation.accepted_by_id == request.user.pk:
            return redirect(_landing_url(request.user))
        # Someone else's link, or a second account: never sign anyone out silently.
        return render(request, "members/onboarding/sign_out_first.html", status=403)
    if not invitation.is_usable:
        return _invitation_problem(request, invitation)

    if request.method == "POST":
        form = AcceptInvitationForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = onboarding.accept_invitation(invitation, form.cleaned_data)
            except invitation_service.InvitationUnusableError:
                invitation.refresh_from_db()
                return _invitation_problem(request, invitation)
            except onboarding.EmailTakenError:
                return render(
                    request,
                    "members/onboarding/account_exists.html",
                    {"email": invitation.email},
                    status=409,
                )
            return _sign_in(request, user)
    else:
        form = AcceptInvitationForm(invitation=invitation)
    return render(
        request,
        "members/onboarding/accept.html",
        {"form": form, "invitation": invitation},
    )


# Sending invitations: what every kind shares, then a counsellor's young people ------


def _structure_of(user: User) -> Structure:
    if user.structure_id is None:
        # Without a structure there is nobody to invite or to follow.
        raise PermissionDenied
    return user.structure


class InvitationActions(NamedTuple):
    resend: Callable
    revoke: Callable


def invitation_actions(
    kind: InvitationKind,
    sender: Role,
    back: str | Callable[[Invitation], str],
    *,
    scope: Callable[[HttpRequest], QuerySet[Invitation]] | None = None,
) -> InvitationActions:
    """The views that resend and revoke the invitations of ``kind`` that ``sender`` sends
    (a counsellor their young people's, a referent their team's, a moderator a company's
    contacts), then go ``back`` (a URL name, or a function of the invitation).

    The invitation is looked up among the sender's structure's (or in ``scope(request)``),
    so another structure's is a 404; one accepted or revoked meanwhile (or in another tab)
    is said to be.
    """

    def action(operation: Callable[[Invitation], bool], done: str) -> Callable:
        @role_required(sender)
        @require_POST
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            if scope is not None:
                invitations = scope(request)
            else:
                invitations = invitation_service.of_kind(_structure_of(request.user).pk, kind)
            invitation = get_object_or_404(invitations, pk=pk)
            if operation(invitation):
                messages.success(request, done % {"email": invitation.email})
            else:
                messages.error(request, _("Cette invitation a déjà été acceptée ou annulée."))
            return redirect(back(invitation) if callable(back) else back)

        return view

    resend = action(
        lambda invitation: invitation_service.resend(invitation, language=get_language()),
        gettext_lazy("Nouveau lien envoyé à %(email)s ; l’ancien ne fonctionne plus."),
    )
    revoke = action(
        invitation_service.revoke,
        gettext_lazy("L’invitation de %(email)s est annulée : son lien ne fonctionne plus."),
    )
    return InvitationActions(resend, revoke)


def invited(request: HttpRequest, invitation: Invitation) -> None:
    """Tell the sender that the invitation left."""
    messages.success(
        request,
        _("Invitation envoyée à %(email)s. Le lien est valable 7 jours.")
        % {"email": invitation.email},
    )


@never_cache
@role_required(Role.COUNSELLOR)
def invite_young_person(request: HttpRequest) -> HttpResponse:
    structure = _structure_of(request.user)
    form = InviteYoungPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitation_service.invite(
                kind=InvitationKind.YOUNG_PERSON,
                structure=structure,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                invited_by=request.user,
                language=get_language(),
            )
        except invitation_service.AlreadyMemberError:
            form.add_error(
                "email",
                _(
                    "Cette adresse a déjà un compte sur Un début de réseau : "
                    "pas besoin d’invitation. Si ce compte n’est pas celui du ou de la "
                    "jeune, vérifiez l’adresse."
                ),
            )
        else:
            invited(request, invitation)
            return redirect("members:young-invitations")
    return render(request, "members/onboarding/invite_young.html", {"form": form})


@never_cache
@role_required(Role.COUNSELLOR)
def young_invitations(request: HttpRequest) -> HttpResponse:
    structure = _structure_of(request.user)
    invitations = invitation_service.listed(
        structure.pk, InvitationKind.YOUNG_PERSON, with_accepted=True
    )
    page = Paginator(invitations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/onboarding/young_invitations.html",
        {"page_obj": page, "invitations": page.object_list},
    )


young_invitation_actions = invitation_actions(
    InvitationKind.YOUNG_PERSON, Role.COUNSELLOR, "members:young-invitations"
)


# The join code -----------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
def join(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return render(request, "members/onboarding/sign_out_first.html", status=403)
    if request.method == "POST":
        # Every try counts, right code or not, before the code is looked up: per address,
        # and per code (config.antispam). A refused try comes back unchecked, with what was
        # typed, so that it says nothing about the code.
        verdict = antispam.admit(
            request,
            antispam.JOIN_CODE,
            target=normalize_join_code(request.POST.get("join_code", "")[:40]),
        )
        if not verdict.allowed:
            typed = {
                name: value
                for name, value in request.POST.items()
                if name in JoinForm.base_fields and not name.startswith("password")
            }
            context = {"form": JoinForm(initial=typed), "antispam": verdict}
            context["challenge"] = verdict.challenge
            return render(request, "members/onboarding/join.html", context, status=429)
        form = JoinForm(request.POST)
        # A bot sees the same "check your email" page; no account is made, nobody emailed.
        if form.is_from_bot():
            return redirect("members:join-sent")
        if form.is_valid():
            if not ratelimit.consume(request, action="signup"):
                return render(
                    request,
                    "members/onboarding/join.html",
                    {"form": form, "limited": True},
                    status=429,
                )
            onboarding.apply_with_join_code(request, form.structure, form.cleaned_data)
            return redirect("members:join-sent")
    else:
        form = JoinForm(initial={"join_code": request.GET.get("code", "")[:40]})
    return render(request, "members/onboarding/join.html", {"form": form})


@never_cache
def join_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/onboarding/join_sent.html")


# Counsellors confirm or reject applicants --------------------------------------------


def _profiles_of_structure(user: User):
    return YoungPersonProfile.objects.filter(
        user__structure_id=user.structure_id, user__role=Role.YOUNG_PERSON
    )


@never_cache
@role_required(Role.COUNSELLOR)
def applicants(request: HttpRequest) -> HttpResponse:
    _structure_of(request.user)
    profiles = onboarding.applicants_of(request.user).annotate(
        email_verified=Exists(
            EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
        )
    )
    page = Paginator(profiles, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/onboarding/applicants.html",
        {"page_obj": page, "applicants": page.object_list},
    )


@role_required(Role.COUNSELLOR)
@require_POST
def confirm_applicant(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(_profiles_of_structure(request.user).select_related("user"), pk=pk)
    # The birth date the young person typed, as the counsellor checked it (the form shows it
    # filled in); a page without the field confirms the typed date.
    birth_date = None
    if request.POST.get("birth_date"):
        form = BirthDateForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("%(name)s n’est pas confirmé·e : %(error)s")
                % {"name": profile.user.get_full_name(), "error": form.errors["birth_date"][0]},
            )
            return redirect("members:applicants")
        birth_date = form.cleaned_data["birth_date"]
    try:
        onboarding.confirm_applicant(profile.pk, request.user, birth_date)
    except onboarding.AlreadyReviewedError:
        messages.error(request, _("Cette inscription a déjà été traitée."))
    else:
        messages.success(
            request,
            _("%(name)s fait maintenant partie de vos jeunes ; un e-mail l’en informe.")
            % {"name": profile.user.get_full_name()},
        )
    return redirect("members:applicants")


@role_required(Role.COUNSELLOR)
@require_POST
def reject_applicant(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(_profiles_of_structure(request.user).select_related("user"), pk=pk)
    form = RejectApplicantForm(request.POST)
    # An overlong reason is cut rather than lost: the decision itself is what matters.
    reason = (
        form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")[:1000]
    )
    try:
        onboarding.reject_applicant(profile.pk, request.user, reason.strip())
    except onboarding.AlreadyReviewedError:
        messages.error(request, _("Cette inscription a déjà été traitée."))
    else:
        messages.success(
            request,
            _("L’inscription de %(name)s est refusée ; un e-mail l’en informe.")
            % {"name": profile.user.get_full_name()},
        )
    return redirect("members:applicants")
