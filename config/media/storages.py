"""The private storage of member files, and how long browsers may keep a public file.

Model fields name :func:`private_storage`: a callable, so that a migration records its
dotted path rather than the storage the environment chose.
"""

from __future__ import annotations

import posixpath

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

# Wagtail writes renditions under images/ with names that change with their source and
# filter (a new upload is a new name): they never change in place.
IMMUTABLE_PREFIXES = ("images/",)
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
# Originals and documents keep their address when an editor replaces or deletes them:
# browsers and proxies check again after an hour.
PUBLIC_CACHE_CONTROL = "public, max-age=3600"


def public_cache_control(name: str) -> str:
    """The ``Cache-Control`` of public file ``name`` (relative to the media root)."""
    if posixpath.normpath(name).startswith(IMMUTABLE_PREFIXES):
        return IMMUTABLE_CACHE_CONTROL
    return PUBLIC_CACHE_CONTROL


class PrivateFileSystemStorage(FileSystemStorage):
    """Member files on local disk, in a folder no web server publishes.

    They have no address of their own: a view that checks who asks answers for them
    (``config.media.views.private_file_response``).
    """

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Private files have no public address: link to the view that checks access "
            "(members:avatar for a profile photo)."
        )


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use (and again after the tests change
    ``STORAGES``), as Django's ``default_storage`` does for ``"default"``."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_media_storage = PrivateStorage()


def private_storage() -> Storage:
    """The storage of member files (``STORAGES["private"]``), for ``FileField(storage=...)``."""
    return private_media_storage


def _forget_private_storage(*, setting: str, **kwargs) -> None:
    # Django resets default_storage the same way (django.test.signals.storages_changed).
    if setting == "STORAGES":
        private_media_storage._wrapped = empty


setting_changed.connect(_forget_private_storage)
