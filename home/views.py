from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(request, "home/robots.txt", content_type="text/plain")


def search(request):
    return render(request, "home/search.html", {"query": request.GET.get("q", "")})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may come from it.
    return render(request, "500.html", status=500)
