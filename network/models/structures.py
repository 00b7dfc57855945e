"""Partner structures and companies, and the public index of structures."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.translations import TranslatedSlugMixin
from network.departements import (
    DEPARTEMENT_CHOICES,
    POSTCODE_RE,
    departement_from_postcode,
    departement_name,
    validate_departement,
    validate_postcode,
)
from network.enums import StructureKind

STRUCTURES_PER_PAGE = 20
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    # Unambiguous letters and digits: the code is read aloud and typed on a phone.
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


def validate_siret(value: str) -> None:
    if not (value.isdigit() and len(value) == 14):
        raise ValidationError(_("Un numéro SIRET compte 14 chiffres."))


class StructureQuerySet(models.QuerySet):
    def approved(self) -> StructureQuerySet:
        return self.filter(is_approved=True)

    def pending(self) -> StructureQuerySet:
        return self.filter(is_approved=False, rejected_at__isnull=True)

    def counts_by_departement(self) -> dict[str, int]:
        """One query: {département code: number of structures}."""
        rows = self.order_by().values("departement").annotate(n=Count("id"))
        return {row["departement"]: row["n"] for row in rows}


class Structure(index.Indexed, models.Model):
    """A partner structure (E2C, EPIDE, mission locale…) that follows young people.

    A plain model rather than a translatable snippet: members (counsellors, young people)
    point at it with a foreign key, and wagtail-localize would make one row per language,
    so a counsellor's structure would depend on the language of the page. The only text
    that needs translating is the public description, hence the two fields
    ``description`` (French, the reference) and ``description_en`` (optional), chosen by
    :attr:`localized_description` with a fallback to French.
    """

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Laissé vide, il est calculé à partir du nom."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=StructureKind.choices)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    city = models.CharField(_("ville"), max_length=120)
    departement = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        choices=DEPARTEMENT_CHOICES,
        validators=[validate_departement],
        help_text=_("Laissé vide, il est déduit du code postal."),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(
        _("description (anglais)"),
        blank=True,
        help_text=_("Facultative : à défaut, la description en français est affichée."),
    )
    is_approved = models.BooleanField(
        _("approuvée"),
        default=False,
        help_text=_("Seules les structures approuvées sont visibles sur le site."),
    )
    rejected_at = models.DateTimeField(_("refusée le"), null=True, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    referent_name = models.CharField(_("nom du ou de la référent·e"), max_length=200, blank=True)
    referent_email = models.EmailField(_("e-mail du ou de la référent·e"), blank=True)
    # Young people may apply with this code; a counsellor of the structure confirms them.
    join_code = models.CharField(
        _("code d'inscription"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    requires_validation = models.BooleanField(
        _("les conseillers valident chaque demande"),
        default=True,
        help_text=_(
            "Les demandes des mineurs et les demandes à risque sont toujours validées, "
            "quel que soit ce choix."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = StructureQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")], heading=_("Structure")
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("departement"),
            ],
            heading=_("Adresse"),
        ),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        MultiFieldPanel(
            [FieldPanel("siret"), FieldPanel("referent_name"), FieldPanel("referent_email")],
            heading=_("Inscription"),
        ),
        FieldPanel("requires_validation"),
        FieldPanel("is_approved"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("city"),
        index.AutocompleteField("city"),
        index.SearchField("postcode"),
        index.AutocompleteField("postcode"),
        index.SearchField("description"),
        index.SearchField("description_en"),
        index.FilterField("is_approved"),
        index.FilterField("kind"),
        index.FilterField("departement"),
    ]

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_approved", "departement"]),
            models.Index(fields=["is_approved", "kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.departement:
            self.departement = departement_from_postcode(self.postcode) or ""
        if not self.slug:
            self.slug = self._unique_slug()
        if not self.join_code:
            self.join_code = new_join_code()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        # An invalid postcode already has its own message: no second one about it here.
        if not self.departement and POSTCODE_RE.match(self.postcode or ""):
            derived = departement_from_postcode(self.postcode)
            if derived is None:
                raise ValidationError(
                    {
                        "departement": _(
                            "Impossible de déduire le département de ce code postal : "
                            "choisissez-le dans la liste."
                        )
                    }
                )
            self.departement = derived

    @property
    def departement_name(self) -> str:
        return departement_name(self.departement)

    @property
    def localized_description(self) -> str:
        """The description in the active language, French when no English one exists."""
        if (get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:180] or "structure"
        slug, n = base, 2
        while Structure.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def get_public_url(self, request: HttpRequest | None = None) -> str | None:
        """The structure's page under the index of the active language (one query)."""
        index_page = StructureIndexPage.objects.live().filter(locale__language_code=get_language())
        page = index_page.first() or StructureIndexPage.objects.live().first()
        if page is None or not self.is_approved:
            return None
        return page.structure_url(self, request)


class CompanyQuerySet(models.QuerySet):
    def shown_on_site(self) -> CompanyQuerySet:
        """Partner companies that agreed to appear on the public partners page."""
        return self.filter(is_partner=True, show_on_site=True)


class Company(models.Model):
    """A company whose employees volunteer (partner company shown on the site)."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_partner = models.BooleanField(_("entreprise partenaire"), default=True)
    show_on_site = models.BooleanField(
        _("présentée sur le site"),
        default=False,
        help_text=_(
            "À cocher avec l'accord de l'entreprise : elle figure alors sur la page "
            "publique des entreprises partenaires, avec son logo et les chiffres de ses "
            "bénévoles."
        ),
    )
    email_domains = models.CharField(
        _("domaines e-mail"),
        max_length=500,
        blank=True,
        help_text=_("Séparés par des virgules, par exemple « exemple.fr, exemple.com »."),
    )
    auto_approve_professionals = models.BooleanField(
        _("approuver automatiquement ses salarié·es"),
        default=False,
        help_text=_(
            "Un·e professionnel·le dont l'adresse e-mail vérifiée est sur l'un des domaines "
            "ci-dessus est approuvé·e sans attendre un modérateur."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("is_partner"),
        FieldPanel("show_on_site"),
        MultiFieldPanel(
            [FieldPanel("email_domains"), FieldPanel("auto_approve_professionals")],
            heading=_("Bénévoles de l'entreprise"),
        ),
    ]

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shown_on_site(self) -> bool:
        return self.is_partner and self.show_on_site

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]

    def approves_automatically(self, email: str) -> bool:
        """Whether a verified ``email`` is enough to approve one of its employees."""
        domain = email.rpartition("@")[2].lower()
        return self.auto_approve_professionals and domain in self.domains


class StructureIndexPage(TranslatedSlugMixin, RoutablePageMixin, Page):
    """The public list and map of approved structures, and one page per structure."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des structures")

    def structure_url(self, structure: Structure, request: HttpRequest | None = None) -> str:
        return self.get_url(request) + self.reverse_subpage(
            "structure", kwargs={"slug": structure.slug}
        )

    @path("", name="index")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        from network.filters import StructureFilter
        from network.map import render_map, structure_order

        filterset = StructureFilter(
            request.GET or None, queryset=Structure.objects.approved(), request=request
        )
        # The filters applied are the valid ones: django-filter leaves out a field in error.
        applied = {}
        if filterset.is_bound:
            filterset.form.is_valid()
            applied = filterset.form.cleaned_data
        order = structure_order(
            applied.get("kind") or "",
            applied.get("departement") or "",
            lambda: list(filterset.qs.order_by("name", "pk").values_list("pk", flat=True)),
        )
        page_obj = Paginator(order, STRUCTURES_PER_PAGE).get_page(request.GET.get("page"))
        structure_pks = list(page_obj.object_list)

        def page_structures():
            by_pk = Structure.objects.in_bulk(structure_pks)
            return [by_pk[pk] for pk in structure_pks if pk in by_pk]

        kind = applied.get("kind")
        map_counts = Structure.objects.approved()
        if kind:
            map_counts = map_counts.filter(kind=kind)
        selected_departement = applied.get("departement")
        return self.render(
            request,
            context_overrides={
                "filterset": filterset,
                "page_obj": page_obj,
                # The cards come from the cache (layout_cards tag): the rows are read
                # only for missing cards.
                "structure_pks": structure_pks,
                "structures": SimpleLazyObject(page_structures),
                "index_url": self.get_url(request),
                "france_map": render_map(
                    map_counts.counts_by_departement,
                    kind=kind or "",
                    selected=selected_departement or "",
                ),
            },
        )

    @path("<slug:slug>/", name="structure")
    def structure_route(self, request: HttpRequest, slug: str) -> HttpResponse:
        structure = get_object_or_404(Structure.objects.approved(), slug=slug)
        return self.render(
            request,
            template="network/structure_page.html",
            context_overrides={
                "structure": structure,
                "index_url": self.get_url(request),
                "canonical_url": self.get_full_url(request)
                + self.reverse_subpage("structure", kwargs={"slug": structure.slug}),
            },
        )

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """The index and every approved structure's page (one query)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for slug, updated_at in Structure.objects.approved().values_list("slug", "updated_at"):
            urls.append({"location": f"{base}{slug}/", "lastmod": updated_at})
        return urls
