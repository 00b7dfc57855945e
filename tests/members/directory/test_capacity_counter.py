"""A professional's capacity this month, kept as a counter on their profile (members/0010):
counted up when a request is sent, starting again each month, rebuilt from the requests
by the data migration, and read without touching the requests."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.directory import capacity
from members.directory.services import listed_professionals, outdate_results
from members.directory.suggestions import suggest_professionals
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest, ProfessionalProfile
from members.models.profiles import capacity_month_of
from members.requests import services
from tests.members.factories import (
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
    sector,
)

pytestmark = pytest.mark.django_db

S = HelpRequestState
HOPES = "Je voudrais découvrir votre métier et savoir quelle formation choisir."
ALL_KINDS = [kind.value for kind in HelpKind]


@pytest.fixture
def adult(structure):
    structure.requires_validation = False
    structure.save()
    return YoungPersonFactory(structure=structure)


def pro(**profile):
    profile.setdefault("help_kinds", ALL_KINDS)
    profile.setdefault("monthly_capacity", 3)
    return ProfessionalFactory(**{f"profile__{k}": v for k, v in profile.items()})


def ask(young, professional, submit=True):
    return services.create(
        young, professional.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=submit
    )


def counter(professional):
    profile = ProfessionalProfile.objects.get(user=professional)
    return profile.capacity_month, profile.sent_in_month


def last_month():
    return (capacity_month_of() - datetime.timedelta(days=1)).replace(day=1)


def next_month_instant():
    start = capacity.month_start()
    return start + datetime.timedelta(days=32)


# Counting up ------------------------------------------------------------------------------


def test_a_request_sent_directly_counts_one(adult):
    professional = pro()

    ask(adult, professional)

    assert counter(professional) == (capacity_month_of(), 1)
    assert ProfessionalProfile.objects.get(user=professional).sent_this_month() == 1


def test_a_draft_and_a_request_waiting_for_the_counsellor_count_only_once_validated(
    structure, counsellor
):
    minor = YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(17))
    professional = pro()
    draft = ask(minor, professional, submit=False)
    assert counter(professional) == (None, 0)

    services.transition(draft.pk, "submit", minor)
    assert HelpRequest.objects.get(pk=draft.pk).state == S.AWAITING_COUNSELLOR
    assert counter(professional) == (None, 0)

    services.transition(draft.pk, "validate", counsellor)

    assert counter(professional) == (capacity_month_of(), 1)


def test_an_offer_sent_to_an_adult_counts_one(structure):
    structure.requires_validation = False
    structure.save()
    young = YoungPersonFactory(
        structure=structure, profile__is_visible=True, profile__birth_date=birth_date_for_age(20)
    )
    professional = pro()

    offer = services.create_offer(professional, young, HelpKind.TRADE_ADVICE, HOPES)

    assert offer.state == S.SENT
    assert counter(professional) == (capacity_month_of(), 1)


def test_a_refused_send_counts_nothing(adult, structure):
    professional = pro(monthly_capacity=1)
    ask(YoungPersonFactory(structure=structure), professional)

    with pytest.raises(services.RequestError, match="ce mois-ci"):
        ask(adult, professional)

    assert counter(professional) == (capacity_month_of(), 1)
    assert not HelpRequest.objects.filter(young_person=adult).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("decline", {"reason": "not_my_field"}),
        ("withdraw", {}),
        ("expire", {}),
    ],
)
def test_a_request_that_ends_without_help_keeps_its_place_this_month(adult, name, data):
    professional = pro(monthly_capacity=2)
    help_request = ask(adult, professional)
    actor = {"decline": professional, "withdraw": adult, "expire": None}[name]

    services.transition(help_request.pk, name, actor, **data)

    assert counter(professional) == (capacity_month_of(), 1)
    assert listed_professionals().get(user=professional).capacity_left == 1


def test_a_profile_saved_from_an_older_read_keeps_the_count(adult):
    professional = pro()
    profile = ProfessionalProfile.objects.get(user=professional)  # e.g. the profile form
    ask(adult, professional)

    profile.is_paused = True
    profile.save()

    assert counter(professional) == (capacity_month_of(), 1)
    assert ProfessionalProfile.objects.get(user=professional).is_paused


# A new month --------------------------------------------------------------------------------


def test_a_counter_of_last_month_leaves_the_full_capacity(adult):
    professional = pro(monthly_capacity=2)
    ProfessionalProfile.objects.filter(user=professional).update(
        capacity_month=last_month(), sent_in_month=2
    )
    profile = ProfessionalProfile.objects.get(user=professional)

    assert profile.capacity_left_this_month() == 2
    assert listed_professionals().get(pk=profile.pk).capacity_left == 2
    assert services.can_receive_error(profile) == ""

    ask(adult, professional)

    assert counter(professional) == (capacity_month_of(), 1)


def test_next_month_everyone_has_their_full_capacity_again(adult):
    professional = pro(monthly_capacity=2)
    ask(adult, professional)
    ask(YoungPersonFactory(structure=adult.structure), professional)
    profile = ProfessionalProfile.objects.get(user=professional)
    assert profile.capacity_left_this_month() == 0

    later = next_month_instant()

    assert profile.capacity_left_this_month(later) == 2
    assert listed_professionals(later).get(pk=profile.pk).capacity_left == 2
    assert listed_professionals().get(pk=profile.pk).capacity_left == 0


# The data migration ---------------------------------------------------------------------------


def add_request(professional, sent_at, state=S.DECLINED):
    young = YoungPersonFactory()
    return HelpRequest.objects.create(
        young_person=young,
        professional=professional,
        structure=young.structure,
        state=state,
        kind=HelpKind.CV_REVIEW,
        hopes="Relire mon CV.",
        sent_at=sent_at,
    )


def test_the_data_migration_counts_this_months_sent_requests_in_one_update(
    django_assert_num_queries,
):
    busy, quiet, stale = pro(), pro(), pro()
    now = timezone.now()
    for state in (S.SENT, S.DECLINED, S.EXPIRED):
        add_request(busy, now, state)
    add_request(busy, capacity.month_start() - datetime.timedelta(minutes=1))
    add_request(quiet, None, S.DRAFT)
    ProfessionalProfile.objects.filter(user=stale).update(
        capacity_month=last_month(), sent_in_month=7
    )
    migration = importlib.import_module("members.migrations.0010_professional_capacity_counter")

    with django_assert_num_queries(1):
        migration.fill_counters(apps, SimpleNamespace(connection=connection))

    month = capacity_month_of()
    assert counter(busy) == (month, 3)
    assert counter(quiet) == (month, 0)
    assert counter(stale) == (month, 0)


def test_recount_can_be_limited_to_some_profiles():
    first, second = pro(), pro()
    add_request(first, timezone.now())
    add_request(second, timezone.now())

    assert capacity.recount(user=first) == 1

    assert counter(first) == (capacity_month_of(), 1)
    assert counter(second) == (None, 0)


# Reading it costs nothing more --------------------------------------------------------------------


def test_the_listing_reads_no_request():
    sql = str(listed_professionals().query)

    assert "members_helprequest" not in sql
    assert "CASE WHEN" in sql


def test_the_directory_costs_the_same_queries_for_few_or_many_busy_professionals(
    client, young_person
):
    client.force_login(young_person)

    def queries() -> int:
        outdate_results()  # the listing found and counted, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("members:directory"), {"has_capacity": "on"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    for _ in range(2):
        professional = pro(monthly_capacity=5)
        add_request(professional, timezone.now())
    capacity.recount()
    queries()  # the first page view also warms the caches (site, menus)
    few = queries()
    for _ in range(10):
        professional = pro(monthly_capacity=5)
        for _ in range(2):
            add_request(professional, timezone.now())
    capacity.recount()

    assert queries() == few


def test_suggestions_stay_two_queries_with_busy_professionals(django_assert_num_queries):
    young = YoungPersonFactory(
        profile__sector=sector("F"), profile__help_wanted=[HelpKind.CV_REVIEW]
    ).young_profile
    for index in range(6):
        professional = pro(monthly_capacity=2, sectors=[sector("F")], remote=True)
        for _ in range(index % 3):
            add_request(professional, timezone.now())
    capacity.recount()

    # Whom the young person already asked (part of the cache key), then the professionals.
    with django_assert_num_queries(2):
        suggested = suggest_professionals(young)

    # The full ones (two requests this month) are left out.
    assert len(suggested) == 4
