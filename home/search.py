"""Site search: pages of the active language and approved partner structures.

Pages (stories, volunteer calls, standard pages) go through Wagtail's search backend,
restricted to the active locale because the index holds every language. Structures are
a plain model indexed with ``index.Indexed`` by the network app; they are searched with
the same backend (French stemming without accents on PostgreSQL, FTS5 on SQLite) so
that "benevoles" and "bénévoles" behave alike for every kind of result.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.apps import apps
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from config import caching

PAGE_TYPES = ["stories.StoryPage", "network.VolunteerCallPage", "home.StandardPage"]
RESULTS_PER_PAGE = 10
MAX_WORDS = 12
# Letters and digits: quotes, operators, brackets and control characters are the query
# syntax of one database or the other (FTS5 fails on a lone '"', PostgreSQL on a NUL byte).
WORD_RE = re.compile(r"[^\W_]+")


def plain_text(text):
    """What a visitor typed, without control characters (a NUL byte, say), for display."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(char for char in text if unicodedata.category(char)[0] != "C").strip()


def search_words(text):
    """The words of ``text`` joined by spaces: what is handed to the search backend, on
    either database, whatever was typed. Empty when nothing searchable is left."""
    return " ".join(WORD_RE.findall(plain_text(text))[:MAX_WORDS])


@dataclass
class Result:
    kind: str
    title: str
    url: str
    summary: str


class SiteSearchResults:
    """Pages then structures, as one sequence a Paginator can slice lazily.

    Only the slice shown is fetched: one search for the pages in it, one for the
    structures in it, whatever the number of matches. Counts and slices are kept in the
    cache (config.caching) per words searched, until public content (pages,
    structures) changes: a search asked again reads nothing (no older than the page cache keeps the
    same results page for anonymous visitors).
    """

    def __init__(self, query, request, locale=None):
        self.request = request
        self.locale = locale or Locale.get_active()
        digest = hashlib.sha256(query.encode()).hexdigest()[:32]
        self._cache_parts = [self.locale.pk, request.get_host(), digest]
        self.pages = (
            Page.objects.live()
            .public()
            .filter(locale_id=self.locale.pk)
            .type(*map(apps.get_model, PAGE_TYPES))
            .search(query)
        )
        structures = apps.get_model("network", "Structure").objects.approved()
        self.structures = get_search_backend().search(query, structures)
        self._pages_count = None
        self._structures_count = None

    def _cached(self, name, parts, compute):
        return caching.get_or_compute(
            f"search-{name}",
            [*self._cache_parts, *parts],
            compute,
            scopes=(caching.PUBLIC, caching.STRUCTURES),
        )

    @property
    def pages_count(self):
        if self._pages_count is None:
            self._pages_count = self._cached("pages", [], self.pages.count)
        return self._pages_count

    @property
    def structures_count(self):
        if self._structures_count is None:
            structures = self.structures
            self._structures_count = self._cached(
                "structures",
                [],
                lambda: len(structures) if isinstance(structures, list) else structures.count(),
            )
        return self._structures_count

    def count(self):
        return self.pages_count + self.structures_count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("SiteSearchResults only supports slicing.")
        start, stop = index.start or 0, index.stop
        return self._cached("slice", [start, stop], lambda: self._slice(start, stop))

    def _slice(self, start, stop):
        results = []
        if start < self.pages_count:
            results += self._page_results(self.pages[start : min(stop, self.pages_count)])
        if stop > self.pages_count:
            first = max(start - self.pages_count, 0)
            last = stop - self.pages_count
            results += self._structure_results(self.structures[first:last])
        return results

    def _page_results(self, pages):
        pages = list(pages)
        # One query per page type for the fields a result shows (summary, intro).
        specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
        by_pk = {page.pk: page for page in specific}
        return [
            Result(
                kind=str(page._meta.verbose_name),
                title=page.title,
                url=page.get_url(self.request),
                summary=page.search_description or _summary(page),
            )
            for page in (by_pk.get(page.pk) for page in pages)
            if page is not None
        ]

    def _structure_results(self, structures):
        structures = list(structures)
        if not structures:
            return []
        index_model = apps.get_model("network", "StructureIndexPage")
        index_page = index_model.objects.live().filter(locale_id=self.locale.pk).first()
        return [
            Result(
                kind=str(structure._meta.verbose_name),
                title=structure.name,
                url=index_page.structure_url(structure, self.request) if index_page else "",
                summary=f"{structure.city} ({structure.departement})",
            )
            for structure in structures
        ]


def _summary(page):
    for field in ("summary", "intro"):
        value = getattr(page, field, "")
        if value:
            return str(value)
    return ""
