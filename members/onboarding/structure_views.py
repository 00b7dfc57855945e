"""A structure registers itself; its referent runs the team and the structure's settings.

Every object a referent acts on is looked up in a queryset scoped to their structure, so
another structure's id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config import antispam
from members.access import role_required
from members.enums import InvitationKind, Role
from members.onboarding import invitations as invitation_service
from members.onboarding import structures as services
from members.onboarding.structure_forms import (
    CounsellorInvitationForm,
    DeactivateCounsellorForm,
    StructureRegistrationForm,
    StructureSettingsForm,
)
from members.onboarding.views import invitation_actions, invited
from network.models import Structure

# --- public registration ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register_structure(request: HttpRequest) -> HttpResponse:
    """ "Inscrire ma structure": open to everyone, signed in or not."""
    challenge, status = None, 200
    if request.method == "POST":
        form = StructureRegistrationForm(request.POST)
        # A bot sees the same thank-you page; nothing is stored, nobody is emailed.
        if form.is_from_bot():
            return redirect("members:structure-register-done")
        if form.is_valid():
            # Per address, and per referent address: the acknowledgement email goes there,
            # with what was typed in it. A proof of work never buys a second one.
            verdict = antispam.admit(
                request,
                antispam.STRUCTURE_REGISTRATION,
                target=form.cleaned_data["referent_email"],
                target_pays=False,
            )
            if verdict.allowed:
                services.register_structure(form.save(commit=False), _language())
                return redirect("members:structure-register-done")
            form.add_error(None, verdict.message)
            challenge, status = verdict.challenge, 429
    else:
        form = StructureRegistrationForm(initial=_referent_initial(request.user))
    return render(
        request,
        "members/onboarding/register.html",
        {"form": form, "challenge": challenge},
        status=status,
    )


@require_GET
def register_structure_done(request: HttpRequest) -> HttpResponse:
    return render(request, "members/onboarding/register_done.html")


def _referent_initial(user) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    return {
        "referent_first_name": user.first_name,
        "referent_last_name": user.last_name,
        "referent_email": user.email,
    }


# --- the referent's team ------------------------------------------------------------


@role_required(Role.REFERENT)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    return _render_team(request, CounsellorInvitationForm())


@role_required(Role.REFERENT)
@require_POST
def invite_counsellor(request: HttpRequest) -> HttpResponse:
    structure = _structure_of(request)
    form = CounsellorInvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_service.invite(
                kind=InvitationKind.COUNSELLOR,
                structure=structure,
                invited_by=request.user,
                language=_language(),
                **form.cleaned_data,
            )
        except invitation_service.AlreadyMemberError:
            form.already_member_error()
        else:
            invited(request, invitation)
            return redirect("members:team")
    return _render_team(request, form)


team_invitation_actions = invitation_actions(
    InvitationKind.COUNSELLOR, Role.REFERENT, "members:team"
)


@role_required(Role.REFERENT)
@require_GET
def confirm_deactivate_counsellor(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(services.team_members(_structure_of(request)), pk=pk)
    return _render_deactivate(request, member, DeactivateCounsellorForm())


@role_required(Role.REFERENT)
@require_POST
def deactivate_counsellor(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(services.team_members(_structure_of(request)), pk=pk)
    form = DeactivateCounsellorForm(request.POST)
    if not form.is_valid():
        return _render_deactivate(request, member, form)
    try:
        services.deactivate_counsellor(request.user, member, form.cleaned_data["reason"])
    except services.TeamActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Le compte de %(name)s est désactivé. Ses jeunes restent dans la structure : "
                "confiez-les à un·e autre conseiller·ère."
            )
            % {"name": member.get_full_name() or member.email},
        )
    return redirect("members:team")


@role_required(Role.REFERENT)
@require_POST
def reactivate_counsellor(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(services.team_members(_structure_of(request)), pk=pk)
    try:
        services.reactivate_counsellor(request.user, member)
    except services.TeamActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Le compte de %(name)s est réactivé.")
            % {"name": member.get_full_name() or member.email},
        )
    return redirect("members:team")


def _render_team(request: HttpRequest, form: CounsellorInvitationForm) -> HttpResponse:
    structure = _structure_of(request)
    return render(
        request,
        "members/onboarding/team.html",
        {
            "structure": structure,
            "members": services.team_members(structure),
            "invitations": invitation_service.listed(structure.pk, InvitationKind.COUNSELLOR),
            "form": form,
        },
    )


def _render_deactivate(
    request: HttpRequest, member, form: DeactivateCounsellorForm
) -> HttpResponse:
    return render(
        request,
        "members/onboarding/deactivate_confirm.html",
        {"member": member, "form": form, "is_self": member.pk == request.user.pk},
    )


# --- the structure's settings -------------------------------------------------------


@role_required(Role.REFERENT)
@require_http_methods(["GET", "POST"])
def structure_settings(request: HttpRequest) -> HttpResponse:
    structure = _structure_of(request)
    if request.method == "POST":
        form = StructureSettingsForm(request.POST)
        if form.is_valid():
            services.set_requires_validation(structure, form.cleaned_data["requires_validation"])
            messages.success(request, _("Réglages enregistrés."))
            return redirect("members:structure-settings")
    else:
        form = StructureSettingsForm(initial={"requires_validation": structure.requires_validation})
    return render(
        request,
        "members/onboarding/settings.html",
        {"structure": structure, "form": form},
    )


@role_required(Role.REFERENT)
@require_POST
def renew_join_code(request: HttpRequest) -> HttpResponse:
    code = services.renew_join_code(_structure_of(request))
    messages.success(
        request,
        _("Nouveau code d’inscription : %(code)s. L’ancien ne fonctionne plus.") % {"code": code},
    )
    return redirect("members:structure-settings")


# --- helpers ------------------------------------------------------------------------


def _structure_of(request: HttpRequest) -> Structure:
    structure = request.user.structure
    if structure is None:
        raise PermissionDenied
    return structure


def _language() -> str:
    return get_language() or "fr"
