"""How uploaded files reach a browser.

Public media: on one machine without a proxy in front for them (``SERVE_MEDIA``), the
application answers ``/media/`` itself, images only, from the default storage's folder.
Documents are not served here: Wagtail's ``/documents/`` view checks a private
collection's restrictions before handing one out.

Private files: a view that has checked who asks returns :func:`private_file_response`.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage, storages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
)
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from config.media.storages import public_cache_control

# What the public media hold for browsers: Wagtail's original images and renditions. A
# fixed table rather than the system's MIME database, so that nothing else (an HTML or SVG
# file that would run in the site's origin) is ever served from here.
PUBLIC_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# Wagtail's documents: through /documents/ only (collection privacy, download headers).
NOT_SERVED_PREFIXES = ("documents/",)
# Private files: the URL names the file, so a new photo is a new URL; an hour bounds how
# long a browser keeps one after access to it ended.
PRIVATE_MAX_AGE = 3600


@require_safe
def serve_public_media(request: HttpRequest, path: str) -> HttpResponse:
    """The public media file ``path`` (relative to the media root), with cache headers."""
    if not settings.SERVE_MEDIA:
        raise Http404
    file = _public_file(path)
    content_type = PUBLIC_TYPES[posixpath.splitext(path)[1].lower()]
    stat = file.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)):
        response = HttpResponseNotModified()
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = stat.st_size
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = public_cache_control(path)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _public_file(path: str) -> Path:
    """The file at ``path`` inside the default storage's folder, or 404: no other type
    than an image, no hidden file, nothing outside the folder (``..``, absolute paths,
    links pointing out)."""
    parts = path.split("/")
    if (
        posixpath.splitext(path)[1].lower() not in PUBLIC_TYPES
        or path.startswith(NOT_SERVED_PREFIXES)
        or any(not part or part.startswith(".") for part in parts)
        or "\\" in path
        or "\x00" in path
    ):
        raise Http404
    storage = storages["default"]
    try:
        root = Path(storage.location).resolve()
        file = Path(storage.path(path)).resolve()
    except (AttributeError, NotImplementedError, SuspiciousFileOperation) as exc:
        # A storage without local files (S3, memory): the proxy or the bucket serves them.
        raise Http404 from exc
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404
    return file


def private_file_response(storage: Storage, name: str) -> HttpResponse:
    """File ``name`` of ``storage`` for someone a view has allowed to see it.

    - S3 (a storage that signs its URLs): a redirect to a URL valid a few minutes;
    - local disk behind a proxy (``PRIVATE_MEDIA_X_ACCEL_PREFIX``): an empty answer whose
      ``X-Accel-Redirect`` lets nginx send the file from its ``internal`` location;
    - otherwise the application streams the file.
    """
    if getattr(storage, "signs_urls", False):
        seconds = settings.PRIVATE_MEDIA_SIGNED_URL_SECONDS
        response = HttpResponseRedirect(storage.url(name, expire=seconds))
        # The redirect may be reused while the signed URL still has half its life.
        response["Cache-Control"] = f"private, max-age={seconds // 2}"
        return response
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    if prefix and _has_local_path(storage, name):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix}{quote(name)}"
    else:
        try:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError as exc:
            raise Http404 from exc
    response["Cache-Control"] = f"private, max-age={PRIVATE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _has_local_path(storage: Storage, name: str) -> bool:
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True
