"""The professionals' directory and a professional's page, for every member with a role.

Only approved professionals with an active account are listed or shown (anything else is
a 404); their email and phone are shown to moderators only (DESIGN.md, visibility table).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from config import caching
from members.access import role_required
from members.directory import services
from members.directory.filters import ProfessionalFilter
from members.enums import Role
from network.departements import departement_name

MEMBER_ROLES = (
    Role.YOUNG_PERSON,
    Role.PROFESSIONAL,
    Role.COUNSELLOR,
    Role.REFERENT,
    Role.MODERATOR,
)


@role_required(*MEMBER_ROLES)
def directory(request: HttpRequest) -> HttpResponse:
    # Always bound, so that the default listing is ordered like a search.
    filterset = ProfessionalFilter(request.GET, queryset=services.listed_professionals())
    page = services.directory_page(
        filterset.qs, request.GET.get("page"), ranked=filterset.searches_words
    )
    query = request.GET.copy()
    query.pop("page", None)
    professionals = [_card(profile) for profile in page.object_list]
    return render(
        request,
        "members/directory/directory.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "professionals": professionals,
            "extra_query": query.urlencode(),
            "wider": [] if professionals else _wider_searches(filterset, query),
            "for_young_person": request.user.role == Role.YOUNG_PERSON,
            "counsellor": None if professionals else _counsellor_of(request.user),
            # The version of what the filter selects list (the sectors among it): the key
            # of their cached fragment, with their values.
            "directory_version": caching.versions(caching.DIRECTORY)[0],
        },
    )


WIDENED_FILTERS = ("sector", "kind", "departement", "remote", "has_capacity")


def _wider_searches(filterset: ProfessionalFilter, query) -> list[dict]:
    """After an empty result, a link for each active filter that drops it (words kept),
    then one that keeps the filters and drops the words."""
    form = filterset.form
    form.is_valid()
    wider = []
    for name in WIDENED_FILTERS:
        if form.cleaned_data.get(name) in (None, "", False):
            continue
        widened = query.copy()
        widened.pop(name, None)
        field = form[name]
        value = form.cleaned_data[name]
        shown = (
            field.label if isinstance(value, bool) else f"{field.label} : {_shown(field, value)}"
        )
        wider.append({"query": widened.urlencode(), "dropped": shown})
    if (form.cleaned_data.get("q") or "").strip() and len(query) > 1:
        widened = query.copy()
        widened.pop("q", None)
        wider.append({"query": widened.urlencode(), "dropped": None})
    return wider


def _shown(field, value) -> str:
    if hasattr(value, "pk"):
        return str(value)  # a sector, already read by the filter
    return str(dict(field.field.choices).get(value, value))


def _counsellor_of(user):
    """A young person's counsellor, named when a search finds nobody."""
    if user.role != Role.YOUNG_PERSON:
        return None
    profile = getattr(user, "young_profile", None)
    return profile.counsellor if profile is not None else None


def _card(profile) -> dict:
    return {
        "profile": profile,
        "kinds": services.offered_kinds(profile),
        "state": services.capacity_state(profile),
    }


@role_required(*MEMBER_ROLES)
def professional(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(services.listed_professionals(), pk=pk)
    can_ask = services.can_be_asked_by(request.user, profile)
    return render(
        request,
        "members/directory/professional.html",
        {
            "profile": profile,
            "kinds": services.offered_kinds(profile),
            "departements": [f"{code} – {departement_name(code)}" for code in profile.departements],
            "state": services.capacity_state(profile),
            "stats": services.response_stats(profile),
            "request_url": services.request_url(profile) if can_ask else None,
            "show_contact": request.user.is_moderator,
        },
    )
