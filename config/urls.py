import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import health
from config.media import views as media_views
from home import views as home_views
from members.accounts.views import admin_login_redirect

urlpatterns = [
    # For load balancers and monitors (config.health): no language prefix, never cached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Wagtail's sign-in form would skip the second factor: the admin signs in through allauth.
    path("admin/login/", admin_login_redirect, name="admin-login-redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots-txt"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True),
    ),
    # The emails the site wrote, for `make run` only: 404 unless DEBUG is on (outbox.views).
    path("dev/courriels/", include("outbox.urls")),
]

# Public media on local disk, when no proxy serves them (settings.SERVE_MEDIA, checked by
# the view; images only, cache headers for each kind).
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
        media_views.serve_public_media,
        name="public-media",
    ),
]

# Each language has its own words in the addresses (/fr/espace/annuaire/,
# /en/members/directory/): the routes are msgids, and the French ones never change (links in
# emails already sent, bookmarks). Reverse and resolve by name, never by a path prefix.
# These views come before Wagtail's pages: a page whose slug is the first segment here in
# its own language (fr: compte, espace, recherche; en: account, members, search) would never
# be served (tests/members/test_translated_urls.py). An English address kept with its French
# words from before is redirected (config.middleware.FrenchAddressRedirectMiddleware).
urlpatterns += i18n_patterns(
    path(_("compte/"), include("allauth.urls")),
    path(_("espace/"), include("members.urls")),
    path("", include("home.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
