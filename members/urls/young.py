from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import young

urlpatterns = [
    path(_("profil/"), young.young_profile, name="young-profile"),
    path(_("profil/modifier/"), young.young_profile_edit, name="young-profile-edit"),
    path(_("mon-profil/"), young.my_profile, name="my-profile"),
    path(_("jeunes/"), young.young_people, name="young-people"),
    path(_("jeunes/<int:pk>/"), young.young_person, name="young-person"),
    path(_("jeunes/<int:pk>/visibilite/"), young.young_visibility, name="young-visibility"),
    path(_("profils/<int:pk>/"), young.young_limited_profile, name="young-limited-profile"),
]
