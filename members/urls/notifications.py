from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import notifications

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/",
        notifications.open_notification,
        name="notification-open",
    ),
    path(
        _("notifications/tout-lu/"),
        notifications.mark_all_read,
        name="notifications-read",
    ),
    path(
        "notifications/preferences/",
        notifications.update_preferences,
        name="notification-preferences",
    ),
]
