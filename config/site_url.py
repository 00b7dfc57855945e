"""The site's absolute address, for every link that leaves the site (emails, feeds, the
sitemap, canonical and Open Graph addresses).

One setting, ``WAGTAILADMIN_BASE_URL`` (also Wagtail's own admin emails): the address the
public reaches the site on, e.g. ``https://undebutdereseau.fr``; ``make run`` sets it to
``http://127.0.0.1:$(PORT)``, the address runserver actually listens on. Never the request's
Host header: an email or a cached feed must not carry an address a visitor chose.
"""

from django.conf import settings


def site_root() -> str:
    """The configured address, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (starting with "/") on the site's configured address; an already absolute
    URL (e.g. a page of another Wagtail site) is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_root()}{path}"
