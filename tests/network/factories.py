import datetime

import factory
import wagtail_factories
from django.utils import timezone

from network.enums import StructureKind
from network.models import (
    Company,
    Structure,
    StructureIndexPage,
    VolunteerAnswer,
    VolunteerCallIndexPage,
    VolunteerCallPage,
)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Mission locale numéro {n}")
    kind = StructureKind.MISSION_LOCALE
    address = "12 rue de la République"
    postcode = "93200"
    city = "Saint-Denis"
    description = "Accompagne les jeunes de 16 à 25 ans."
    is_approved = True


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")


class StructureIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StructureIndexPage

    title = "Structures partenaires"
    slug = "structures"


class VolunteerCallIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = VolunteerCallIndexPage

    title = "Appels à bénévoles"
    slug = "appels"


class VolunteerCallPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = VolunteerCallPage

    title = factory.Sequence(lambda n: f"Simulations d'entretien {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    summary = "Aidez des jeunes à préparer leurs entretiens."
    what_is_asked = "Deux heures de simulation d'entretien."
    city = "Lille"
    departement = "59"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    places = 3
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class VolunteerAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerAnswer

    call = factory.SubFactory(VolunteerCallPageFactory)
    call_translation_key = factory.LazyAttribute(lambda o: o.call.translation_key)
    name = "Camille Martin"
    email = factory.Sequence(lambda n: f"benevole{n}@exemple.fr")
    company = "Banque du Nord"
    message = "Disponible le samedi."


def translate(page, locale, **fields):
    """A published translation of a page, made as the demo makes them."""
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy
