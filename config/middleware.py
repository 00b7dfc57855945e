"""Project middleware: the content security policy, the anonymous page cache and the
redirect of English addresses written with French words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control

from config import caching

# The Wagtail admin relies on inline scripts and styles; the public site does not.
ADMIN_CSP_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


def is_admin_path(path: str) -> bool:
    return path.startswith("/admin/") or path.startswith("/django-admin/")


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path_info):
            admin = {**ADMIN_CSP_REPLACE}
            # Images of the admin's choosers come from the buckets when media are on S3.
            admin["img-src"] = [*admin["img-src"], *settings.MEDIA_CSP_SOURCES]
            parts.replace = {**(parts.replace or {}), **admin}
        return parts


# --- Anonymous page cache ---------------------------------------------------------------

# Probes and the admin are never looked up: a probe must not depend on the cache.
NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/readyz")
# A response that varies on anything else than these cannot be shared by URL alone.
SHAREABLE_VARY = frozenset({"cookie"})
# Headers that belong to one response, not to the copy shared by every visitor.
UNSHARED_HEADERS = frozenset({"cache-control", "expires", "set-cookie", "etag", "x-request-id"})
MAX_ENTRY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PageEntry:
    """What the cache keeps of a page: plain bytes and headers, quick to read back."""

    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str


def _personal_cookie_names() -> set[str]:
    """A session (signed in, or anything stored for this visitor) or waiting messages."""
    return {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}


def cacheable_request(request: HttpRequest) -> bool:
    """Only anonymous visitors of public pages share cached copies.

    Anyone who carries a session or a flash message gets pages built fresh, so nothing
    personal can ever land in, or be served from, the shared cache.
    """
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(NEVER_CACHED_PREFIXES)
        and "HTTP_AUTHORIZATION" not in request.META
        and not (_personal_cookie_names() & request.COOKIES.keys())
    )


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A page every anonymous visitor of this URL would get alike."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        # A cookie (a CSRF token, messages read) belongs to one visitor, and so does a
        # page that holds a CSRF token: the middleware renews the cookie of such a page.
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # The view chose its own caching (never_cache, a file served with its own
        # lifetime): left alone.
        or response.has_header("Cache-Control")
        or len(response.content) > MAX_ENTRY_BYTES
    ):
        return False
    vary = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field}
    return vary <= SHAREABLE_VARY


def _shared_headers(response: HttpResponseBase, etag: str) -> None:
    """Browsers revalidate every time (the server's copy decides, so an unpublished page
    is gone on the next view); a CDN may keep it when it can be purged (frontend cache)."""
    response.headers.pop("Expires", None)
    response["ETag"] = etag
    shared = {"s_maxage": settings.PAGE_CACHE_SECONDS} if settings.WAGTAILFRONTENDCACHE else {}
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True, **shared)


def page_key(request: HttpRequest) -> str:
    """The page's key: its whole address under the current versions of public content
    and structures. The language is in the path (i18n_patterns); the host is checked
    (get_host)."""
    return caching.make_key(
        "page", [request.build_absolute_uri()], scopes=(caching.PUBLIC, caching.STRUCTURES)
    )


class AnonymousPageCacheMiddleware:
    """Anonymous visitors get a page from the shared cache before any other middleware
    runs (sessions, locale, CSRF, authentication, messages, redirects, the database): a
    cache hit costs two cache reads. Placed after the security headers, whitenoise and
    the CSP so that every copy still gets them.

    Entries are keyed on the versions of public content and structures (config.caching):
    a page published, unpublished, moved or deleted, a structure, a call answered, the
    site settings, a translation… outdate every copy at once, on every instance.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        entry = caching.get(key)
        if entry is not None:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if _storable(request, response):
            content = response.content
            etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            headers = tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSHARED_HEADERS
            )
            caching.store_for(key, PageEntry(content, headers, etag), settings.PAGE_CACHE_SECONDS)
            _shared_headers(response, etag)
        return response

    def _from_entry(self, request: HttpRequest, entry: PageEntry) -> HttpResponseBase:
        response = HttpResponse(b"" if request.method == "HEAD" else entry.content)
        for name, value in entry.headers:
            response[name] = value
        _shared_headers(response, entry.etag)
        # A browser that has this very copy gets a 304 without the body.
        return get_conditional_response(request, etag=entry.etag, response=response)


# --- English addresses with French words -----------------------------------------------

# The name of Wagtail's catch-all pattern: a page's own slugs, not words of the site's views.
WAGTAIL_SERVE = "wagtail_serve"


def address_in_own_words(path: str) -> str | None:
    """The address of ``path`` in its language's words, when it names one of the site's
    views with the French words under another language's prefix (/en/espace/annuaire/ ->
    /en/members/directory/); None otherwise."""
    language = translation.get_language_from_path(path)
    default = settings.LANGUAGE_CODE
    prefix = f"/{language}/"
    if language is None or language == default or not path.startswith(prefix):
        return None
    with translation.override(default):
        try:
            match = resolve(f"/{default}/{path[len(prefix) :]}")
        except Resolver404:
            return None
    if not match.url_name or match.url_name == WAGTAIL_SERVE:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language):
        try:
            address = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    return address if address != path else None


class FrenchAddressRedirectMiddleware:
    """English addresses from before the routes were translated (/en/compte/login/,
    /en/espace/demandes/12/: links in emails already sent, notifications, bookmarks, a
    button an editor pasted) lead to today's (/en/account/login/, /en/members/requests/12/)
    for good, query string kept.

    Only a 404 is looked at, so whatever answers an address keeps answering it, and a
    normal request resolves nothing more. GET and HEAD only: a browser follows a 301 with
    a GET, which would turn a form's POST into a page view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = address_in_own_words(request.path_info)
        if address is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)
