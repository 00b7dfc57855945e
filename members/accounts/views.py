"""The Wagtail admin signs in through allauth (PITFALLS: its own form skips the second factor)."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def admin_login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """allauth's sign-in, coming back to the admin (or to the admin page asked for)."""
    query = request.GET.copy()
    query.setdefault("next", reverse("wagtailadmin_home"))
    return HttpResponseRedirect(f"{reverse('account_login')}?{query.urlencode(safe='/')}")
