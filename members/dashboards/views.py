"""Home of the members area after sign-in: one page per role, saying what to do next.

Every figure is one aggregate query and every list is bounded, so the page costs the
same number of queries for 3 young people as for 3,000.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import WorkflowState

from members import dashboard_cache
from members.dashboards import services as dashboards
from members.directory.suggestions import suggest_professionals
from members.enums import InvitationKind, ReviewStatus, Role
from members.impact.company import company_figures
from members.impact.figures import Scope
from members.models import (
    ProfessionalProfile,
    User,
    YoungPersonProfile,
)
from members.models.profiles import MAJORITY, years_before
from members.moderation import reports
from members.onboarding import invitations as onboarding_invitations
from network.models import Structure

LIST_LIMIT = 10

# What a young person's profile needs to count as complete (YoungPersonProfile.is_complete),
# then what helps professionals without being required.
REQUIRED_PROFILE_FIELDS = ("project", "sector", "help_wanted", "departement")
OPTIONAL_PROFILE_FIELDS = ("skills", "availability")
INCOMPLETE = Q(project="") | Q(sector__isnull=True) | Q(help_wanted=[]) | Q(departement="")


def admin_listing_url(url_name: str, query: str) -> str:
    """A Wagtail admin listing (``url_name``: its view set's index), filtered by ``query``."""
    return f"{reverse(url_name)}?{query}"


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.role:
        if user.is_staff:
            # Editors and administrators without a member role work in the Wagtail admin.
            return redirect("wagtailadmin_home")
        return render(request, "members/dashboards/dashboard.html", {})
    context = ROLE_CONTEXTS[user.role](user)
    context["privacy_url"] = reverse("members:privacy")
    return render(request, f"members/dashboards/{user.role}.html", context)


def _young_person(user: User) -> dict[str, Any]:
    profile = (
        YoungPersonProfile.objects.select_related("sector", "counsellor").filter(user=user).first()
    )
    missing, to_improve = [], []
    if profile is not None:
        user.young_profile = profile  # what the menu reads: not a second query
        for name in REQUIRED_PROFILE_FIELDS:
            if not getattr(profile, f"{name}_id" if name == "sector" else name):
                missing.append(YoungPersonProfile._meta.get_field(name).verbose_name)
        for name in OPTIONAL_PROFILE_FIELDS:
            if not getattr(profile, name):
                to_improve.append(YoungPersonProfile._meta.get_field(name).verbose_name)
    total = len(REQUIRED_PROFILE_FIELDS) + len(OPTIONAL_PROFILE_FIELDS)
    return {
        "profile": profile,
        "missing_fields": missing,
        "optional_fields": to_improve,
        "completion": total - len(missing) - len(to_improve),
        "completion_total": total,
        "is_pending": profile is not None and profile.status == ReviewStatus.PENDING,
        "is_rejected": profile is not None and profile.status == ReviewStatus.REJECTED,
        "profile_edit_url": reverse("members:young-profile-edit"),
        "directory_url": reverse("members:directory"),
        # A pending applicant cannot ask yet; a rejected one cannot at all.
        "suggestions": suggest_professionals(profile)
        if profile is not None and profile.status == ReviewStatus.APPROVED
        else [],
        "requests_url": reverse("members:requests"),
        **dashboards.young_person_panels(user, profile),
    }


def _professional(user: User) -> dict[str, Any]:
    profile = ProfessionalProfile.objects.select_related("company").filter(user=user).first()
    if profile is not None:
        user.pro_profile = profile  # what the menu reads: not a second query
    return {
        "profile": profile,
        "profile_edit_url": reverse("members:pro-profile-edit"),
        "directory_url": reverse("members:directory"),
        "requests_url": reverse("members:requests"),
        **dashboards.professional_panels(user, profile),
    }


def _structure_young_people(user: User):
    return YoungPersonProfile.objects.filter(
        user__structure_id=user.structure_id, user__is_active=True
    )


def _minor_birth_dates() -> Q:
    return Q(birth_date__gt=years_before(timezone.localdate(), MAJORITY))


def _people_lists(
    young: QuerySet, lists: dict[str, tuple[Q, list[str]]]
) -> dict[str, tuple[list, int]]:
    """For each ``name: (condition, ordering)``, the first LIST_LIMIT of ``young`` meeting
    the condition, in that order ("first_name", "last_name", "birth_date" or "id", "-" for
    descending), and how many meet it: the lists' ids and sizes in one query (the lists may
    overlap: a minor may have an incomplete profile), then the people listed in another.
    The lists show a name (and an age): not the ~50 columns of a profile and its user."""
    found = dashboards.first_ids_of_lists(
        young.values(
            "id",
            "birth_date",
            first_name=F("user__first_name"),
            last_name=F("user__last_name"),
            **{
                name: Case(When(condition, then=Value(name)), output_field=CharField())
                for name, (condition, _ordering) in lists.items()
            },
        ),
        {name: ordering for name, (_condition, ordering) in lists.items()},
        LIST_LIMIT,
    )
    people = (
        young.select_related("user")
        .only("birth_date", "user__first_name", "user__last_name")
        .in_bulk([pk for ids, _count in found.values() for pk in ids])
    )
    lists_found = {}
    for name in lists:
        ids, count = found.get(name, ([], 0))
        lists_found[name] = ([people[pk] for pk in ids if pk in people], count)
    return lists_found


def _counsellor(user: User) -> dict[str, Any]:
    if not user.structure_id:
        return {"structure": None}
    return {
        "structure": user.structure,
        "invite_url": reverse("members:young-invite"),
        "panels": dashboard_cache.counsellor_panels(
            user,
            lambda: render_to_string(
                "members/dashboards/includes/counsellor_panels.html", _counsellor_panels(user)
            ),
        ),
    }


def _counsellor_panels(user: User) -> dict[str, Any]:
    """What the counsellor's panels show of their structure."""
    now = timezone.now()
    invitations = onboarding_invitations.of_kind(
        user.structure_id, InvitationKind.YOUNG_PERSON
    ).pending()
    invitation_counts = invitations.aggregate(
        usable=Count("pk", filter=Q(expires_at__gt=now)),
        expired=Count("pk", filter=Q(expires_at__lte=now)),
    )
    approved = Q(status=ReviewStatus.APPROVED)
    by_name = ["first_name", "last_name", "id"]
    people = _people_lists(
        _structure_young_people(user),
        {
            "incomplete": (approved & INCOMPLETE, by_name),
            "applicants": (Q(status=ReviewStatus.PENDING), by_name),
            "minors": (
                _minor_birth_dates() & ~Q(status=ReviewStatus.REJECTED),
                ["-birth_date", "id"],
            ),
        },
    )
    return {
        "pending_invitations": invitation_counts["usable"],
        "expired_invitations": invitations.filter(expires_at__lte=now)
        .only("first_name", "last_name", "expires_at")
        .order_by("expires_at")[:LIST_LIMIT],
        "expired_count": invitation_counts["expired"],
        "incomplete": people["incomplete"][0],
        "incomplete_count": people["incomplete"][1],
        "applicants": people["applicants"][0],
        "applicants_count": people["applicants"][1],
        "minors": people["minors"][0],
        "minors_count": people["minors"][1],
        "invitations_url": reverse("members:young-invitations"),
        "applicants_url": reverse("members:applicants"),
        "young_people_url": reverse("members:young-people"),
        "requests_url": reverse("members:requests"),
        **dashboards.counsellor_panels(user),
    }


def _referent(user: User) -> dict[str, Any]:
    if not user.structure_id:
        return {"structure": None}
    counsellors = User.objects.filter(
        structure_id=user.structure_id, role=Role.COUNSELLOR, is_active=True
    ).count()
    pending_invitations = (
        onboarding_invitations.of_kind(user.structure_id, InvitationKind.COUNSELLOR)
        .usable()
        .count()
    )
    figures = (
        _structure_young_people(user)
        .filter(status=ReviewStatus.APPROVED)
        .aggregate(
            young_people=Count("pk"),
            complete=Count("pk", filter=~INCOMPLETE),
            minors=Count("pk", filter=_minor_birth_dates()),
        )
    )
    return {
        "structure": user.structure,
        "counsellors": counsellors,
        "pending_invitations": pending_invitations,
        "figures": figures,
        "team_url": reverse("members:team"),
    }


def _moderator(user: User) -> dict[str, Any]:
    return {
        "pending_structures": Structure.objects.pending().count(),
        "pending_professionals": ProfessionalProfile.objects.filter(
            status=ReviewStatus.PENDING, user__is_active=True
        ).count(),
        "structures_url": admin_listing_url(
            "wagtailsnippets_network_structure:list", "status=pending"
        ),
        # Pages (stories, calls, news) submitted to the moderation workflow.
        "pages_to_review": WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS
        ).count(),
        "pages_url": reverse("wagtailadmin_reports:workflow"),
        "professionals_url": admin_listing_url("professionals:index", "status=pending"),
        "reports_to_handle": reports.reports_to_handle(),
        "reports_url": admin_listing_url("member_reports:index", "resolved=false"),
        "stuck_requests": sum(reports.stuck_counts().values()),
        "stuck_url": admin_listing_url("help_requests:index", "stuck=any"),
        "admin_url": reverse("wagtailadmin_home"),
    }


def _company_contact(user: User) -> dict[str, Any]:
    """The current year's key figures of the contact's company (small counts hidden) and
    the way to the full page; nothing about a young person."""
    if not user.company_id:
        return {"company": None}
    scope = Scope.year(timezone.localdate().year)
    return {
        "company": user.company,
        "figures": company_figures(scope, user.company_id),
        "company_figures_url": reverse("members:company-figures"),
    }


ROLE_CONTEXTS = {
    Role.YOUNG_PERSON: _young_person,
    Role.PROFESSIONAL: _professional,
    Role.COUNSELLOR: _counsellor,
    Role.REFERENT: _referent,
    Role.MODERATOR: _moderator,
    Role.COMPANY_CONTACT: _company_contact,
}
