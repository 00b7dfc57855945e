"""Profiles: a young person's own profile, what counsellors see of their young people,
the limited profile shown to professionals, and the own-details page of staff roles.

Who sees what follows DESIGN.md's table; every object comes from
``YoungPersonProfile.objects.visible_to(request.user)``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import role_required
from members.directory.suggestions import suggest_professionals
from members.enums import Role
from members.models import YoungPersonProfile
from members.profiles import services
from members.profiles.forms import (
    BirthDateForm,
    HideProfileForm,
    LiftLockForm,
    OwnProfileForm,
    YoungProfileForm,
)

YOUNG_PEOPLE_PER_PAGE = 50


def _own_young_profile(request: HttpRequest) -> YoungPersonProfile:
    return get_object_or_404(
        YoungPersonProfile.objects.visible_to(request.user).select_related(
            "user__structure", "sector"
        ),
        user=request.user,
    )


@role_required(Role.YOUNG_PERSON, waiting_young_person=True)
def young_profile(request: HttpRequest) -> HttpResponse:
    profile = _own_young_profile(request)
    return render(
        request,
        "members/profiles/profile.html",
        {
            "profile": profile,
            "limited": services.LimitedProfile.of(profile),
            "completion": services.completion(profile),
        },
    )


@role_required(Role.YOUNG_PERSON, waiting_young_person=True)
def young_profile_edit(request: HttpRequest) -> HttpResponse:
    profile = _own_young_profile(request)
    if request.method == "POST":
        form = YoungProfileForm(request.POST, request.FILES, profile=profile)
        if form.is_valid():
            just_completed = services.update_young_profile(profile, form.cleaned_data)
            if just_completed:
                messages.success(
                    request,
                    _("Bravo, votre profil est complet ! Votre conseiller·ère le voit."),
                )
            else:
                messages.success(request, _("Votre profil est enregistré."))
            return redirect("members:young-profile")
    else:
        form = YoungProfileForm(profile=profile)
    return render(
        request,
        "members/profiles/profile_edit.html",
        {"form": form, "profile": profile, "completion": services.completion(profile)},
    )


@role_required(Role.COUNSELLOR, Role.REFERENT)
def young_people(request: HttpRequest) -> HttpResponse:
    """The young people of the counsellor's or referent's structure."""
    profiles = (
        YoungPersonProfile.objects.visible_to(request.user)
        .select_related("user", "sector", "counsellor")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = Paginator(profiles, YOUNG_PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/profiles/young_people.html",
        # Not "page": base.html shows a Wagtail page's userbar, which reads permissions.
        {"page_obj": page, "structure": request.user.structure},
    )


@role_required(Role.COUNSELLOR, Role.REFERENT, Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def young_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The full profile, contact details included, for the structure's staff.

    A POST is the counsellor correcting the birth date (only a counsellor of the young
    person's structure: the profile comes from their scoped queryset).
    """
    profile = get_object_or_404(
        YoungPersonProfile.objects.visible_to(request.user).select_related(
            "user__structure", "sector", "counsellor"
        ),
        pk=pk,
    )
    birth_date_form = None
    if request.user.is_counsellor:
        birth_date_form = BirthDateForm(initial={"birth_date": profile.birth_date})
    if request.method == "POST":
        if not request.user.is_counsellor:
            raise PermissionDenied
        birth_date_form = BirthDateForm(request.POST)
        if birth_date_form.is_valid():
            if services.correct_birth_date(
                profile, request.user, birth_date_form.cleaned_data["birth_date"]
            ):
                messages.success(request, _("La date de naissance est corrigée."))
            return redirect("members:young-person", pk=profile.pk)
    return render(
        request,
        "members/profiles/young_person.html",
        {
            "profile": profile,
            "completion": services.completion(profile),
            "suggestions": suggest_professionals(profile, for_counsellor=True),
            "can_change_visibility": _can_change_visibility(request.user),
            "hide_form": HideProfileForm(),
            "lift_form": LiftLockForm(),
            "birth_date_form": birth_date_form,
        },
    )


def _can_change_visibility(user) -> bool:
    # Referents see their structure's young people but do not act on them: that is the
    # counsellor's part (and the moderators').
    return user.is_counsellor or user.is_moderator


@role_required(Role.COUNSELLOR, Role.MODERATOR)
@require_POST
def young_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a young person's profile and lock it hidden, or lift the lock."""
    profile = get_object_or_404(
        YoungPersonProfile.objects.visible_to(request.user).select_related(
            "user__structure", "sector", "counsellor"
        ),
        pk=pk,
    )
    action = request.POST.get("action")
    if action == "hide":
        form = HideProfileForm(request.POST)
        if form.is_valid():
            services.hide_profile(profile, request.user, form.cleaned_data["reason"])
            messages.success(
                request,
                _("Le profil est masqué. Le ou la jeune ne peut plus le rendre visible."),
            )
            return redirect("members:young-person", pk=profile.pk)
        lift_form = LiftLockForm()
        hide_form = form
    elif action == "lift" and profile.visibility_locked:
        form = LiftLockForm(request.POST)
        if form.is_valid():
            services.lift_visibility_lock(profile, request.user, form.cleaned_data["reason"])
            messages.success(
                request,
                _(
                    "Le blocage est levé. Le profil reste masqué jusqu’à ce que le ou la "
                    "jeune choisisse de le montrer."
                ),
            )
            return redirect("members:young-person", pk=profile.pk)
        hide_form = HideProfileForm()
        lift_form = form
    else:
        messages.error(request, _("Cette action n’est pas possible pour ce profil."))
        return redirect("members:young-person", pk=profile.pk)
    return render(
        request,
        "members/profiles/young_person.html",
        {
            "profile": profile,
            "completion": services.completion(profile),
            "suggestions": suggest_professionals(profile, for_counsellor=True),
            "can_change_visibility": True,
            "hide_form": hide_form,
            "lift_form": lift_form,
        },
    )


@role_required(
    Role.YOUNG_PERSON,
    Role.PROFESSIONAL,
    Role.COUNSELLOR,
    Role.REFERENT,
    Role.MODERATOR,
    waiting_young_person=True,
)
def young_limited_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """First name and initial, project, sector, skills, département, help wanted.

    Professionals reach only approved, visible profiles, and only once approved
    themselves (``visible_to``); anyone else only the profiles they may already see.
    """
    profile = get_object_or_404(
        YoungPersonProfile.objects.visible_to(request.user).select_related("user", "sector"),
        pk=pk,
    )
    return render(
        request,
        "members/profiles/limited_profile.html",
        # The account's id only for the "Signaler" link (members:member-report).
        {"limited": services.LimitedProfile.of(profile), "report_user_pk": profile.user_id},
    )


@role_required(Role.COUNSELLOR, Role.REFERENT, Role.MODERATOR)
def my_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = OwnProfileForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            services.update_own_details(user, form.cleaned_data)
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("members:my-profile")
    else:
        form = OwnProfileForm(user=user)
    return render(request, "members/profiles/my_profile.html", {"form": form})
