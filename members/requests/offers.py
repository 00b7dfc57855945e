"""Visible young people: approved professionals browse them and offer a coup de pouce.

Only approved professionals (403 for anyone else, pending professionals included). The
young people come from ``YoungPersonProfile.objects.visible_to(request.user)``, the rule
of the limited profile, and are shown as a ``LimitedProfile`` only: first name and
initial, project, skills, département. An offer becomes a request the young person
accepts or declines (members.requests.services.create_offer).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.access import approved_professional_required
from members.directory import visible_young as services
from members.directory.filters import YoungPersonFilter
from members.enums import HelpRequestState
from members.models import HelpRequest
from members.profiles.services import LimitedProfile
from members.requests import services as request_services
from members.requests.forms import OfferForm


@approved_professional_required
def young_browse(request: HttpRequest) -> HttpResponse:
    profile = request.user.pro_profile
    filterset = YoungPersonFilter(request.GET, queryset=services.listed_young_people(request.user))
    young_people = services.order_for(filterset.qs, profile)
    page = Paginator(young_people, services.PER_PAGE).get_page(request.GET.get("page"))
    exchanges = services.open_exchanges(request.user, [young.user_id for young in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/requests/young_browse.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "cards": [
                {"limited": LimitedProfile.of(young), "exchange": exchanges.get(young.user_id)}
                for young in page.object_list
            ],
            "extra_query": query.urlencode(),
            "unavailable": request_services.offer_error(profile),
        },
    )


@approved_professional_required
def offer_create(request: HttpRequest, young_pk: int) -> HttpResponse:
    """The guided form: kind, what they propose, when; sent at once (or to the counsellor)."""
    young = get_object_or_404(services.listed_young_people(request.user), pk=young_pk)
    existing = (
        HelpRequest.objects.open()
        .filter(young_person_id=young.user_id, professional=request.user)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        if HelpRequest.objects.visible_to(request.user).filter(pk=existing).exists():
            messages.info(request, request_services.duplicate_offer_message())
            return redirect("members:request-detail", pk=existing)
        # The young person's own request, not yet sent: say nothing of what it is.
        messages.info(
            request,
            _(
                "Vous ne pouvez pas proposer de coup de pouce à ce ou cette jeune pour "
                "l’instant : un échange est déjà en préparation entre vous."
            ),
        )
        return redirect("members:young-limited-profile", pk=young.pk)
    profile = request.user.pro_profile
    kinds = request_services.offer_kinds_for(young.user, profile)
    wanted = frozenset(young.help_wanted)
    unavailable = request_services.offer_error(profile)
    if request.method == "POST" and kinds and not unavailable:
        form = OfferForm(request.POST, kinds=kinds, wanted=wanted)
        if form.is_valid():
            try:
                help_request = request_services.create_offer(
                    request.user, young.user, **form.cleaned_data
                )
            except request_services.RequestError as error:
                form.add_error(None, str(error))
            else:
                if help_request.state == HelpRequestState.AWAITING_COUNSELLOR:
                    messages.success(
                        request,
                        _(
                            "Votre proposition est transmise à son conseiller ou sa conseillère, "
                            "qui la relit avant de la lui montrer."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Votre proposition est envoyée ! Vous serez prévenu·e de sa réponse."),
                    )
                return redirect("members:request-detail", pk=help_request.pk)
    else:
        form = OfferForm(kinds=kinds, wanted=wanted)
    return render(
        request,
        "members/requests/offer_create.html",
        {
            "form": form,
            "limited": LimitedProfile.of(young),
            "kinds": kinds,
            "unavailable": unavailable,
        },
    )
