"""A cache for what every public page shows in its layout: menu, footer and language links.

These fragments cost several queries on every page built. They are cached per site and
language under a version key that any change of the page tree, its view restrictions, the
sites or the locales bumps (home.apps connects the signals), and never kept longer than
the anonymous page cache keeps a page, so that with a per-process cache (no Redis) another
process is never staler than its page cache already is. Other page-tree data (the story
index's count and tag cloud, the featured, related stories and open calls, the route of a
path: see home.shared_lookups, the HTML of cards and page bodies: the layout_fragment
template tag) use the same versioned cache; an answer to a volunteer call and a change of
the site settings bump it too.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache

from home import cache_versions

VERSION_KEY = "layout-cache-version"


def _timeout():
    return max(int(getattr(settings, "PAGE_CACHE_SECONDS", 300)), 60)


def _version():
    return cache_versions.current(VERSION_KEY)


_PLAIN = re.compile(r"[\w.:/@-]*", re.ASCII)


def _key(name, parts):
    joined = ":".join(str(part) for part in parts)
    # Parts may come from the request (a path, a filter's value): anything but plain
    # characters is hashed, so that a key stays valid for every cache backend.
    if len(joined) > 150 or not _PLAIN.fullmatch(joined):
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"layout:{_version()}:{name}:{joined}"


def get_or_compute(name, parts, compute):
    """The cached value of `compute()` for `name` and `parts` in the current version
    (None is not kept: it is computed again)."""
    key = _key(name, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, _timeout())
    return value


def key_for(name, parts):
    """The key of `name` and `parts` in the current version, for `cache.get`/`store`: taken
    before reading what is stored, so that a change meanwhile makes it an old key."""
    return _key(name, parts)


def store(key, value):
    cache.set(key, value, _timeout())


def invalidate(*args, **kwargs):
    """Signal receiver: every cached fragment is outdated."""
    cache_versions.replace(VERSION_KEY)


def invalidate_on_model_change(sender, instance=None, created=False, **kwargs):
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    from home.models import SiteSettings
    from network.models import VolunteerAnswer

    # An answer to a volunteer call changes which calls are open and their places left.
    # (Structures have their own version: network.map.structures_version.)
    if isinstance(instance, (Page, PageViewRestriction, Site, Locale, VolunteerAnswer)):
        invalidate()
    # The site settings (the footer) are created empty on the first page built: what that
    # page cached already shows them. Only a change outdates it.
    elif isinstance(instance, SiteSettings) and not created:
        invalidate()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(invalidate_on_model_change, dispatch_uid="layout-cache-save")
    post_delete.connect(invalidate_on_model_change, dispatch_uid="layout-cache-delete")
    page_published.connect(invalidate, dispatch_uid="layout-cache-publish")
    page_unpublished.connect(invalidate, dispatch_uid="layout-cache-unpublish")
    post_page_move.connect(invalidate, dispatch_uid="layout-cache-move")
