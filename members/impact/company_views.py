"""The figures page of a partner company, for its contacts, and its export (issue 16).

Always the reader's own company (``request.user.company``), never one named in the
address; every count under 5 is hidden (members.impact.company). Nothing on the page or in
the files names, describes or links to a young person or a request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.access import role_required
from members.enums import Role
from members.impact import spreadsheets
from members.impact.company import company_charts, company_figures, company_rows, shared_quotes
from members.impact.forms import PeriodForm, period_label, period_slug


@role_required(Role.COMPANY_CONTACT)
@require_GET
def company_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PeriodForm(request.GET)
    company = user.company if user.company_id else None
    context = {"form": form, "company": company, "produced_on": timezone.localdate()}
    if company is not None and (not form.is_bound or form.is_valid()):
        scope = form.scope()
        figures = company_figures(scope, company.pk)
        context.update(
            scope=scope,
            period=period_label(scope),
            figures=figures,
            charts=company_charts(figures),
            quotes=shared_quotes(scope, company.pk),
            export_urls={
                file_format: spreadsheets.download_url(
                    request, "members:company-figures-export", file_format
                )
                for file_format in spreadsheets.FORMATS
            },
        )
    return render(request, "members/impact/company.html", context)


@role_required(Role.COMPANY_CONTACT)
@require_GET
def export_company_figures(request: HttpRequest) -> HttpResponse:
    """The page's figures as CSV or XLSX; 404 for anything the page would not have sent."""
    company = request.user.company if request.user.company_id else None
    form = PeriodForm(request.GET)
    file_format = request.GET.get("format", spreadsheets.CSV)
    if company is None or (form.is_bound and not form.is_valid()):
        raise Http404
    if file_format not in spreadsheets.FORMATS:
        raise Http404
    scope = form.scope()
    rows = company_rows(company_figures(scope, company.pk), company.name, period_label(scope))
    filename = f"{_('chiffres')}-{company.slug or slugify(company.name)}-{period_slug(scope)}"
    return spreadsheets.response(rows, file_format, filename, _("Chiffres"))
