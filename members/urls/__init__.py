"""The members area, under /fr/espace/ and /en/members/. One module per feature; every route
is a msgid, translated for English (config/urls.py)."""

from members.urls import (
    avatars,
    dashboard,
    directory,
    invitations,
    messages,
    notifications,
    offers,
    privacy,
    professionals,
    requests,
    structures,
    young,
)

app_name = "members"

urlpatterns = [
    *dashboard.urlpatterns,
    *structures.urlpatterns,
    *invitations.urlpatterns,
    *young.urlpatterns,
    *professionals.urlpatterns,
    *privacy.urlpatterns,
    # Before the requests': their last route takes any word after demandes/<pk>/.
    *messages.urlpatterns,
    *requests.urlpatterns,
    *directory.urlpatterns,
    *notifications.urlpatterns,
    *offers.urlpatterns,
    *avatars.urlpatterns,
]
