"""The project's URLs, plus media files, for the browser tests only.

The project serves media only with DEBUG on (production puts them behind the web server
or object storage). The live server runs with DEBUG off and the test settings keep media
in memory, so the browser tests read them straight from the default storage: pages then
load their real images, and the weight budget counts them.
"""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import re_path

from config import urls as project_urls

handler404 = project_urls.handler404
handler500 = project_urls.handler500


def serve_media(request, path):
    if ".." in path.split("/") or not default_storage.exists(path):
        raise Http404(path)
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path, "rb"), content_type=content_type)


urlpatterns = [
    re_path(r"^media/(?P<path>.+)$", serve_media, name="e2e-media"),
    *project_urls.urlpatterns,
]
