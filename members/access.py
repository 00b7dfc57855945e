"""Who may open a view of the members area. Default is deny.

Each view names the roles it serves with :func:`role_required`; the object it shows
comes from a queryset scoped to the user (``visible_to``), so an id that is not theirs
is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.enums import ReviewStatus, Role


def young_person_may_act(user) -> bool:
    """The one rule for young people: they see other members and act (the directory,
    professionals' pages, requests, messages, reports) only once a counsellor of their
    structure confirmed them. Invited young people are confirmed by the invitation; those
    who applied with a join code wait for a counsellor (``YoungPersonProfile.status``).

    True for anyone who is not a young person. Views apply it through
    :func:`role_required`; the request services call it too, so that no caller can go
    around it.
    """
    if user is None or getattr(user, "role", None) != Role.YOUNG_PERSON:
        return True
    profile = getattr(user, "young_profile", None)
    return profile is not None and profile.status == ReviewStatus.APPROVED


def awaiting_confirmation(request: HttpRequest) -> HttpResponse:
    """What a young person not confirmed yet gets instead of a page that needs it (403)."""
    profile = getattr(request.user, "young_profile", None)
    return render(
        request,
        "members/profiles/awaiting_confirmation.html",
        {
            "profile": profile,
            "is_rejected": getattr(profile, "status", "") == ReviewStatus.REJECTED,
        },
        status=403,
    )


def role_required(*roles: Role, waiting_young_person: bool = False) -> Callable:
    """Signed in, active, and one of ``roles`` (moderators only when listed).

    A young person whom no counsellor confirmed yet (:func:`young_person_may_act`) is
    refused with a page that says so, unless the view is one they need while they wait
    (their own profile, photo, notifications and requests: ``waiting_young_person=True``).
    Refusing is the default, so a new view open to young people is safe from the start.
    """

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            if not waiting_young_person and not young_person_may_act(request.user):
                return awaiting_confirmation(request)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        wrapper.waiting_young_person = waiting_young_person
        return wrapper

    return decorator


def approved_professional_required(view: Callable) -> Callable:
    """A professional whom a moderator approved."""

    @role_required(Role.PROFESSIONAL)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        profile = getattr(request.user, "pro_profile", None)
        if profile is None or profile.status != ReviewStatus.APPROVED:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def member_required(view: Callable) -> Callable:
    """Any signed-in person (including staff without a member role)."""
    return login_required(view)


# How a person stands towards one request: what they may read and do on it is decided
# from these sides (the request's transitions, its conversation, contact masking).


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
