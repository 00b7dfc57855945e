from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from home.search import RESULTS_PER_PAGE, SiteSearchResults
from home.sitemaps import MultilingualSitemap

MAX_QUERY_LENGTH = 200


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(request, "home/robots.txt", content_type="text/plain")


@require_GET
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": MultilingualSitemap})


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_obj = None
    if query:
        results = SiteSearchResults(query, request)
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"query": query, "query_encoded": urlencode({"q": query})[2:], "page_obj": page_obj}
    return render(request, "home/search.html", context)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A bare template with no context processors: the error may come from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())
