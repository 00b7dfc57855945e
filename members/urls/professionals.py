from django.urls import path

from members.views import professionals

urlpatterns = [
    path("professionnel/profil/", professionals.professional_profile, name="pro-profile"),
    path(
        "professionnel/profil/modifier/",
        professionals.professional_profile_edit,
        name="pro-profile-edit",
    ),
    path("professionnel/pause/", professionals.professional_pause, name="pro-pause"),
]
