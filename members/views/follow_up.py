"""Recording what came of a coup de pouce three months later, from the request's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import role_required
from members.enums import Role
from members.forms.follow_up import FollowUpForm
from members.models import HelpRequest
from members.services import outcomes
from members.services.requests import RequestError

FOLLOW_UP = "follow_up"


def follow_up_context(
    request: HttpRequest, help_request: HelpRequest, bound: tuple[str, Any] | None = None
) -> dict[str, Any]:
    """The form of the request's page, when this person may record the outcome now."""
    form = None
    if outcomes.may_record_follow_up(request.user, help_request):
        form = bound[1] if bound and bound[0] == FOLLOW_UP else FollowUpForm(prefix=FOLLOW_UP)
    return {"follow_up_form": form}


@role_required(Role.YOUNG_PERSON, Role.COUNSELLOR)
@require_POST
def record_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """404 for a request that is not the person's; a clear message when it cannot be
    recorded (not asked yet, already recorded)."""
    # Imported here: the request views import this module for the page's form.
    from members.views.requests import _render_detail, _requests_of

    help_request = get_object_or_404(_requests_of(request.user), pk=pk)
    if not outcomes.follow_up_pending(help_request):
        messages.error(request, outcomes.not_pending_message())
        return redirect("members:request-detail", pk=pk)
    form = FollowUpForm(request.POST, prefix=FOLLOW_UP)
    if not form.is_valid():
        return _render_detail(request, help_request, bound=(FOLLOW_UP, form))
    try:
        outcomes.record_follow_up(help_request, request.user, form.cleaned_data["outcome"])
    except RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Merci ! Le résultat à trois mois est noté."))
    return redirect("members:request-detail", pk=pk)
