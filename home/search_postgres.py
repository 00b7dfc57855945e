"""PostgreSQL: a full-text search whose cost is bounded (see home/search_backend.py).

modelsearch matches the concatenation of the title and body vectors, which no index can
serve: every search reads every index entry of the searched models, then ranks all the
matches. Here a search ordered by relevance first takes the newest `MAX_MATCHES` entries
whose title or body matches (the GIN indexes on each) and whose object is in the searched
queryset, then lets modelsearch rank and slice those only. The count is capped at
`MAX_MATCHES` as on SQLite. Anything else goes through modelsearch unchanged.

Imported only on PostgreSQL.
"""

from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

DEFAULT_MAX_MATCHES = 200


class BoundedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    max_matches = DEFAULT_MAX_MATCHES

    def _bounded_queryset(self, config):
        """The searched queryset restricted to the newest matches; None: not applicable."""
        model = self.queryset.model
        if (
            not self.order_by_relevance
            or self.fields is not None
            or self.queryset.query.is_sliced
            or not isinstance(model._meta.pk, IntegerField)
            or isinstance(self.query, (MatchAll, Not, Fuzzy))
        ):
            return None
        cache = self.__dict__.setdefault("_bounded_querysets", {})
        if config not in cache:
            search_query = self.build_tsquery(self.query, config=config)
            searched = self.queryset.order_by()
            newest = (
                IndexEntry.objects.filter(
                    content_type_id__in=get_descendants_content_types_pks(model)
                )
                .filter(Q(title=search_query) | Q(body=search_query))
                .filter(Exists(searched.filter(pk=Cast(OuterRef("object_id"), IntegerField()))))
                .order_by("-pk")
                .values_list("object_id", flat=True)[: self.max_matches]
            )
            cache[config] = self.queryset.filter(pk__in=[int(pk) for pk in newest])
        return cache[config]

    def search(self, config, start, stop, score_field=None, backend=None):
        bounded = self._bounded_queryset(config)
        if bounded is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        searched, self.queryset = self.queryset, bounded
        try:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        finally:
            self.queryset = searched


class BoundedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = BoundedPostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.max_matches = int(params.get("MAX_MATCHES") or DEFAULT_MAX_MATCHES)

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        compiler = getattr(results, "query_compiler", None)
        if compiler is not None:
            compiler.max_matches = self.max_matches
        return results
