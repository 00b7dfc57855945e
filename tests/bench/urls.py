"""The project's urls plus the ceiling view, which exists only under the bench settings."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import urls as project_urls

CEILING_BODY = (
    '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Plafond</title>'
    "</head><body><main><h1>Plafond</h1><p>Une petite page fixe.</p></main></body></html>\n"
)


@require_GET
@never_cache
def ceiling(request):
    """The cheapest page Django can serve through the project's middleware.

    never_cache keeps it out of the anonymous page cache: the ceiling is a view that runs
    on every request, the reference every public page is compared with.
    """
    return HttpResponse(CEILING_BODY)


urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *project_urls.urlpatterns]

handler404 = project_urls.handler404
handler500 = project_urls.handler500
