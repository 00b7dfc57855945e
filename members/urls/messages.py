from django.urls import path

from members.views import messages

urlpatterns = [
    path("demandes/<int:pk>/messages/", messages.post_message, name="request-message"),
    path("messages/<int:pk>/signaler/", messages.report_message, name="message-report"),
    path("membres/<int:user_pk>/signaler/", messages.report_member, name="member-report"),
]
