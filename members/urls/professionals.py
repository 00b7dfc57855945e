from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import professionals

urlpatterns = [
    path(_("professionnel/profil/"), professionals.professional_profile, name="pro-profile"),
    path(
        _("professionnel/profil/modifier/"),
        professionals.professional_profile_edit,
        name="pro-profile-edit",
    ),
    path(_("professionnel/pause/"), professionals.professional_pause, name="pro-pause"),
]
