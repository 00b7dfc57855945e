"""Privacy: what we keep, the documents accepted, download my data, delete my account."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from home.models import SiteSettings
from members.access import member_required
from members.models import Consent
from members.privacy.erasure import delete_member, is_last_active_referent
from members.privacy.forms import AccountDeleteForm
from members.privacy.services import export_member_data


def _privacy_policy_url(request: HttpRequest) -> str:
    page = SiteSettings.for_request(request).privacy_page
    if page is None:
        return ""
    return page.localized.get_url(request) or ""


@member_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "members/privacy/privacy.html",
        {
            "consents": Consent.objects.filter(user=user).order_by("-accepted_at"),
            "policy_url": _privacy_policy_url(request),
            "inactivity_months": round(settings.INACTIVITY_WARNING_DAYS / 30.4),
            "retention_months": settings.RETENTION_CLOSED_REQUESTS_MONTHS,
        },
    )


@member_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mes-donnees-un-debut-de-reseau-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDeleteForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_member(user)
        logout(request)
        messages.success(
            request, _("Votre compte et vos données personnelles ont été supprimés. Au revoir !")
        )
        return redirect(reverse("wagtail_serve", args=[""]))
    return render(
        request,
        "members/privacy/account_delete.html",
        {"form": form, "last_referent": is_last_active_referent(user)},
    )
