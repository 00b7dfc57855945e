import posixpath
import sys
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from config.health import is_database_unavailable
from config.site_url import absolute_url
from home.search import RESULTS_PER_PAGE, SiteSearchResults, plain_text, search_words
from home.sitemaps import MultilingualSitemap

MAX_QUERY_LENGTH = 200


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # The members area and the account pages, in the words of each language's addresses.
    private_paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            account_pages = posixpath.dirname(reverse("account_login").rstrip("/")) + "/"
            private_paths += [reverse("members:dashboard"), account_pages]
    context = {"private_paths": private_paths, "sitemap_url": absolute_url(reverse("sitemap"))}
    return render(request, "home/robots.txt", context, content_type="text/plain")


@require_GET
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": MultilingualSitemap})


@require_GET
def search(request):
    query = plain_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    words = search_words(query)
    page_obj = None
    if words:
        results = SiteSearchResults(words, request)
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"query": query, "query_encoded": urlencode({"q": query})[2:], "page_obj": page_obj}
    return render(request, "home/search.html", context)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# How long a visitor is asked to wait when the database cannot be reached.
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """Django's handler500. Templates are rendered bare, with no request and no context
    processors: the error may come from the database.

    Django calls it inside the ``except`` block that caught the error, whether it came from
    a view or a middleware: ``sys.exc_info()`` tells an outage from a bug.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(loader.get_template("500.html").render())
    # An error page is never kept, by the page cache, a proxy or the browser.
    add_never_cache_headers(response)
    return response
