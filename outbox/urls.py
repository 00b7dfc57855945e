"""The development outbox (outbox.views): answers 404 unless DEBUG is on."""

from django.urls import path

from outbox import views

app_name = "dev-outbox"

urlpatterns = [
    path("", views.email_list, name="list"),
    path("<int:pk>/", views.email_detail, name="detail"),
    path("<int:pk>/html/", views.email_html, name="html"),
]
