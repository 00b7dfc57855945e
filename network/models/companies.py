"""The public page of partner companies: those that agreed to be shown, with their figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page

from home.translations import TranslatedSlugMixin
from network.models.structures import Company

# The logo's rendition: {% image company.logo max-320x160 format-webp %}.
LOGO_SPEC = "max-320x160|format-webp"


def shown_companies() -> QuerySet[Company]:
    """Partner companies that agreed to be on the site, with their logo's rendition."""
    rendition_model = get_image_model().get_rendition_model()
    return (
        Company.objects.shown_on_site()
        .select_related("logo")
        .prefetch_related(
            Prefetch(
                "logo__renditions",
                queryset=rendition_model.objects.filter(filter_spec=LOGO_SPEC),
                to_attr="prefetched_renditions",
            )
        )
        .order_by("name", "pk")
    )


class CompanyIndexPage(TranslatedSlugMixin, Page):
    """Partner companies that opted in (``Company.show_on_site``), their logo, link and the
    figures of their employees' engagement, small counts hidden (network.company_figures)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des entreprises partenaires")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from network.company_figures import company_figures

        context = super().get_context(request, *args, **kwargs)
        companies = list(shown_companies())
        by_company = company_figures(company.pk for company in companies)
        context["companies"] = [(company, by_company[company.pk]) for company in companies]
        return context
