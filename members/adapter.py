"""django-allauth adapters: where people land, and who may remove their second factor."""

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
