from network.models.calls import (
    VolunteerAnswer,
    VolunteerCallIndexPage,
    VolunteerCallPage,
    VolunteerCallPageQuerySet,
)
from network.models.structures import Company, Structure, StructureIndexPage, StructureQuerySet

__all__ = [
    "Company",
    "Structure",
    "StructureIndexPage",
    "StructureQuerySet",
    "VolunteerAnswer",
    "VolunteerCallIndexPage",
    "VolunteerCallPage",
    "VolunteerCallPageQuerySet",
]
