from network.models.calls import (
    VolunteerAnswer,
    VolunteerCallIndexPage,
    VolunteerCallPage,
    VolunteerCallPageQuerySet,
)
from network.models.companies import CompanyIndexPage
from network.models.structures import Company, Structure, StructureIndexPage, StructureQuerySet

__all__ = [
    "Company",
    "CompanyIndexPage",
    "Structure",
    "StructureIndexPage",
    "StructureQuerySet",
    "VolunteerAnswer",
    "VolunteerCallIndexPage",
    "VolunteerCallPage",
    "VolunteerCallPageQuerySet",
]
