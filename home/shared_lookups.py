"""Two lookups Wagtail repeats on every page built, read through the layout cache.

- The active locale: every ``page.localized`` (the router, each page chooser block rendered)
  runs ``Locale.objects.get_for_language``: five identical queries on the home page.
- The view restrictions: every ``PageQuerySet.public()`` first reads every
  ``PageViewRestriction`` row to build its filter (one query per listing), and serving a
  page reads those of its ancestors (two queries), even on a site that has none.

Both change only when an editor changes a locale or a restriction, which bumps the layout
cache's version (home.layout_cache connects those signals), so the cached rows are never
older than the pages the cache already keeps. ``install`` swaps the three methods once, from
home.apps; the originals stay reachable for the cache misses.
"""

from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

from home import layout_cache

_original_get_for_language = LocaleManager.get_for_language


def get_for_language(manager, language_code):
    # Keyed by the code the original looks for ("fr-fr" → "fr"); a LookupError or a
    # missing locale propagates as from the original, and is not cached.
    variant = get_supported_content_language_variant(language_code)
    return layout_cache.get_or_compute(
        "locale", [variant], lambda: _original_get_for_language(manager, variant)
    )


def _restricted_sections():
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", "page__depth").order_by("pk"))


_original_get_view_restrictions = Page.get_view_restrictions


def get_view_restrictions(page):
    """No restriction anywhere (the usual case): none applies to this page either."""
    from wagtail.models import PageViewRestriction

    if not layout_cache.get_or_compute("view-restrictions", [], _restricted_sections):
        return PageViewRestriction.objects.none()
    return _original_get_view_restrictions(page)


def private_q(queryset):
    """Wagtail's own filter (a page under a restricted page, the page included), from the
    cached (path, depth) of the restricted pages."""
    q = Q()
    for path, depth in layout_cache.get_or_compute("view-restrictions", [], _restricted_sections):
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    # No private section: match no page, as Wagtail does.
    return q if q else Q(pk__in=[])


def install():
    LocaleManager.get_for_language = get_for_language
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
