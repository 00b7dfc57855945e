"""django-allauth adapters: emails through the outbox, where people land, the key of the
per-account sign-in limit, and who may remove their second factor.

Also the account name django-axes counts failures against (see ``axes_username``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse

from config.site_url import absolute_url
from outbox import services as outbox


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render in the request (its language, its links), then queue in the outbox.

        allauth's own ``send_mail`` sends from the web process: a mail server down or slow
        would turn a sign-up or a password reset into an error page. Every allauth email
        comes here: sign-up confirmation, password reset, email change, the security
        notifications, and MFA's (through ``send_notification_mail``).
        """
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            # The security notices (account/email/base_notification.txt) end with it.
            "reset_password_url": absolute_url(reverse("account_reset_password")),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        outbox.queue_message(message, kind=template_prefix)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The "key" of allauth's ``login_failed`` limit: the pair (address, account).

        allauth keys it on the account alone, so that five wrong passwords typed by anyone,
        anywhere, refused the owner too. With the client's address in the key, failures
        slow down the one who makes them; the address as a whole has its own, higher
        limit ("ip" in ``ACCOUNT_RATE_LIMITS["login_failed"]``). allauth has no public hook
        for this key; tests/members/accounts/test_accounts_lockout_policy.py fails if it stops
        being used.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{key}"

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
