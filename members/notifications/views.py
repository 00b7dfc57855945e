"""In-app notifications: the list, opening one, marking all read, the email preference.

A person only ever reaches their own notifications (``recipient=request.user``): another
person's id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.access import role_required
from members.enums import EmailFrequency, Role
from members.models import Notification
from members.notifications import services
from members.notifications.forms import EmailFrequencyForm

NOTIFICATIONS_PER_PAGE = 30
NOTIFICATION_ROLES = (
    Role.YOUNG_PERSON,
    Role.PROFESSIONAL,
    Role.COUNSELLOR,
    Role.REFERENT,
    Role.MODERATOR,
)


def _list_page(request: HttpRequest, form: EmailFrequencyForm) -> HttpResponse:
    page = Paginator(services.notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "members/notifications/list.html", {"page_obj": page, "preference_form": form}
    )


@role_required(*NOTIFICATION_ROLES, waiting_young_person=True)
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    form = EmailFrequencyForm(initial={"email_frequency": request.user.email_frequency})
    return _list_page(request, form)


@role_required(*NOTIFICATION_ROLES, waiting_young_person=True)
@require_http_methods(["GET", "HEAD", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Go where notification ``pk`` points, only to a path of this site; a POST marks it read.

    The list opens a notification with a POST (a button in a form). The link in an email is
    a GET: it leads to the same place and leaves the notification unread, since a GET changes
    nothing (a link or an image on another page could otherwise mark it read).
    """
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    if request.method == "POST":
        services.mark_read(notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("members:notifications")


@role_required(*NOTIFICATION_ROLES, waiting_young_person=True)
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if services.mark_all_read(request.user):
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("members:notifications")


@role_required(*NOTIFICATION_ROLES, waiting_young_person=True)
@require_POST
def update_preferences(request: HttpRequest) -> HttpResponse:
    form = EmailFrequencyForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form)
    services.set_email_frequency(request.user, form.cleaned_data["email_frequency"])
    if form.cleaned_data["email_frequency"] == EmailFrequency.DAILY:
        messages.success(
            request, _("C’est noté : vous recevrez un résumé de vos notifications par jour.")
        )
    else:
        messages.success(
            request, _("C’est noté : vous recevrez un e-mail à chaque nouvelle notification.")
        )
    return redirect("members:notifications")
