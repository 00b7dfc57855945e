from django.urls import path

from members.views import avatars

urlpatterns = [
    path("photos/<int:pk>/<str:name>", avatars.avatar, name="avatar"),
]
