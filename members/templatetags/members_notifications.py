"""The unread count of the members menu: one COUNT per page, however often it is shown."""

from __future__ import annotations

from django import template

from members.notifications import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = services.unread_count(user)
    return request._unread_notifications
