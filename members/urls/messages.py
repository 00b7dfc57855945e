from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import messages

urlpatterns = [
    path(_("demandes/<int:pk>/messages/"), messages.post_message, name="request-message"),
    path(_("messages/<int:pk>/signaler/"), messages.report_message, name="message-report"),
    path(_("membres/<int:user_pk>/signaler/"), messages.report_member, name="member-report"),
]
