"""The figures page of a structure, for its referent and its counsellors, and its exports;
the association's figures page, for moderators, and its export.

Always the reader's own structure (``request.user.structure``), never one named in the
address; its counts are shown whole (they may see these young people). The requests'
export starts from the requests the reader may read (``HelpRequest.objects.visible_to``):
a counsellor's structure's, none for a referent (figures only, DESIGN.md), who is
therefore not offered it.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from config import caching
from members.access import role_required
from members.enums import Role
from members.impact import spreadsheets
from members.impact.forms import (
    NetworkFiguresForm,
    PeriodForm,
    period_label,
    period_short_label,
    period_slug,
)
from members.impact.network import PROTECT_SMALL_COUNTS, network_report
from members.impact.structure import counsellor_figures, structure_charts, structure_figures
from members.models import HelpRequest


def _period(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET)


@role_required(Role.REFERENT, Role.COUNSELLOR)
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = _period(request)
    context = {
        "form": form,
        "structure": user.structure if user.structure_id else None,
        "produced_on": timezone.localdate(),
        "may_export_requests": user.role == Role.COUNSELLOR,
    }
    if user.structure_id and (not form.is_bound or form.is_valid()):
        scope = form.scope()
        figures = structure_figures(scope, user.structure_id)
        context.update(
            scope=scope,
            period=period_label(scope),
            figures=figures,
            charts=structure_charts(figures),
            counsellors=counsellor_figures(scope, user.structure_id),
            export_urls=_export_urls(request),
        )
    return render(request, "members/impact/structure.html", context)


def _export_urls(request: HttpRequest) -> dict[str, str]:
    """The page's period in each export's address, with the file's format."""
    return {
        f"{what}_{file_format}": spreadsheets.download_url(request, name, file_format)
        for what, name in (
            ("figures", "members:impact-export"),
            ("requests", "members:impact-requests-export"),
        )
        for file_format in spreadsheets.FORMATS
    }


def _export_inputs(request: HttpRequest):
    """The reader's structure, the period and the format of an export; 404 for anything
    a form of the page would not have sent."""
    user = request.user
    if not user.structure_id:
        raise Http404
    form = _period(request)
    file_format = request.GET.get("format", spreadsheets.CSV)
    if (form.is_bound and not form.is_valid()) or file_format not in spreadsheets.FORMATS:
        raise Http404
    return user.structure, form.scope(), file_format


@role_required(Role.REFERENT, Role.COUNSELLOR)
@require_GET
def export_figures(request: HttpRequest) -> HttpResponse:
    structure, scope, file_format = _export_inputs(request)
    figures = structure_figures(scope, structure.pk)
    rows = spreadsheets.figure_rows(
        figures,
        counsellor_figures(scope, structure.pk),
        structure.name,
        period_label(scope),
    )
    filename = f"{_('chiffres')}-{structure.slug}-{period_slug(scope)}"
    return spreadsheets.response(rows, file_format, filename, _("Chiffres"))


@role_required(Role.COUNSELLOR)
@require_GET
def export_requests(request: HttpRequest) -> HttpResponse:
    structure, scope, file_format = _export_inputs(request)
    requests = HelpRequest.objects.visible_to(request.user).filter(
        scope.in_period("sent_at"), structure_id=structure.pk
    )
    filename = f"{_('demandes')}-{structure.slug}-{period_slug(scope)}"
    return spreadsheets.response(
        spreadsheets.request_rows(requests), file_format, filename, _("Demandes")
    )


# The association's figures (moderators) ------------------------------------------------


def _network_inputs(form: NetworkFiguresForm) -> dict:
    """What the page and its export print of a valid form."""
    scope, comparison = form.scope(), form.comparison_scope()
    return {
        "report": network_report(scope, comparison),
        "period": period_label(scope),
        "comparison_period": period_label(comparison),
        "period_short": period_short_label(scope),
        "comparison_short": period_short_label(comparison),
        "filters": form.filter_labels(),
    }


@role_required(Role.MODERATOR)
@require_GET
def impact_network(request: HttpRequest) -> HttpResponse:
    form = NetworkFiguresForm(request.GET)
    context = {
        "form": form,
        "produced_at": timezone.localtime(),
        "small_counts_hidden": PROTECT_SMALL_COUNTS,
        # The template keeps its heavy fragments under the figures' cache version.
        "impact_version": caching.versions(caching.IMPACT)[0],
    }
    if not form.is_bound or form.is_valid():
        context.update(_network_inputs(form))
        context["export_urls"] = {
            file_format: spreadsheets.download_url(
                request, "members:impact-network-export", file_format
            )
            for file_format in spreadsheets.FORMATS
        }
    return render(request, "members/impact/network.html", context)


@role_required(Role.MODERATOR)
@require_GET
def export_network(request: HttpRequest) -> HttpResponse:
    form = NetworkFiguresForm(request.GET)
    file_format = request.GET.get("format", spreadsheets.CSV)
    if (form.is_bound and not form.is_valid()) or file_format not in spreadsheets.FORMATS:
        raise Http404
    inputs = _network_inputs(form)
    rows = spreadsheets.network_rows(
        inputs["report"], inputs["period"], inputs["comparison_period"], inputs["filters"]
    )
    filename = f"{_('chiffres-reseau')}-{period_slug(inputs['report'].scope)}"
    return spreadsheets.response(rows, file_format, filename, _("Chiffres du réseau"))
