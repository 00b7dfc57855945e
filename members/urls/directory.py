from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import directory

urlpatterns = [
    path(_("annuaire/"), directory.directory, name="directory"),
    path(_("annuaire/<int:pk>/"), directory.professional, name="professional"),
]
