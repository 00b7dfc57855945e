"""Who may open a view of the members area. Default is deny.

Each view names the roles it serves with :func:`role_required`; the object it shows
comes from a queryset scoped to the user (``visible_to``), so an id that is not theirs
is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from members.enums import ReviewStatus, Role


def role_required(*roles: Role) -> Callable:
    """Signed in, active, and one of ``roles`` (moderators only when listed)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
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
