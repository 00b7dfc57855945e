"""Searching the professionals' directory by words, on PostgreSQL and on SQLite.

PostgreSQL: full-text search with the ``french_unaccent`` configuration (migration
home/0002), so words are stemmed and accents ignored ("electricien" finds
"Électricienne"); each word is a prefix, every word must match, ranked by
``SearchRank`` (name and job first, then company and sectors, then the presentation).
That document spans four tables (profile, account, company, sectors), so it is stored on
the profile (``search_document``, one GIN index, migration members/0012) and rebuilt by
:func:`refresh_search_documents` whenever one of its parts changes (the receivers at
the end of this module). Building it for each search instead cost ~50 ms at 20,000
professionals; reading it costs a few.

SQLite: every word must appear in one of the fields, compared on an unaccented,
lower-cased copy made by the ``unaccent_lower`` SQL function registered on each SQLite
connection (SQLite's own LIKE folds ASCII only). Relevance counts the words found in the
name or the job (2) or elsewhere (1).

On both, a word stands for its alternatives (:func:`word_alternatives`): the stem shared
by the feminine and masculine forms of a trade ("infirmière" and "infirmier" both give
"infirmi"), and the synonyms editors keep in the admin (:class:`members.models.SearchSynonym`,
"BTP" → "bâtiment", "travaux publics"). One alternative must match per word (a synonym of
several words: each of them), and every word typed must.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import reduce

from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.db.models import (
    CharField,
    Exists,
    F,
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


# Feminine and masculine endings of French trades, folded: the longest first. Each ending
# is cut to what both forms begin with ("infirmière"/"infirmier" → "infirmi",
# "coiffeuse"/"coiffeur" → "coiffeu", "agricultrice"/"agriculteur" → "agricult").
GENDER_ENDINGS = (
    ("iere", 1),
    ("ier", 1),
    ("ienne", 2),
    ("trice", 4),
    ("teur", 3),
    ("euse", 2),
    ("eur", 1),
    ("eresse", 4),
    ("ere", 3),
    ("er", 2),
    ("elle", 2),
    ("onne", 2),
    ("ette", 2),
    ("ive", 2),
    ("if", 1),
    ("e", 1),
)
MIN_STEM_LENGTH = 4
MAX_ALTERNATIVES = 12


def gender_stem(word: str) -> str | None:
    """The beginning shared by the feminine and masculine forms of ``word`` (folded), or
    None when it is the word itself or too short to mean anything."""
    folded = fold(word)
    for ending, cut in GENDER_ENDINGS:
        if folded.endswith(ending):
            stem = folded[:-cut]
            if len(stem) >= MIN_STEM_LENGTH and stem != folded:
                return stem
            return None
    return None


def word_alternatives(word: str, synonyms: dict[str, list[str]] | None = None) -> list[list[str]]:
    """What ``word`` stands for in a search: a list of alternatives, each a list of folded
    words that must all match (["travaux", "publics"]); the word itself first."""
    if synonyms is None:
        synonyms = synonyms_map()
    folded = fold(word)
    phrases = [folded, *synonyms.get(folded, [])]
    alternatives: list[list[str]] = []
    for phrase in phrases:
        words = [fold(part) for part in split_words(phrase)]
        if len(words) == 1 and (stem := gender_stem(words[0])):
            words = [stem]  # a prefix of the word: the word itself adds nothing
        if words and words not in alternatives:
            alternatives.append(words)
    return alternatives[:MAX_ALTERNATIVES]


SYNONYMS_CACHE_NAME = "search-synonyms"


def _read_synonyms() -> dict[str, list[str]]:
    from members.models import SearchSynonym

    groups = [[synonym.term, *synonym.equivalent_list()] for synonym in SearchSynonym.objects.all()]
    found: dict[str, list[str]] = {}
    for group in groups:
        for member in group:
            key_words = split_words(member)
            if len(key_words) != 1:
                continue  # several words: an alternative only, never looked up
            key = fold(key_words[0])
            for other in group:
                if fold(other) != key and other not in found.setdefault(key, []):
                    found[key].append(other)
    return found


def synonyms_map() -> dict[str, list[str]]:
    """Each folded word → its synonyms, from the admin's list; cached in the directory's
    scope, which saving or deleting a synonym outdates (with the listings it changes)."""
    from config import caching

    return caching.get_or_compute(
        SYNONYMS_CACHE_NAME, [], lambda: _read_synonyms(), scopes=(caching.DIRECTORY,)
    )


def _register_sqlite_functions(sqlite_connection) -> None:
    sqlite_connection.create_function("unaccent_lower", 1, fold, deterministic=True)


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        _register_sqlite_functions(connection.connection)


connection_created.connect(_on_connection_created, dispatch_uid="members_unaccent_lower")


def ensure_sqlite_functions() -> None:
    """Register on the current connection too: it may predate this module's import."""
    connection.ensure_connection()
    raw = connection.connection
    if getattr(connection, "_members_unaccent_lower_on", None) is not raw:
        _register_sqlite_functions(raw)
        connection._members_unaccent_lower_on = raw


class UnaccentLower(Func):
    function = "unaccent_lower"
    output_field = CharField()


def _sector_names():
    from members.models import ProfessionalProfile

    return ProfessionalProfile.sectors.through.objects.filter(professionalprofile_id=OuterRef("pk"))


def search_professionals(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` (of ProfessionalProfile) restricted to ``text`` and annotated with
    ``relevance``; unchanged, with a relevance of 0, when ``text`` has no word."""
    words = split_words(text)
    if not words:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    synonyms = synonyms_map()
    alternatives = [word_alternatives(word, synonyms) for word in words]
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, alternatives)
    return _search_simple(queryset, alternatives)


def document_expression(profile_model=None, user_model=None, company_model=None):
    """The stored search document of a professional (``search_document``), as an
    expression on their profile row: name and job (weight A), company and sectors (B),
    presentation (C). The models are historical ones in a migration."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Subquery
    from django.db.models.functions import Concat

    if profile_model is None:
        from members.models import ProfessionalProfile, User
        from network.models import Company

        profile_model, user_model, company_model = ProfessionalProfile, User, Company
    name = user_model._default_manager.filter(pk=OuterRef("user_id")).values(
        name=Concat("first_name", Value(" "), "last_name", output_field=CharField())
    )
    company = company_model._default_manager.filter(pk=OuterRef("company_id")).values("name")
    sectors = (
        profile_model.sectors.through._default_manager.filter(professionalprofile_id=OuterRef("pk"))
        .values("professionalprofile_id")
        .annotate(
            names=StringAgg(
                Concat("sector__name", Value(" "), "sector__name_en", output_field=CharField()),
                delimiter=" ",
            )
        )
        .values("names")
    )
    return (
        SearchVector(
            Subquery(name, output_field=CharField()),
            "job_title",
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector(
            Subquery(company, output_field=CharField()),
            Subquery(sectors, output_field=CharField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("bio", weight="C", config=SEARCH_CONFIG)
    )


def refresh_search_documents(**filters) -> int:
    """Rebuild the stored document of the professionals ``filters`` select (all of them
    without filters) in ONE UPDATE; the number of profiles updated. Nothing on SQLite,
    which searches the fields themselves."""
    from members.models import ProfessionalProfile

    if connection.vendor != "postgresql":
        return 0
    return (
        ProfessionalProfile.objects.filter(**filters)
        .order_by()
        .update(search_document=document_expression())
    )


def _tsquery(alternatives: list[list[list[str]]]) -> str:
    """``(a:* | (b:* & c:*)) & (d:*)``: one of its alternatives for each word typed."""

    def phrase(words: list[str]) -> str:
        joined = " & ".join(f"{word}:*" for word in words)
        return f"({joined})" if len(words) > 1 else joined

    return " & ".join(
        "(" + " | ".join(phrase(words) for words in word) + ")" for word in alternatives
    )


def _search_postgresql(queryset: QuerySet, alternatives: list[list[list[str]]]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # Only letters and digits reach to_tsquery: nothing typed can change the query syntax.
    # Each word is a prefix; every word must be found; a query of stop words finds nobody.
    query = SearchQuery(_tsquery(alternatives), search_type="raw", config=SEARCH_CONFIG)
    return queryset.filter(search_document=query).annotate(
        relevance=Cast(SearchRank(F("search_document"), query), FloatField())
    )


def _search_simple(queryset: QuerySet, alternatives: list[list[list[str]]]) -> QuerySet:
    from django.db.models import Case, IntegerField, When

    ensure_sqlite_functions()
    queryset = queryset.alias(
        folded_first_name=UnaccentLower("user__first_name"),
        folded_last_name=UnaccentLower("user__last_name"),
        folded_job_title=UnaccentLower("job_title"),
        folded_company=UnaccentLower("company__name"),
        folded_bio=UnaccentLower("bio"),
    )
    relevance = Value(0, output_field=IntegerField())
    for word in alternatives:
        conditions = [_phrase_conditions(phrase) for phrase in word]
        strong = reduce(operator.or_, [found for found, _anywhere in conditions])
        weak = reduce(operator.or_, [anywhere for _found, anywhere in conditions])
        queryset = queryset.filter(weak)
        relevance = relevance + Case(
            When(strong, then=Value(2)), default=Value(1), output_field=IntegerField()
        )
    return queryset.annotate(relevance=Cast(relevance, FloatField()))


def _phrase_conditions(words: list[str]) -> tuple[Q, Q]:
    """(found in the name or the job, found anywhere): every word of ``words`` must be."""
    strong = anywhere = None
    for folded in words:
        in_strong = (
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
        found = (
            in_strong
            | Q(folded_company__contains=folded)
            | Q(folded_bio__contains=folded)
            | Q(in_sectors)
        )
        strong = in_strong if strong is None else strong & in_strong
        anywhere = found if anywhere is None else anywhere & found
    return strong, anywhere


# --- Keeping the stored documents (PostgreSQL) ------------------------------------------
# Every change to a part of a professional's document rebuilds it at once, in the same
# transaction. Raw saves (loading fixtures) are left alone: refresh_search_documents()
# rebuilds everything afterwards, as the demo and the bench do after their bulk loads.

PROFILE_FIELDS = frozenset({"job_title", "bio", "company"})
NAME_FIELDS = frozenset({"first_name", "last_name"})


def _touches(update_fields, fields: frozenset) -> bool:
    return update_fields is None or not fields.isdisjoint(update_fields)


def _refresh_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: refresh_search_documents(pk__in=ids))


def _profile_saved(sender, instance, created, update_fields, raw, **kwargs) -> None:
    if not raw and (created or _touches(update_fields, PROFILE_FIELDS)):
        refresh_search_documents(pk=instance.pk)


def _user_saved(sender, instance, update_fields, raw, **kwargs) -> None:
    from members.enums import Role

    if not raw and instance.role == Role.PROFESSIONAL and _touches(update_fields, NAME_FIELDS):
        refresh_search_documents(user_id=instance.pk)


def _company_saved(sender, instance, update_fields, raw, **kwargs) -> None:
    if not raw and _touches(update_fields, frozenset({"name"})):
        refresh_search_documents(company_id=instance.pk)


def _sector_saved(sender, instance, update_fields, raw, **kwargs) -> None:
    if not raw and _touches(update_fields, frozenset({"name", "name_en"})):
        refresh_search_documents(sectors=instance.pk)


def _company_deleted(sender, instance, **kwargs) -> None:
    # Their company is then set to NULL by one UPDATE that sends no signal: rebuilt once
    # the deletion is committed (a deletion always runs in a transaction).
    _refresh_on_commit(list(instance.professionals.values_list("pk", flat=True)))


def _sector_deleted(sender, instance, **kwargs) -> None:
    _refresh_on_commit(list(instance.professionals.values_list("pk", flat=True)))


def _sectors_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        # A sector's professionals are unknown once cleared (clear() is atomic).
        _sector_deleted(sender, instance)
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            refresh_search_documents(pk=instance.pk)
        elif pk_set:
            refresh_search_documents(pk__in=pk_set)


def connect_document_receivers() -> None:
    """Called once from MembersConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_save, pre_delete

    from config import caching
    from members.models import ProfessionalProfile, SearchSynonym, Sector, User
    from network.models import Company

    # The synonyms map and every listing searched with it.
    caching.outdate_on_change(SearchSynonym, scopes=(caching.DIRECTORY,))

    for signal, receiver, sender in (
        (post_save, _profile_saved, ProfessionalProfile),
        (post_save, _user_saved, User),
        (post_save, _company_saved, Company),
        (post_save, _sector_saved, Sector),
        (pre_delete, _company_deleted, Company),
        (pre_delete, _sector_deleted, Sector),
        (m2m_changed, _sectors_changed, ProfessionalProfile.sectors.through),
    ):
        signal.connect(receiver, sender=sender, dispatch_uid=f"search_document{receiver.__name__}")
