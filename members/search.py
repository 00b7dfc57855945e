"""Searching the professionals' directory by words, on PostgreSQL and on SQLite.

PostgreSQL: full-text search with the ``french_unaccent`` configuration (migration
home/0002), so words are stemmed and accents ignored ("electricien" finds
"Électricienne"); each word is a prefix, every word must match, ranked by
``SearchRank`` (name and job first, then company and sectors, then the presentation).
The document spans four tables, so no index can hold it: each word is first looked up
in the GIN indexes of migration members/0008 (a professional's job and presentation,
their name, a company's name) and in the 14 sectors, and the whole document is built
only to rank the professionals found that way.

SQLite: every word must appear in one of the fields, compared on an unaccented,
lower-cased copy made by the ``unaccent_lower`` SQL function registered on each SQLite
connection (SQLite's own LIKE folds ASCII only). Relevance counts the words found in the
name or the job (2) or elsewhere (1).
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import (
    CharField,
    Exists,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast

SEARCH_CONFIG = "french_unaccent"
MAX_WORDS = 8
MIN_WORD_LENGTH = 2
# Letters and digits (no underscore, which to_tsquery would read as a separator).
WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str | None) -> str | None:
    """Lower-case ``text`` without accents ("Électricienne" → "electricienne")."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def split_words(text: str) -> list[str]:
    """The words worth searching: letters and digits only, at least two characters."""
    # NFC first: a keyboard may send "é" as "e" and a combining accent, which \w splits.
    text = unicodedata.normalize("NFC", text or "")
    words = [word for word in WORD_RE.findall(text) if len(word) >= MIN_WORD_LENGTH]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def _register_sqlite_functions(sqlite_connection) -> None:
    sqlite_connection.create_function("unaccent_lower", 1, fold, deterministic=True)


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        _register_sqlite_functions(connection.connection)


connection_created.connect(_on_connection_created, dispatch_uid="members_unaccent_lower")


def _ensure_sqlite_functions() -> None:
    """Register on the current connection too: it may predate this module's import."""
    connection.ensure_connection()
    raw = connection.connection
    if getattr(connection, "_members_unaccent_lower_on", None) is not raw:
        _register_sqlite_functions(raw)
        connection._members_unaccent_lower_on = raw


class UnaccentLower(Func):
    function = "unaccent_lower"
    output_field = CharField()


def _sector_links():
    from members.models import ProfessionalProfile

    return ProfessionalProfile.sectors.through.objects.all()


def _sector_names():
    return _sector_links().filter(professionalprofile_id=OuterRef("pk"))


def search_professionals(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` (of ProfessionalProfile) restricted to ``text`` and annotated with
    ``relevance``; unchanged, with a relevance of 0, when ``text`` has no word."""
    words = split_words(text)
    if not words:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_simple(queryset, words)


def profile_document():
    """A professional's own words; members/0008 indexes exactly this expression."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("job_title", "bio", config=SEARCH_CONFIG)


def name_document():
    """A member's name; members/0008 indexes exactly this expression (professionals)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("first_name", "last_name", config=SEARCH_CONFIG)


def company_document():
    """A company's name; members/0008 indexes exactly this expression."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("name", config=SEARCH_CONFIG)


def _found_by_indexes(word: str) -> Q:
    """Professionals with ``word`` in one part of their document (or any, when the
    word is a stop word, which the full query ignores too). Each part is looked up through
    its index; their ids are one UNION, which PostgreSQL joins to the professionals by id
    (as OR-ed ``IN`` subqueries it read the whole table to test each row, ~1.5x slower)."""
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db.models import IntegerField
    from django.db.models.lookups import Exact

    from members.enums import Role
    from members.models import ProfessionalProfile, Sector, User
    from network.models import Company

    query = SearchQuery(f"{word}:*", search_type="raw", config=SEARCH_CONFIG)
    profiles = ProfessionalProfile.objects.all()
    by_profile = (
        profiles.alias(text_vector=profile_document()).filter(text_vector=query).values("pk")
    )
    by_name = profiles.filter(
        user_id__in=User.objects.filter(role=Role.PROFESSIONAL)
        .alias(text_vector=name_document())
        .filter(text_vector=query)
        .values("pk")
    ).values("pk")
    by_company = profiles.filter(
        company_id__in=Company.objects.alias(text_vector=company_document())
        .filter(text_vector=query)
        .values("pk")
    ).values("pk")
    by_sector = _sector_links().filter(
        sector__in=Sector.objects.alias(
            text_vector=SearchVector("name", "name_en", config=SEARCH_CONFIG)
        )
        .filter(text_vector=query)
        .values("pk")
    )
    # A stop word: every professional (PostgreSQL decides it once, before reading a row).
    stop_word = profiles.filter(
        Exact(Func(query, function="numnode", output_field=IntegerField()), 0)
    ).values("pk")
    return Q(
        pk__in=by_profile.union(
            by_name,
            by_company,
            by_sector.values("professionalprofile_id"),
            stop_word,
            all=True,
        )
    )


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Concat
    from django.db.models.lookups import GreaterThan

    sector_names = Subquery(
        _sector_names()
        .values("professionalprofile_id")
        .annotate(
            names=StringAgg(
                Concat("sector__name", Value(" "), "sector__name_en", output_field=CharField()),
                delimiter=" ",
            )
        )
        .values("names")[:1],
        output_field=CharField(),
    )
    vector = (
        SearchVector(
            "user__first_name", "user__last_name", "job_title", weight="A", config=SEARCH_CONFIG
        )
        + SearchVector("company__name", sector_names, weight="B", config=SEARCH_CONFIG)
        + SearchVector("bio", weight="C", config=SEARCH_CONFIG)
    )
    # Only letters and digits reach to_tsquery: nothing typed can change the query syntax.
    query = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
    )
    # Every word found in one part of the document is exactly every word found in the
    # whole (the same lexemes): the whole document is only built to rank what is found.
    # A query of stop words only finds nothing, decided once, before any row is read.
    for word in words:
        queryset = queryset.filter(_found_by_indexes(word))
    has_lexemes = GreaterThan(Func(query, function="numnode", output_field=IntegerField()), 0)
    return queryset.filter(has_lexemes).annotate(
        relevance=Cast(SearchRank(vector, query), FloatField())
    )


def _search_simple(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.db.models import Case, IntegerField, When

    _ensure_sqlite_functions()
    queryset = queryset.alias(
        folded_first_name=UnaccentLower("user__first_name"),
        folded_last_name=UnaccentLower("user__last_name"),
        folded_job_title=UnaccentLower("job_title"),
        folded_company=UnaccentLower("company__name"),
        folded_bio=UnaccentLower("bio"),
    )
    relevance = Value(0, output_field=IntegerField())
    for word in words:
        folded = fold(word)
        strong = (
            Q(folded_first_name__contains=folded)
            | Q(folded_last_name__contains=folded)
            | Q(folded_job_title__contains=folded)
        )
        in_sectors = Exists(
            _sector_names()
            .alias(
                folded_name=UnaccentLower("sector__name"),
                folded_name_en=UnaccentLower("sector__name_en"),
            )
            .filter(Q(folded_name__contains=folded) | Q(folded_name_en__contains=folded))
        )
        weak = Q(folded_company__contains=folded) | Q(folded_bio__contains=folded) | Q(in_sectors)
        queryset = queryset.filter(strong | weak)
        relevance = relevance + Case(
            When(strong, then=Value(2)), default=Value(1), output_field=IntegerField()
        )
    return queryset.annotate(relevance=Cast(relevance, FloatField()))
