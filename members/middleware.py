"""Counsellors, referents and moderators see young people's data: no second factor, no entry."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

# Paths still open while the second factor is not set up: signing out, setting it up,
# the account pages it needs (reauthentication, email confirmation) and static files.
OPEN_PATH_FRAGMENTS = ("/compte/", "/static/", "/media/", "/i18n/")


class RequireSecondFactorMiddleware:
    SESSION_KEY = "members_mfa_ok"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.requires_mfa
            and not any(fragment in request.path_info for fragment in OPEN_PATH_FRAGMENTS)
            and not self._has_totp(request, user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

    def _has_totp(self, request, user) -> bool:
        # Remembered in the session once seen, so that it costs one query per sign-in.
        if request.session.get(self.SESSION_KEY) == user.pk:
            return True
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[self.SESSION_KEY] = user.pk
            return True
        return False
