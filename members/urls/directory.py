from django.urls import path

from members.views import directory

urlpatterns = [
    path("annuaire/", directory.directory, name="directory"),
    path("annuaire/<int:pk>/", directory.professional, name="professional"),
]
