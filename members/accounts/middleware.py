"""Counsellors, referents and moderators see young people's data: no second factor, no entry."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

# Still open while the second factor is not set up: every allauth view (signing out, setting
# up the TOTP, reauthentication, email confirmation, in every language), Wagtail's
# sign-out and media files in development. Static files never get here (WhiteNoise).
OPEN_VIEW_MODULES = ("allauth.", "django.views.static")
OPEN_URL_NAMES = frozenset({"wagtailadmin_logout"})


class RequireSecondFactorMiddleware:
    SESSION_KEY = "members_mfa_ok"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Decided on the resolved view, not on the path: no prefix or language to get wrong.
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.requires_mfa
            or self._is_open(request, view_func)
            or self._has_totp(request, user)
        ):
            return None
        # Once it is active, allauth shows the recovery codes, then the account pages.
        return redirect(reverse("mfa_activate_totp"))

    @staticmethod
    def _is_open(request, view_func) -> bool:
        module = getattr(view_func, "__module__", "") or ""
        match = request.resolver_match
        return module.startswith(OPEN_VIEW_MODULES) or (
            match is not None and match.url_name in OPEN_URL_NAMES
        )

    def _has_totp(self, request, user) -> bool:
        # Remembered in the session once seen, so that it costs one query per sign-in.
        if request.session.get(self.SESSION_KEY) == user.pk:
            return True
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[self.SESSION_KEY] = user.pk
            return True
        return False
