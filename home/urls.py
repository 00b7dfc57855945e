from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("recherche/", views.search, name="search"),
]
