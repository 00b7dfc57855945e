from django.urls import path

from members.views import young

urlpatterns = [
    path("profil/", young.young_profile, name="young-profile"),
    path("profil/modifier/", young.young_profile_edit, name="young-profile-edit"),
    path("mon-profil/", young.my_profile, name="my-profile"),
    path("jeunes/", young.young_people, name="young-people"),
    path("jeunes/<int:pk>/", young.young_person, name="young-person"),
    path("jeunes/<int:pk>/visibilite/", young.young_visibility, name="young-visibility"),
    path("profils/<int:pk>/", young.young_limited_profile, name="young-limited-profile"),
]
