"""SQLite with FTS5: a full-text search whose cost is bounded (see home/search_backend.py).

modelsearch ranks results with a correlated subquery that runs the full-text match once
more for every matching row: a search for a common word among 5,000 stories took tens of
seconds. Here a search ordered by relevance reads the full-text index once, newest entries
first, and stops after `MAX_MATCHES` matches of the searched queryset (each checked by a
primary-key lookup); those are ranked by relevance (bm25) and only the objects of the slice
shown are fetched. The cost of a search is thus bounded whatever the number of matches;
the count is capped at `MAX_MATCHES`. Anything else (negated queries, no relevance order,
facets, autocomplete) goes through modelsearch unchanged.

Imported only on SQLite: modelsearch's SQLite modules need its SQLite-only model.
"""

from django.db.models import Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

DEFAULT_MAX_MATCHES = 200


class BoundedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def matches(self, config):
        """Index entries matching the query whose object is in the queryset (`obj_pk`).

        None when the bounded path does not apply: the caller falls back to modelsearch.
        """
        model = self.queryset.model
        if not isinstance(model._meta.pk, IntegerField) or self.queryset.query.is_sliced:
            return None
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        searched = self.queryset.order_by()
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            # "+ 0" keeps SQLite from driving the query by the content type index, which
            # would evaluate the full-text match once per indexed object of that type.
            .alias(content_type_id=F("index_entry__content_type_id") + 0)
            .filter(content_type_id__in=get_descendants_content_types_pks(model))
            .annotate(obj_pk=Cast("index_entry__object_id", output_field=IntegerField()))
            .filter(Exists(searched.filter(pk=OuterRef("obj_pk"))))
        )

    def ranked(self, config, max_matches):
        """[(pk, score)] of the newest `max_matches` matches, best first; None: fall back.

        Computed once per search: the count and every slice of one search share it.
        """
        cache = self.__dict__.setdefault("_bounded_ranked", {})
        if config not in cache:
            matches = self.matches(config)
            if matches is None:
                cache[config] = None
            else:
                score = self._build_rank_expression(self.get_search_vectors(), config)
                newest = (
                    matches.annotate(score=score)
                    .order_by("-pk")  # the full-text rowid: FTS5 reads it in order and stops
                    .values_list("obj_pk", "score")[:max_matches]
                )
                # bm25 is lower for better matches; ties: the newest first, as modelsearch.
                cache[config] = sorted(newest, key=lambda row: (row[1], -row[0]))
        return cache[config]


class BoundedSQLiteSearchResults(SQLiteSearchResults):
    def _ranked(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, BoundedSQLiteSearchQueryCompiler) and compiler.order_by_relevance
        ):
            return None
        return compiler.ranked(compiler.get_config(self.backend), self.backend.max_matches)

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        ranked = ranked[self.start : self.stop]
        objects = self.query_compiler.queryset.in_bulk([pk for pk, _score in ranked])
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()
        return len(ranked[self.start : self.stop])


class BoundedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = BoundedSQLiteSearchQueryCompiler
    results_class = BoundedSQLiteSearchResults

    def __init__(self, params):
        super().__init__(params)
        self.max_matches = int(params.get("MAX_MATCHES") or DEFAULT_MAX_MATCHES)
