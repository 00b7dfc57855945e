import django_filters
from django.utils.translation import gettext_lazy as _

from network.departements import DEPARTEMENT_CHOICES
from network.enums import StructureKind
from network.models import Structure


class StructureFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type de structure"),
        choices=StructureKind.choices,
        empty_label=_("Tous les types"),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=DEPARTEMENT_CHOICES,
        empty_label=_("Tous les départements"),
    )

    class Meta:
        model = Structure
        fields = ["kind", "departement"]
