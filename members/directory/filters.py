"""Filters of the members area (django-filter), read from the query string."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from members.directory.services import order_for_directory, with_capacity
from members.directory.visible_young import search_words, wanting
from members.enums import HelpKind
from members.models import Sector
from members.models.profiles import json_list_has
from members.search import search_professionals, split_words
from network.departements import DEPARTEMENT_CHOICES


class ProfessionalFilter(django_filters.FilterSet):
    """The directory's search form.

    Département and remote: a département alone lists those who meet young people there;
    "remote" alone those who help remotely; both together, either of them (someone who
    helps remotely is reachable from every département).

    ``queryset`` must come from ``members.directory.services.listed_professionals``.
    """

    q = django_filters.CharFilter(
        label=_("Mots-clés"),
        method="filter_words",
        max_length=200,
        help_text=_("Un métier, une entreprise, un nom, une compétence…"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Secteur"),
        queryset=Sector.objects.all(),
        field_name="sectors",
        empty_label=_("Tous les secteurs"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Coup de pouce"),
        choices=HelpKind.choices,
        method="filter_kind",
        empty_label=_("Tous les coups de pouce"),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=DEPARTEMENT_CHOICES,
        method="filter_departement",
        empty_label=_("Tous les départements"),
    )
    remote = django_filters.BooleanFilter(
        label=_("À distance"),
        method="filter_remote",
        widget=forms.CheckboxInput,
        help_text=_("Avec un département : celles et ceux de ce département ou à distance."),
    )
    has_capacity = django_filters.BooleanFilter(
        label=_("Disponibles ce mois-ci"),
        method="filter_has_capacity",
        widget=forms.CheckboxInput,
    )

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Searching happens in filter_queryset, which also orders by relevance.
        return queryset

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        queryset = queryset.offering(value)
        if value == HelpKind.HOSTING:
            # Hosting may be asked only of professionals a moderator verified for it.
            queryset = queryset.filter(verified_in_person=True)
        return queryset

    def filter_departement(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if self.form.cleaned_data.get("remote"):
            # The same lookup as ProfessionalProfile.objects.in_departement, or remote.
            return queryset.filter(json_list_has("departements", value) | Q(remote=True))
        return queryset.in_departement(value)

    def filter_remote(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value or self.form.cleaned_data.get("departement"):
            return queryset  # unticked, or combined with the département above
        return queryset.filter(remote=True)

    def filter_has_capacity(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return with_capacity(queryset) if value else queryset

    @property
    def searches_words(self) -> bool:
        """Whether the results are matched on words typed, and ranked."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data with the valid fields, as filtering does
        return bool(split_words(self._words()))

    def _words(self) -> str:
        return self.form.cleaned_data.get("q") or ""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        words = self._words()
        queryset = search_professionals(queryset, words)
        return order_for_directory(queryset, by_relevance=bool(words.strip()))


class YoungPersonFilter(django_filters.FilterSet):
    """What approved professionals filter the visible young people by.

    ``queryset`` must come from ``members.directory.visible_young.listed_young_people``;
    the view orders the result for the professional.
    """

    q = django_filters.CharFilter(
        label=_("Mots-clés"),
        method="filter_words",
        max_length=200,
        help_text=_("Un mot du projet ou des compétences : « cuisine », « permis »…"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Secteur du projet"),
        queryset=Sector.objects.all(),
        field_name="sector",
        empty_label=_("Tous les secteurs"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Coup de pouce recherché"),
        choices=HelpKind.choices,
        method="filter_kind",
        empty_label=_("Tous les coups de pouce"),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=DEPARTEMENT_CHOICES,
        field_name="departement",
        empty_label=_("Tous les départements"),
    )

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, value)

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return wanting(queryset, value)
