from django.urls import path

from members.views import invitations

urlpatterns = [
    path("invitation/<str:token>/", invitations.accept_invitation, name="invitation-accept"),
]
