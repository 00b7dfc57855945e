"""The project's one cache scheme: versioned scopes, one timeout rule, outdated on commit.

Everything the site keeps in the cache (anonymous pages, layout fragments and cards, the
structures' map, the home figures, the directory's listings and suggestions, a
counsellor's dashboard panels) is stored under a key that holds the *version* of each
scope of data it was computed from. A change of that data replaces the scope's version
(:func:`outdate`): no key made with the old version is read again, on any instance that
shares the cache, and the old entries expire on their own. Nothing has to find and delete
keys, so nothing can be forgotten.

Scopes:
- :data:`PUBLIC`: the pages and what every public page shows: their tree and
  restrictions, sites, locales, site settings, images, documents, tags, answers to calls
  (home.public_cache, network.apps);
- :data:`STRUCTURES`: the partner structures (their index, map, pages and search
  results), apart so that a structure joining does not rebuild every menu and card;
- :data:`FIGURES`: the counts of the members area shown on the home page;
- :data:`DIRECTORY`: which professionals a listing or a suggestion finds;
- :func:`structure_scope` (one per structure) and :data:`DASHBOARDS` (across
  structures): a counsellor's dashboard panels;
- :data:`IMPACT`: the figures of the impact pages and their exports (members.impact.cache),
  outdated by any change of what they count.

One timeout rule: an entry is kept :func:`timeout` seconds (``CACHE_SECONDS``, 300 by
default): versions make it exact, the timeout only frees memory. An entry whose content
also moves with the clock alone ("no answer for 7 days") passes ``clock=True`` and is kept
:data:`CLOCK_SECONDS` at most. Versions never expire; if the cache evicts one, a new one is
made and every entry of its scope is simply computed again.

A version is replaced twice: at once, and again when the transaction commits. A read
between the save and the commit still sees the old rows and may cache them under the
version of the moment; the second replacement outdates that copy too.

If the cache is unreachable (django-redis ignoring its errors), every read misses and
every write is lost: the site computes everything, slower, and stays right.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

PUBLIC = "public"
STRUCTURES = "structures"
FIGURES = "figures"
DIRECTORY = "directory"
DASHBOARDS = "dashboards"
IMPACT = "impact"

CLOCK_SECONDS = 60

_PLAIN = re.compile(r"[\w.:/@=-]*", re.ASCII)


def structure_scope(structure_id: int) -> str:
    return f"structure:{structure_id}"


def timeout(clock: bool = False) -> int:
    seconds = max(int(settings.CACHE_SECONDS), 1)
    return min(seconds, CLOCK_SECONDS) if clock else seconds


def _version_key(scope: str) -> str:
    return f"version:{scope}"


def versions(*scopes: str) -> list[str]:
    """The current version of each scope, read in one round trip; a scope without one gets
    one (the first writer wins when two processes create it at once)."""
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    result = []
    for key in keys:
        version = found.get(key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(key, version, None):
                version = cache.get(key) or version
        result.append(version)
    return result


def outdate(*scopes: str) -> None:
    """What was cached from these scopes is outdated, now and again on commit."""
    keys = [_version_key(scope) for scope in scopes]

    def replace() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    replace()
    transaction.on_commit(replace, robust=True)


def outdater(*scopes: str) -> Callable[..., None]:
    """A signal receiver that outdates ``scopes``."""

    def receiver(*args: Any, **kwargs: Any) -> None:
        outdate(*scopes)

    receiver.__qualname__ = f"outdate[{','.join(scopes)}]"
    return receiver


def outdate_on_change(*models: type, scopes: Iterable[str] = (PUBLIC,)) -> None:
    """Outdate ``scopes`` whenever a row of ``models`` is saved or deleted (from an app's
    ``ready()``)."""
    from django.db.models.signals import post_delete, post_save

    scopes = tuple(scopes)
    receiver = outdater(*scopes)
    for model in models:
        for signal, event in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"caching-{event}-{model._meta.label}-{','.join(scopes)}",
            )


def make_key(name: str, parts: Iterable[Any] = (), scopes: Iterable[str] = (PUBLIC,)) -> str:
    """The key of ``name`` and ``parts`` under the current versions of ``scopes``. Take it
    before reading what it is computed from: a change meanwhile makes it an old key."""
    joined = ":".join(str(part) for part in parts)
    # Parts may come from the request (a path, a filter's value): anything but plain
    # characters is hashed, so that a key stays valid for every cache backend.
    if len(joined) > 150 or not _PLAIN.fullmatch(joined):
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return ":".join([name, *versions(*scopes), joined])


def get(key: str) -> Any:
    return cache.get(key)


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    return cache.get_many(list(keys))


def store(key: str, value: Any, clock: bool = False) -> None:
    cache.set(key, value, timeout(clock))


def store_for(key: str, value: Any, seconds: int) -> None:
    """For the anonymous pages, whose lifetime is their own setting (PAGE_CACHE_SECONDS)."""
    cache.set(key, value, seconds)


def get_or_compute(
    name: str,
    parts: Iterable[Any],
    compute: Callable[[], Any],
    scopes: Iterable[str] = (PUBLIC,),
    clock: bool = False,
) -> Any:
    """The cached value of ``compute()`` (None is not kept: it is computed again)."""
    key = make_key(name, parts, scopes)
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            store(key, value, clock)
    return value
