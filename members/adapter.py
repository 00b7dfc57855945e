"""django-allauth adapters: where people land, and who may remove their second factor.

Also the account name django-axes counts failures against (see ``axes_username``).
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.is_staff and not user.role:
            # Editors have no members area: their home is the Wagtail admin.
            return reverse("wagtailadmin_home")
        return reverse("members:dashboard")


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Counsellors, referents and moderators must keep their second factor.
        return not authenticator.user.requires_mfa


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The address typed in allauth's sign-in form, whichever way django-axes asks for it.

    allauth authenticates with ``email=...`` and Django's ``user_login_failed`` signal
    passes those credentials on, so axes' ``AXES_USERNAME_FORM_FIELD = "login"`` alone
    finds no name in them and would count failures per address only. Lower-cased, so that
    "Ines@…" and "ines@…" are the same account.
    """
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not login and request is not None:
        login = getattr(request, "data", request.POST).get("login")
    return str(login).strip().lower() if login else None
