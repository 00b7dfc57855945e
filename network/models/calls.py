"""Volunteer calls: what the association asks of professionals, and their answers.

Counting answers across languages
---------------------------------
A call exists once per language (wagtail-localize copies the page), but it has one set
of places. Every answer stores the call's ``translation_key`` (shared by all its
translations) and, for the record, a foreign key to the page in the language the
volunteer used. Places are counted on ``translation_key``, so an answer given on the
English page takes a place of the French one too, and deleting a translation never
loses or frees an answer. ``places`` and ``deadline`` are not text, so wagtail-localize
keeps them synchronised from the French source page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from home.translations import TranslatedSlugMixin
from network.departements import DEPARTEMENT_CHOICES, departement_name, validate_departement
from network.enums import CallClosedReason

CALLS_PER_PAGE = 10


class VolunteerCallPageQuerySet(PageQuerySet):
    def with_answer_count(self) -> VolunteerCallPageQuerySet:
        """Annotate ``answers_count``: answers to the call in every language (a subquery)."""
        answers = (
            VolunteerAnswer.objects.filter(call_translation_key=OuterRef("translation_key"))
            .order_by()
            .values("call_translation_key")
            .annotate(n=Count("id"))
            .values("n")
        )
        return self.annotate(
            answers_count=Coalesce(Subquery(answers, output_field=IntegerField()), Value(0))
        )

    def with_open_now(self, today: datetime.date | None = None) -> VolunteerCallPageQuerySet:
        today = today or timezone.localdate()
        return self.with_answer_count().annotate(
            open_now=Case(
                When(deadline__gte=today, answers_count__lt=F("places"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def open(self, today: datetime.date | None = None) -> VolunteerCallPageQuerySet:
        """Calls still taking answers: deadline not past (the deadline day is included)
        and places left. One query, whatever the number of calls and answers."""
        today = today or timezone.localdate()
        return self.with_answer_count().filter(deadline__gte=today, answers_count__lt=F("places"))

    def open_first(self, today: datetime.date | None = None) -> VolunteerCallPageQuerySet:
        """Open calls first, soonest deadline first; then closed ones, latest first."""
        return self.with_open_now(today).order_by(
            F("open_now").desc(),
            Case(When(open_now=True, then=F("deadline"))).asc(nulls_last=True),
            F("deadline").desc(),
            "pk",
        )


VolunteerCallPageManager = PageManager.from_queryset(VolunteerCallPageQuerySet)


class VolunteerCallIndexPage(TranslatedSlugMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.VolunteerCallPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des appels à bénévoles")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from django.core.paginator import Paginator

        from config import caching

        context = super().get_context(request, *args, **kwargs)
        # The order (open first, by deadline) needs every call's answers: it is cached
        # until public content changes, a call answered included (config.caching), and each view
        # reads only the calls of its page, by primary key.
        order = caching.get_or_compute(
            "call-order",
            [self.pk],
            lambda: list(
                VolunteerCallPage.objects.live()
                .child_of(self)
                .open_first()
                .values_list("pk", flat=True)
            ),
        )
        page_obj = Paginator(order, CALLS_PER_PAGE).get_page(request.GET.get("page"))
        call_pks = list(page_obj.object_list)

        def page_calls():
            by_pk = (
                VolunteerCallPage.objects.filter(pk__in=call_pks)
                .select_related("locale")
                .with_answer_count()
                .in_bulk()
            )
            return [by_pk[pk] for pk in call_pks if pk in by_pk]

        # The cards come from the layout cache (layout_cards tag): the calls are read only
        # for the cards it misses.
        context.update(page_obj=page_obj, call_pks=call_pks, calls=SimpleLazyObject(page_calls))
        return context


class VolunteerCallPage(TranslatedSlugMixin, Page):
    summary = models.TextField(
        _("résumé"), max_length=400, help_text=_("Une ou deux phrases, affichées dans les listes.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)
    what_is_asked = models.TextField(
        _("ce qui est demandé"),
        help_text=_("Ce que les bénévoles feront, concrètement, et le temps que cela prend."),
    )
    is_remote = models.BooleanField(_("à distance"), default=False)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    departement = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        choices=DEPARTEMENT_CHOICES,
        validators=[validate_departement],
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    date_text = models.CharField(
        _("date en clair"),
        max_length=120,
        blank=True,
        help_text=_("Si les dates sont souples, par exemple « un samedi matin de mars »."),
    )
    places = models.PositiveIntegerField(
        _("nombre de places"), default=1, validators=[MinValueValidator(1)]
    )
    deadline = models.DateField(
        _("date limite de réponse"),
        help_text=_("Les réponses sont acceptées jusqu'à ce jour inclus."),
    )

    objects = VolunteerCallPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_is_asked"),
        MultiFieldPanel(
            [
                FieldPanel("is_remote"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("departement")]),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("date_text"),
            ],
            heading=_("Quand"),
        ),
        FieldRowPanel([FieldPanel("places"), FieldPanel("deadline")], heading=_("Réponses")),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_is_asked"),
        index.SearchField("city"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]

    parent_page_types = ["network.VolunteerCallIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("appel à bénévoles")
        verbose_name_plural = _("appels à bénévoles")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if not self.is_remote and not self.city:
            errors["city"] = _("Indiquez la ville, ou cochez « à distance ».")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin ne peut pas précéder la date de début.")
        if not self.start_date and not self.date_text:
            errors["start_date"] = _("Indiquez une date de début ou une date en clair.")
        if errors:
            raise ValidationError(errors)

    # --- places and state -----------------------------------------------------------
    def get_answers_count(self) -> int:
        """Answers in every language; taken from the queryset annotation when present."""
        if getattr(self, "answers_count", None) is None:
            self.answers_count = VolunteerAnswer.objects.filter(
                call_translation_key=self.translation_key
            ).count()
        return self.answers_count

    @property
    def places_left(self) -> int:
        return max(self.places - self.get_answers_count(), 0)

    def closed_reason(self, today: datetime.date | None = None) -> CallClosedReason | None:
        today = today or timezone.localdate()
        if self.deadline < today:
            return CallClosedReason.PAST_DEADLINE
        if self.places_left <= 0:
            return CallClosedReason.FULL
        return None

    @property
    def is_open(self) -> bool:
        return self.closed_reason() is None

    @property
    def departement_name(self) -> str:
        return departement_name(self.departement)

    # --- serving ------------------------------------------------------------------------
    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from network.views import serve_volunteer_call

        return serve_volunteer_call(self, request, *args, **kwargs)

    def render_with_form(
        self, request: HttpRequest, form: Any, closed_reason: CallClosedReason | None
    ) -> TemplateResponse:
        context = self.get_context(request)
        context.update(form=form, closed_reason=closed_reason)
        return TemplateResponse(request, self.get_template(request), context)


class VolunteerAnswer(models.Model):
    """A professional's answer to a volunteer call (a business record, not a page).

    ``call_translation_key`` identifies the call whatever its language and carries the
    count of places and the one-answer-per-email rule; ``call`` is the page the volunteer
    answered on, kept for the admin and for the link in emails.
    """

    call_translation_key = models.UUIDField(_("clé de l'appel"), db_index=True, editable=False)
    call = models.ForeignKey(
        VolunteerCallPage,
        verbose_name=_("appel"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    language = models.CharField(_("langue"), max_length=10, default="fr")
    name = models.CharField(_("nom et prénom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    company = models.CharField(_("entreprise"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses aux appels")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_translation_key", "email"], name="network_one_answer_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.call.title if self.call else self.call_translation_key}"
