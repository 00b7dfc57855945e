from django.urls import path

from members.views import privacy

urlpatterns = [
    path("confidentialite/", privacy.privacy, name="privacy"),
    path("confidentialite/mes-donnees/", privacy.data_export, name="data-export"),
    path("confidentialite/supprimer-mon-compte/", privacy.account_delete, name="account-delete"),
]
