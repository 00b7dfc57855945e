"""Project middleware: the content security policy and the anonymous page cache."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

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
            parts.replace = {**(parts.replace or {}), **ADMIN_CSP_REPLACE}
        return parts


def _personal_cookie_names() -> set[str]:
    """A session (signed in, or anything stored for this visitor) or waiting messages."""
    return {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}


def _cacheable(request) -> bool:
    """Only anonymous visitors of public pages share cached copies.

    Anyone who carries a session or a flash message gets pages built fresh, so nothing
    personal can ever land in, or be served from, the shared cache.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or is_admin_path(request.path_info):
        return False
    return not (_personal_cookie_names() & request.COOKIES.keys())


class AnonymousCacheUpdateMiddleware(UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        # A response that sets a cookie (CSRF token, consumed messages) belongs to one visitor.
        return (
            _cacheable(request)
            and not response.cookies
            and super()._should_update_cache(request, response)
        )


class AnonymousCacheFetchMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _cacheable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
