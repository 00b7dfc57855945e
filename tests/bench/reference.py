"""The bench's reference: a one-file Django project with Django's default middleware.

`make bench` serves `application` with gunicorn beside the project (same workers, same
worker class) and measures its one page the way it measures the project's ceiling. A page
the project serves from its anonymous page cache must answer at least 0.6 times as many
requests a second as this page: the cost of a cache hit is then close to that of the
cheapest page a fresh Django project can serve, not that of the project's whole stack.

The settings are those `django-admin startproject` writes (Django 5.2) for what the
middleware needs: its seven default middleware classes in their order, the apps they rely
on, DEBUG off. Nothing here touches the database (no session, user or message is read),
so the SQLite database in memory is never even opened. The view is the ceiling's
(tests/bench/urls.py), with a fixed page of the same size.

    python -m tests.bench.reference runserver 127.0.0.1:8001     # to look at it by hand
"""

import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

PATH = "/"
BODY = (
    '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Témoin</title>'
    "</head><body><main><h1>Témoin</h1><p>Une petite page fixe.</p></main></body></html>\n"
)

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    # Signs nothing that leaves the bench's loopback server.
    SECRET_KEY="bench-reference-only-insecure-key-never-use-in-production",
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    # Exactly the list `django-admin startproject` writes in Django 5.2.
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    LANGUAGE_CODE="en-us",
    TIME_ZONE="UTC",
    USE_I18N=True,
    USE_TZ=True,
)


@require_GET
@never_cache
def page(request):
    """The same view as the project's ceiling: only the stack around it differs."""
    return HttpResponse(BODY)


urlpatterns = [path(PATH.lstrip("/"), page)]

application = get_wsgi_application()


if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
