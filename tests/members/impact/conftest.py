"""Two structures in two départements (and regions), two companies, their people."""

import datetime

import pytest
from django.utils import timezone

from members.enums import ReviewStatus
from network.enums import StructureKind
from tests.members.factories import HelpRequestFactory, ProfessionalFactory, YoungPersonFactory
from tests.network.factories import CompanyFactory, StructureFactory


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0):
    """An instant in the site's time zone (Europe/Paris)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def make_request(young, professional, state, **fields):
    """A request with exactly the dates given (none by default)."""
    fields.setdefault("sent_at", None)
    return HelpRequestFactory(young_person=young, professional=professional, state=state, **fields)


@pytest.fixture
def world(db):
    """Saint-Denis (93, Île-de-France, a mission locale) and Lyon (69, Auvergne-Rhône-
    Alpes, an E2C); Acme's two approved professionals and one pending, Globex's one."""
    saint_denis = StructureFactory(
        name="Mission locale de Saint-Denis", postcode="93200", kind=StructureKind.MISSION_LOCALE
    )
    lyon = StructureFactory(
        name="E2C de Lyon", postcode="69003", city="Lyon", kind=StructureKind.E2C
    )
    acme = CompanyFactory(name="Acme")
    globex = CompanyFactory(name="Globex")
    return {
        "saint_denis": saint_denis,
        "lyon": lyon,
        "acme": acme,
        "globex": globex,
        "a1": ProfessionalFactory(profile__company=acme),
        "a2": ProfessionalFactory(profile__company=acme),
        "pending": ProfessionalFactory(profile__company=acme, profile__status=ReviewStatus.PENDING),
        "g": ProfessionalFactory(profile__company=globex),
        "y1": YoungPersonFactory(structure=saint_denis),
        "y2": YoungPersonFactory(structure=saint_denis),
        "y3": YoungPersonFactory(structure=lyon),
    }
