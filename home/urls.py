from django.urls import path
from django.utils.translation import gettext_lazy as _

from home import views

app_name = "home"

urlpatterns = [
    path(_("recherche/"), views.search, name="search"),
]
