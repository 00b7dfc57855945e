"""Versions of cached data: a cache key that holds the version of what it was computed
from is never read again once that data changes, without finding and deleting each key.

A version is a random token kept in the cache without expiry; replacing it outdates every
key made with the old one (they expire on their own timeout).
"""

import uuid

from django.core.cache import cache


def current(key: str) -> str:
    """The version stored under ``key``, created on first use (the first writer wins when
    two processes create it at once)."""
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, None):
            version = cache.get(key) or version
    return version


def replace(key: str) -> None:
    """A new version under ``key``: what was cached under the old one is outdated."""
    cache.set(key, uuid.uuid4().hex, None)
