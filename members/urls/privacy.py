from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import privacy

urlpatterns = [
    path(_("confidentialite/"), privacy.privacy, name="privacy"),
    path(_("confidentialite/mes-donnees/"), privacy.data_export, name="data-export"),
    path(_("confidentialite/supprimer-mon-compte/"), privacy.account_delete, name="account-delete"),
]
