from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import offers

urlpatterns = [
    path(_("jeunes-visibles/"), offers.young_browse, name="young-browse"),
    path(_("jeunes-visibles/<int:young_pk>/proposer/"), offers.offer_create, name="offer-create"),
]
