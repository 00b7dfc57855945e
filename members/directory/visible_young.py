"""Young people an approved professional may browse, and offer a coup de pouce to.

Listed: exactly the young people whose limited profile the professional may open
(``YoungPersonProfile.objects.visible_to``: visible by their choice, not locked off by a
counsellor, approved, active account). They are shown as a
:class:`members.profiles.services.LimitedProfile`, never with more.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, CharField, Func, IntegerField, Q, QuerySet, Value, When

from members.models import HelpRequest, ProfessionalProfile, User, YoungPersonProfile
from members.search import ensure_sqlite_functions, fold, split_words

PER_PAGE = 20
# How much each thing the young person shares with the professional weighs in the order.
SECTOR_POINTS = 4
DEPARTEMENT_POINTS = 2
KIND_POINTS = 1


class Folded(Func):
    """Lower case without accents: ``unaccent_lower`` on SQLite (registered by
    members.search), ``lower(unaccent())`` on PostgreSQL (extension of migration home/0002).
    """

    function = "unaccent_lower"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="LOWER(UNACCENT(%(expressions)s))", **extra
        )


def listed_young_people(professional: User) -> QuerySet:
    """The profiles ``professional`` may browse (none unless they are approved)."""
    # visible_to() keeps shown profiles only; a locked profile is hidden (check constraint).
    return YoungPersonProfile.objects.visible_to(professional).select_related("user", "sector")


def wanting(queryset: QuerySet, kind: str) -> QuerySet:
    # JSON containment is not available on SQLite; the quoted value in the JSON text is.
    return queryset.filter(help_wanted__icontains=f'"{kind}"')


def search_words(queryset: QuerySet, text: str) -> QuerySet:
    """Every word in the project or the skills, accents and case ignored."""
    words = split_words(text)
    if not words:
        return queryset
    if connection.vendor == "sqlite":
        ensure_sqlite_functions()
    queryset = queryset.alias(folded_project=Folded("project"), folded_skills=Folded("skills"))
    for word in words:
        folded = fold(word)
        queryset = queryset.filter(
            Q(folded_project__contains=folded) | Q(folded_skills__contains=folded)
        )
    return queryset


def order_for(queryset: QuerySet, profile: ProfessionalProfile) -> QuerySet:
    """Those who share the professional's sectors, départements and kinds of help first,
    then the most recently updated profiles."""
    score = Value(0, output_field=IntegerField())
    sector_ids = list(profile.sectors.values_list("pk", flat=True))
    conditions = []
    if sector_ids:
        conditions.append((Q(sector_id__in=sector_ids), SECTOR_POINTS))
    if profile.departements:
        conditions.append((Q(departement__in=profile.departements), DEPARTEMENT_POINTS))
    kinds = Q()
    for kind in profile.help_kinds:
        kinds |= Q(help_wanted__icontains=f'"{kind}"')
    if kinds:
        conditions.append((kinds, KIND_POINTS))
    for condition, points in conditions:
        score = score + Case(
            When(condition, then=Value(points)), default=Value(0), output_field=IntegerField()
        )
    return queryset.annotate(match=score).order_by("-match", "-updated_at", "-pk")


def open_exchanges(professional: User, young_user_ids: list[int]) -> dict[int, int]:
    """Young person's user id → the open request ``professional`` sees with them."""
    return dict(
        HelpRequest.objects.visible_to(professional)
        .open()
        .filter(young_person_id__in=young_user_ids)
        .values_list("young_person_id", "pk")
    )
