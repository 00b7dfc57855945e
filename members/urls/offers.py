from django.urls import path

from members.views import offers

urlpatterns = [
    path("jeunes-visibles/", offers.young_browse, name="young-browse"),
    path("jeunes-visibles/<int:young_pk>/proposer/", offers.offer_create, name="offer-create"),
]
