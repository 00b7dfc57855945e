"""The period a figures page and its exports are read over, chosen by GET."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.impact.figures import Scope
from members.impact.regions import REGION_CHOICES, REGIONS
from members.profiles.forms import DATE_INPUT_FORMATS, DateInput
from network.departements import DEPARTEMENT_CHOICES
from network.enums import StructureKind
from network.models import Company, Structure

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
DATES = "dates"
PERIOD_CHOICES = [
    (YEAR, _("Une année")),
    (QUARTER, _("Un trimestre")),
    (MONTH, _("Un mois")),
    (DATES, _("Des dates choisies")),
]
QUARTER_CHOICES = [
    ("1", _("1er trimestre (janvier à mars)")),
    ("2", _("2e trimestre (avril à juin)")),
    ("3", _("3e trimestre (juillet à septembre)")),
    ("4", _("4e trimestre (octobre à décembre)")),
]
FIRST_YEAR = 2020
# A custom period longer than this is refused: nobody reports on it, and it would read
# every row of the structure.
LONGEST_PERIOD = datetime.timedelta(days=10 * 366)


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("Par exemple 31/03/2026."),
        error_messages={"invalid": _("Saisissez une date, par exemple 31/03/2026.")},
    )


class PeriodForm(forms.Form):
    """A month, a quarter, a year or two dates; the current year when nothing is chosen.

    The form is bound only when the query string holds one of its fields, so that the
    page opens on the current year without an error."""

    period = forms.ChoiceField(label=_("Période"), choices=PERIOD_CHOICES)
    year = forms.IntegerField(
        label=_("Année"),
        required=False,
        min_value=FIRST_YEAR,
        error_messages={
            "invalid": _("Saisissez une année en chiffres, par exemple 2026."),
            "min_value": _("Les chiffres commencent en %(limit_value)s."),
        },
    )
    quarter = forms.TypedChoiceField(
        label=_("Trimestre"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Choisir un trimestre")), *QUARTER_CHOICES],
    )
    month = forms.TypedChoiceField(
        label=_("Mois"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Choisir un mois"))]
        + [(str(number), name) for number, name in MONTHS.items()],
    )
    start = _date_field(_("Du"))
    end = _date_field(_("Au (inclus)"))

    def __init__(self, data=None, *, today: datetime.date | None = None, **kwargs) -> None:
        self.today = today or timezone.localdate()
        if data is not None and not any(name in data for name in self.base_fields):
            data = None
        kwargs.setdefault("initial", {"period": YEAR, "year": self.today.year})
        super().__init__(data, **kwargs)
        # Next year at most: a structure may prepare next year's report page.
        last_year = self.today.year + 1
        self.fields["year"].widget.attrs["max"] = last_year
        self.fields["year"].validators.append(
            MaxValueValidator(last_year, message=_("Choisissez une année jusqu’à %(limit_value)s."))
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        period = cleaned.get("period")
        if period in (YEAR, QUARTER, MONTH) and cleaned.get("year") is None:
            if "year" not in self.errors:
                self.add_error("year", _("Indiquez l’année."))
        if period == QUARTER and cleaned.get("quarter") is None and "quarter" not in self.errors:
            self.add_error("quarter", _("Choisissez le trimestre."))
        if period == MONTH and cleaned.get("month") is None and "month" not in self.errors:
            self.add_error("month", _("Choisissez le mois."))
        if period == DATES:
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Indiquez la date de début."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Indiquez la date de fin."))
            if start and end and end < start:
                self.add_error(
                    "end", _("La date de fin doit être le jour de la date de début ou après.")
                )
            elif start and end and end - start > LONGEST_PERIOD:
                self.add_error("end", _("Choisissez une période de dix ans au plus."))
        return cleaned

    def scope(self, **filters) -> Scope:
        """The scope of a valid form, or of the current year when it is not bound."""
        if not self.is_bound:
            return Scope.year(self.today.year, **filters)
        data = self.cleaned_data
        period = data["period"]
        if period == MONTH:
            return Scope.month(data["year"], data["month"], **filters)
        if period == QUARTER:
            return Scope.quarter(data["year"], data["quarter"], **filters)
        if period == YEAR:
            return Scope.year(data["year"], **filters)
        return Scope.between(data["start"], data["end"], **filters)


def period_slug(scope: Scope) -> str:
    """The period in a file name: 2026, 2026-03, 2026-01-01_2026-03-31."""
    start, end = scope.start, scope.end
    if start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
        return str(start.year)
    one_month = Scope.month(start.year, start.month)
    if start == one_month.start and end == one_month.end:
        return f"{start:%Y-%m}"
    return f"{start:%Y-%m-%d}_{end:%Y-%m-%d}"


def period_label(scope: Scope) -> str:
    """The period in words: « du 1 janvier 2026 au 31 mars 2026 »."""
    return _("du %(start)s au %(end)s") % {
        "start": date_format(scope.start, "j F Y"),
        "end": date_format(scope.end, "j F Y"),
    }


# The association's figures (moderators) ------------------------------------------------

PREVIOUS = "previous"
YEAR_BEFORE = "year_before"
COMPARE_CHOICES = [
    (PREVIOUS, _("La période précédente de même durée")),
    (YEAR_BEFORE, _("La même période un an plus tôt")),
    (DATES, _("Des dates choisies")),
]


def _year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class NetworkFiguresForm(PeriodForm):
    """The period of :class:`PeriodForm`, the filters of a :class:`Scope` and the period to
    compare it with (the previous one of the same length by default).

    "The previous period of the same length" is the previous calendar month, quarter or
    year for a month, a quarter or a year, and the same number of days just before for
    chosen dates."""

    structure_kind = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=[("", _("Tous les types")), *StructureKind.choices],
    )
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        choices=[("", _("Toutes les régions")), *REGION_CHOICES],
    )
    departement = forms.ChoiceField(
        label=_("Département"),
        required=False,
        choices=[("", _("Tous les départements")), *DEPARTEMENT_CHOICES],
    )
    structure = forms.ModelChoiceField(
        label=_("Structure"),
        required=False,
        queryset=Structure.objects.only("name").order_by("name", "pk"),
        empty_label=_("Toutes les structures"),
    )
    company = forms.ModelChoiceField(
        label=_("Entreprise des professionnel·les"),
        required=False,
        queryset=Company.objects.only("name").order_by("name", "pk"),
        empty_label=_("Toutes les entreprises"),
    )
    compare = forms.ChoiceField(
        label=_("Comparer avec"), required=False, choices=COMPARE_CHOICES, initial=PREVIOUS
    )
    compare_start = _date_field(_("Comparer du"))
    compare_end = _date_field(_("Comparer au (inclus)"))

    def __init__(self, data=None, *, today: datetime.date | None = None, **kwargs) -> None:
        # A filter alone in the address (?region=11) reads the current year.
        if data is not None and "period" not in data:
            if any(name in data for name in self.base_fields):
                data = data.copy()
                data["period"] = YEAR
                data.setdefault("year", str((today or timezone.localdate()).year))
        super().__init__(data, today=today, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        region, departement = cleaned.get("region"), cleaned.get("departement")
        if region and departement and departement not in REGIONS[region].departements:
            self.add_error(
                "departement",
                _("Ce département n’est pas dans la région choisie : changez l’un des deux."),
            )
        if cleaned.get("compare") == DATES:
            start, end = cleaned.get("compare_start"), cleaned.get("compare_end")
            if start is None and "compare_start" not in self.errors:
                self.add_error("compare_start", _("Indiquez la date de début de la comparaison."))
            if end is None and "compare_end" not in self.errors:
                self.add_error("compare_end", _("Indiquez la date de fin de la comparaison."))
            if start and end and end < start:
                self.add_error(
                    "compare_end",
                    _("La date de fin doit être le jour de la date de début ou après."),
                )
            elif start and end and end - start > LONGEST_PERIOD:
                self.add_error("compare_end", _("Choisissez une période de dix ans au plus."))
        return cleaned

    def filters(self) -> dict:
        """The scope's filters from a valid form (none when it is not bound)."""
        if not self.is_bound:
            return {}
        data = self.cleaned_data
        filters: dict = {}
        if data.get("structure") is not None:
            filters["structures"] = (data["structure"].pk,)
        if data.get("departement"):
            filters["departements"] = (data["departement"],)
        if data.get("region"):
            filters["region"] = data["region"]
        if data.get("structure_kind"):
            filters["structure_kind"] = data["structure_kind"]
        if data.get("company") is not None:
            filters["company"] = data["company"].pk
        return filters

    def scope(self, **filters) -> Scope:
        return super().scope(**(self.filters() | filters))

    def comparison_scope(self) -> Scope:
        """The period the chosen one is compared with, under the same filters."""
        scope = self.scope()
        filters = self.filters()
        data = self.cleaned_data if self.is_bound else {}
        compare = data.get("compare") or PREVIOUS
        if compare == DATES:
            return Scope.between(data["compare_start"], data["compare_end"], **filters)
        if compare == YEAR_BEFORE:
            return Scope.between(_year_before(scope.start), _year_before(scope.end), **filters)
        period = data.get("period", YEAR)
        before = scope.start - datetime.timedelta(days=1)
        if period == MONTH:
            return Scope.month(before.year, before.month, **filters)
        if period == QUARTER:
            return Scope.quarter(before.year, (before.month - 1) // 3 + 1, **filters)
        if period == YEAR:
            return Scope.year(before.year, **filters)
        return Scope.between(before - (scope.end - scope.start), before, **filters)

    def filter_labels(self) -> list[tuple[str, str]]:
        """The filters chosen, in words: [(« Région », « Île-de-France »), …]."""
        if not self.is_bound:
            return []
        data = self.cleaned_data
        labels = []
        for name in ("structure_kind", "region", "departement", "structure", "company"):
            value = data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, str):
                value = dict(self.fields[name].choices)[value]
            labels.append((str(self.fields[name].label), str(value)))
        return labels


def period_short_label(scope: Scope) -> str:
    """The period in a few words, for a table's heading: « mars 2025 », « T1 2025 »,
    « 2025 », « 01/03/2025 – 10/03/2025 »."""
    start, end = scope.start, scope.end
    if start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
        return str(start.year)
    if start.day == 1 and start.month % 3 == 1:
        quarter = Scope.quarter(start.year, start.month // 3 + 1)
        if end == quarter.end:
            return _("T%(quarter)s %(year)s") % {
                "quarter": start.month // 3 + 1,
                "year": start.year,
            }
    if start.day == 1 and end == Scope.month(start.year, start.month).end:
        return date_format(start, "F Y")
    return f"{date_format(start, 'd/m/Y')} – {date_format(end, 'd/m/Y')}"
