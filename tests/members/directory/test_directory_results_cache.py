"""The directory keeps which professionals a listing finds, and their order, in the cache
(members.directory.services.directory_page): a listing viewed again is not searched again,
and every change to what it depends on shows on the next view."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.enums import HelpKind, ReviewStatus
from members.models import ProfessionalProfile
from members.profiles.professionals import set_paused
from members.requests import services as request_services
from tests.members.factories import ProfessionalFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

HOPES = "Je voudrais découvrir votre métier et savoir quelle formation choisir."


@pytest.fixture
def viewer(client, young_person):
    client.force_login(young_person)
    return client


def listed(client, **params):
    response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    return [card["profile"].user.first_name for card in response.context["professionals"]]


def listing_queries(client, **params):
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("members:directory"), params)
    return [query["sql"] for query in captured.captured_queries]


def test_a_listing_viewed_again_is_neither_counted_nor_sorted_again(viewer):
    ProfessionalFactory(first_name="Awa")
    listed(viewer)

    again = [sql for sql in listing_queries(viewer) if '"members_professionalprofile"' in sql]

    # No count, no sorted page of ids: only the page's rows, read by id.
    assert not any("COUNT(" in sql or "LIMIT" in sql for sql in again)
    assert any('"members_professionalprofile"."id" IN' in sql for sql in again)
    assert listed(viewer) == ["Awa"]


def test_a_newly_approved_professional_is_listed_at_once(viewer):
    ProfessionalFactory(first_name="Awa")
    bruno = ProfessionalFactory(first_name="Bruno", profile__status=ReviewStatus.PENDING)
    assert listed(viewer) == ["Awa"]

    profile = bruno.pro_profile
    profile.status = ReviewStatus.APPROVED
    profile.save()

    assert sorted(listed(viewer)) == ["Awa", "Bruno"]


def test_a_deactivated_account_leaves_the_listing_at_once(viewer):
    awa = ProfessionalFactory(first_name="Awa")
    ProfessionalFactory(first_name="Bruno")
    assert sorted(listed(viewer)) == ["Awa", "Bruno"]

    awa.is_active = False
    awa.save(update_fields=["is_active"])

    assert listed(viewer) == ["Bruno"]


def test_a_professional_whose_last_place_is_taken_leaves_the_available_ones(structure):
    structure.requires_validation = False
    structure.save()
    young = YoungPersonFactory(structure=structure)
    awa = ProfessionalFactory(
        first_name="Awa",
        profile__monthly_capacity=1,
        profile__help_kinds=[HelpKind.TRADE_ADVICE],
    )
    ProfessionalFactory(first_name="Bruno")
    client = Client()
    client.force_login(YoungPersonFactory(structure=structure))
    assert sorted(listed(client, has_capacity="on")) == ["Awa", "Bruno"]

    request_services.create(
        young, awa.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=True
    )

    assert listed(client, has_capacity="on") == ["Bruno"]


def test_a_paused_professional_leaves_the_available_ones_at_once(viewer):
    awa = ProfessionalFactory(first_name="Awa")
    ProfessionalFactory(first_name="Bruno")
    assert sorted(listed(viewer, has_capacity="on")) == ["Awa", "Bruno"]

    set_paused(ProfessionalProfile.objects.get(user=awa), True)

    assert listed(viewer, has_capacity="on") == ["Bruno"]


def test_a_renamed_professional_takes_their_new_place_in_the_order(viewer):
    ProfessionalFactory(first_name="Awa", last_name="Martin")
    bruno = ProfessionalFactory(first_name="Bruno", last_name="Petit")
    assert listed(viewer) == ["Awa", "Bruno"]

    bruno.last_name = "Abadie"
    bruno.save()

    assert listed(viewer) == ["Bruno", "Awa"]


def test_a_search_viewed_again_finds_a_professional_whose_job_changed(viewer):
    awa = ProfessionalFactory(first_name="Awa", profile__job_title="Comptable")
    assert listed(viewer, q="boulangere") == []

    profile = awa.pro_profile
    profile.job_title = "Boulangère"
    profile.save()

    assert listed(viewer, q="boulangere") == ["Awa"]
