"""A professional's own profile: what they see of it, and its edit form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members.access import role_required
from members.enums import ReviewStatus, Role
from members.models import ProfessionalProfile
from members.profiles.professional_forms import ProfessionalProfileForm
from members.profiles.professionals import set_paused, update_professional_profile
from network.departements import departement_name


def _own_profile(request: HttpRequest) -> ProfessionalProfile:
    return get_object_or_404(
        ProfessionalProfile.objects.select_related("user", "company").prefetch_related("sectors"),
        user=request.user,
    )


@never_cache
@role_required(Role.PROFESSIONAL)
def professional_profile(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    departements = [f"{code} – {departement_name(code)}" for code in profile.departements]
    return render(
        request,
        "members/profiles/professional_profile.html",
        {"profile": profile, "departements": departements},
    )


@never_cache
@role_required(Role.PROFESSIONAL)
def professional_profile_edit(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    user = profile.user
    if request.method == "POST":
        form = ProfessionalProfileForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            update_professional_profile(profile, form.details(), **form.extra())
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("members:pro-profile")
    else:
        form = ProfessionalProfileForm(user=user)
    return render(
        request,
        "members/profiles/professional_profile_edit.html",
        {"form": form, "profile": profile},
    )


@role_required(Role.PROFESSIONAL)
@require_POST
def professional_pause(request: HttpRequest) -> HttpResponse:
    """The pause switch of the dashboard: ``paused`` says the state wanted."""
    profile = _own_profile(request)
    wanted = request.POST.get("paused")
    paused = not profile.is_paused if wanted not in ("true", "false") else wanted == "true"
    changed = set_paused(profile, paused)
    if paused:
        messages.success(
            request,
            _(
                "Vous êtes en pause : plus personne ne peut vous envoyer de demande. Les "
                "demandes déjà reçues restent ouvertes."
            )
            if changed
            else _("Vous étiez déjà en pause."),
        )
    elif profile.status != ReviewStatus.APPROVED:
        # Out of pause is not "available" before a moderator approves the profile.
        messages.success(
            request,
            _(
                "Vous n’êtes plus en pause. Vous pourrez recevoir des demandes dès que "
                "l’équipe de modération aura validé votre profil."
            ),
        )
    else:
        messages.success(
            request,
            _("Vous pouvez de nouveau recevoir des demandes. Merci !")
            if changed
            else _("Vous receviez déjà des demandes."),
        )
    return redirect("members:dashboard")
