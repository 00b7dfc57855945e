from django.urls import path

from members.views import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
