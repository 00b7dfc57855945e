"""The answer form of a volunteer call (served by VolunteerCallPage.serve)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config import antispam
from network.forms import VolunteerAnswerForm
from network.services import (
    CallClosedError,
    DuplicateAnswerError,
    is_same_answer,
    record_answer,
)

if TYPE_CHECKING:
    from network.models import VolunteerCallPage

ANSWER_ANCHOR = "#repondre"
# What the volunteer typed, kept for the page shown after the redirect: it offers them a
# sign-up link prefilled with it (never in the redirect's address, which logs would keep).
SIGNUP_PREFILL_SESSION_KEY = "volunteer_signup_prefill"
# The call just answered: the page shown after the redirect confirms the answer instead of
# the form, once (a later visit shows the form, for a colleague on the same computer).
ANSWERED_SESSION_KEY = "volunteer_call_answered"


def _remember_for_signup(request: HttpRequest, data: dict[str, Any]) -> None:
    if request.user.is_authenticated:
        return
    first_name, _sep, last_name = data["name"].strip().partition(" ")
    request.session[SIGNUP_PREFILL_SESSION_KEY] = {
        "email": data["email"],
        "first_name": first_name,
        "last_name": last_name.strip(),
        "company": data.get("company", ""),
    }


def _signup_url(request: HttpRequest) -> str:
    """The prefilled sign-up link, once, right after an answer (empty otherwise)."""
    if SIGNUP_PREFILL_SESSION_KEY not in request.session:
        return ""
    prefill = request.session.pop(SIGNUP_PREFILL_SESSION_KEY)
    query = urlencode({key: value for key, value in prefill.items() if value})
    return f"{reverse('account_signup')}?{query}"


def _just_answered(request: HttpRequest, call: VolunteerCallPage) -> bool:
    """Whether this call was answered right before this page (once)."""
    return request.session.pop(ANSWERED_SESSION_KEY, None) == str(call.translation_key)


def _answered(request: HttpRequest, call: VolunteerCallPage, email: str) -> HttpResponse:
    """Post-redirect-get to the call's confirmation."""
    request.session[ANSWERED_SESSION_KEY] = str(call.translation_key)
    messages.success(
        request,
        _(
            "Merci, votre réponse a bien été envoyée. Un e-mail de confirmation "
            "vient de partir vers %(email)s."
        )
        % {"email": email},
    )
    return HttpResponseRedirect(call.get_url(request) + ANSWER_ANCHOR)


def serve_volunteer_call(
    call: VolunteerCallPage, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    """GET shows the call and its form; POST records an answer (post-redirect-get).

    A POST on a closed call stores nothing and shows the same message as a GET.
    """
    closed_reason = call.closed_reason()
    if request.method != "POST" or closed_reason is not None:
        answered = request.method != "POST" and _just_answered(request, call)
        form = VolunteerAnswerForm() if closed_reason is None and not answered else None
        response = call.render_with_form(request, form, closed_reason)
        response.context_data["signup_url"] = _signup_url(request)
        response.context_data["answered"] = answered
        return response

    form = VolunteerAnswerForm(request.POST)
    if form.is_from_bot():
        # Say nothing to the bot: it looks like a success, nothing is stored.
        messages.success(request, _("Merci, votre réponse a bien été envoyée."))
        return HttpResponseRedirect(call.get_url(request) + ANSWER_ANCHOR)
    if form.is_valid():
        # Per address, and per call: a burst of answers would fill its places.
        verdict = antispam.admit(
            request, antispam.VOLUNTEER_ANSWER, target=str(call.translation_key)
        )
        if not verdict.allowed:
            form.add_error(None, verdict.message)
            response = call.render_with_form(request, form, None)
            response.context_data["challenge"] = verdict.challenge
            response.status_code = 429
            return response
        try:
            answer_data = form.answer_data()
            record_answer(call, answer_data, get_language() or "fr")
        except CallClosedError as exc:
            return call.render_with_form(request, None, exc.reason)
        except DuplicateAnswerError:
            if is_same_answer(call, answer_data):
                # The same form sent twice: one answer stored, the same confirmation.
                return _answered(request, call, answer_data["email"])
            form.add_error(
                "email",
                _(
                    "Vous avez déjà répondu à cet appel avec cette adresse e-mail : "
                    "l'association vous recontactera."
                ),
            )
        else:
            _remember_for_signup(request, answer_data)
            return _answered(request, call, answer_data["email"])
    return call.render_with_form(request, form, None)
