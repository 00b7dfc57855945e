"""Project middleware: the content security policy and the anonymous page cache."""

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

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


def _cacheable(request) -> bool:
    """Only anonymous visitors of public pages share cached copies.

    A session cookie means someone may be signed in or have flash messages: their pages
    are always built fresh, so no personal content can ever land in the shared cache.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or is_admin_path(request.path_info):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class AnonymousCacheUpdateMiddleware(UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return _cacheable(request) and super()._should_update_cache(request, response)


class AnonymousCacheFetchMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _cacheable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
