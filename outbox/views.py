"""The development outbox: the emails the site wrote, readable in the browser.

``make run`` prints its address (``manage.py load_demo``). Emails there are also printed to
the terminal (the console backend of config/settings/dev.py), but a sign-up or an
invitation is easier to follow here: each email's text and HTML parts, with links that
work. Only with DEBUG on: otherwise every page of it answers 404, to anyone, signed in or
not, whatever their role (the emails hold sign-in and password reset links).
"""

from __future__ import annotations

from functools import wraps

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from outbox.models import OutboxEmail

LISTED = 100

# The HTML part is shown in a sandboxed frame of the email's page: framed by this site
# only, its inline styles applied (the layout has no other kind), no script ever.
HTML_PART_POLICY = {
    "script-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}


def development_only(view):
    """404 unless DEBUG is on, before anything else of the view runs."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@development_only
@never_cache
def email_list(request):
    emails = OutboxEmail.objects.defer("body", "html_body", "headers").order_by(
        "-created_at", "-pk"
    )
    return render(
        request,
        "outbox/dev/email_list.html",
        {"emails": emails[:LISTED], "listed": LISTED, "total": emails.count()},
    )


@development_only
@never_cache
def email_detail(request, pk: int):
    return render(
        request, "outbox/dev/email_detail.html", {"email": get_object_or_404(OutboxEmail, pk=pk)}
    )


@development_only
@never_cache
@xframe_options_sameorigin
@csp_replace(HTML_PART_POLICY)
def email_html(request, pk: int):
    email = get_object_or_404(OutboxEmail.objects.exclude(html_body=""), pk=pk)
    return HttpResponse(email.html_body, content_type="text/html; charset=utf-8")
