"""Lookups Wagtail repeats on every page built, read through the layout cache.

- The site of the request: one query per request.
- The route from a URL to its page: two queries per step of the path (the child with
  that slug, then its specific row), six for a story page. The cache keeps the page a
  path leads to and how many steps that took; the page is then asked to route what is
  left (a routable page's own sub-paths, a live check), as Wagtail does.
- The active locale: every ``page.localized`` (the router, each page chooser block rendered)
  runs ``Locale.objects.get_for_language``: five identical queries on the home page.
- The view restrictions: every ``PageQuerySet.public()`` first reads every
  ``PageViewRestriction`` row to build its filter (one query per listing), and serving a
  page reads those of its ancestors (two queries), even on a site that has none.

All of them change only when an editor changes a page, a site, a locale or a restriction,
which bumps the layout cache's version (home.layout_cache connects those signals), so the
cached rows are never older than the pages the cache already keeps. ``install`` swaps the
methods once, from home.apps; the originals serve the cache misses.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, sites
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

from home import layout_cache

_original_get_for_language = LocaleManager.get_for_language
_original_get_site_for_hostname = sites.get_site_for_hostname
_original_route_for_request = Page.route_for_request
_original_get_view_restrictions = Page.get_view_restrictions


def _digest(*parts):
    # Host names and paths come from the request: hashed, a key stays short and plain.
    return hashlib.sha256("\x00".join(str(part) for part in parts).encode()).hexdigest()[:32]


def get_site_for_hostname(hostname, port):
    site = layout_cache.get_or_compute(
        "site", [_digest(hostname, port)], lambda: _site_or_none(hostname, port)
    )
    if site is None:
        raise sites.Site.DoesNotExist
    return site


def _site_or_none(hostname, port):
    try:
        return _original_get_site_for_hostname(hostname, port)
    except sites.Site.DoesNotExist:
        return None


def route_for_request(request, path):
    """Wagtail's route, from the page a cached path led to (see the module's docstring)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = sites.Site.find_for_request(request)
    if site is None:
        return _original_route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    key = layout_cache.key_for("route", [site.pk, translation.get_language(), _digest(*components)])
    found = cache.get(key)
    if found is None:
        result = _original_route_for_request(request, path)
        if result is not None:
            page = result[0]
            # Translations of the root are its siblings: every step below is a slug.
            layout_cache.store(key, (page, page.depth - site.root_page.depth))
        return result
    # Each read of the cache is a copy of the page: nothing one request does to it stays.
    page, steps = found
    try:
        result = page.route(request, components[steps:])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    return result


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
    sites.get_site_for_hostname = get_site_for_hostname
    Page.route_for_request = staticmethod(route_for_request)
    LocaleManager.get_for_language = get_for_language
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
