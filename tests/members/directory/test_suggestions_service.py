"""Suggestions for a young person: who is suggested, in which order, and why."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.directory.capacity import recount
from members.directory.suggestions import candidates, suggest_professionals
from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import HelpRequest
from tests.members.factories import (
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
    sector,
)

pytestmark = pytest.mark.django_db


def _young(**profile):
    defaults = {
        "sector": sector("F"),
        "help_wanted": [HelpKind.CV_REVIEW],
        "departement": "93",
    }
    defaults.update(profile)
    return YoungPersonFactory(**{f"profile__{k}": v for k, v in defaults.items()}).young_profile


def _pro(sector_code="F", kinds=(HelpKind.CV_REVIEW,), departements=("93",), remote=False, **kw):
    fields = {
        "profile__help_kinds": list(kinds),
        "profile__departements": list(departements),
        "profile__remote": remote,
        "profile__sectors": [sector(sector_code)],
    }
    fields.update({f"profile__{k}": v for k, v in kw.items()})
    return ProfessionalFactory(**fields).pro_profile


def _send(young, pro, state=HelpRequestState.SENT):
    help_request = HelpRequest.objects.create(
        young_person=young.user,
        professional=pro.user,
        kind=HelpKind.CV_REVIEW,
        hopes="Relire mon CV",
        state=state,
        sent_at=timezone.now(),
    )
    recount()  # written directly: the monthly counters follow it
    return help_request


def _suggested(young, **kwargs):
    return [s.professional_profile for s in suggest_professionals(young, **kwargs)]


def test_a_fitting_professional_is_suggested():
    young = _young()
    pro = _pro()

    assert _suggested(young) == [pro]


def test_paused_professional_is_not_suggested():
    young = _young()
    _pro(is_paused=True)

    assert _suggested(young) == []


def test_professional_full_this_month_is_not_suggested():
    young = _young()
    full = _pro(monthly_capacity=1)
    _send(_young(), full, HelpRequestState.COMPLETED)

    assert _suggested(young) == []


def test_pending_or_inactive_professional_is_not_suggested():
    young = _young()
    _pro(status=ReviewStatus.PENDING)
    inactive = _pro()
    inactive.user.is_active = False
    inactive.user.save()

    assert _suggested(young) == []


def test_professional_with_an_open_request_from_this_young_person_is_not_suggested():
    young = _young()
    asked = _pro(monthly_capacity=5)
    _send(young, asked, HelpRequestState.AWAITING_COUNSELLOR)

    assert _suggested(young) == []
    assert _suggested(_young()) == [asked]


def test_professional_whose_request_was_completed_can_be_suggested_again():
    young = _young()
    pro = _pro(monthly_capacity=5)
    _send(young, pro, HelpRequestState.COMPLETED)

    assert _suggested(young) == [pro]


def test_professional_neither_in_the_departement_nor_remote_is_not_suggested():
    young = _young()
    _pro(departements=["13"], remote=False)

    assert _suggested(young) == []


def test_professional_without_the_sector_or_a_wanted_kind_is_not_suggested():
    young = _young()
    _pro(sector_code="A", kinds=[HelpKind.COMPANY_VISIT])

    assert _suggested(young) == []


def test_same_sector_ranks_before_another_sector():
    young = _young()
    other = _pro(sector_code="A")
    same = _pro(sector_code="F")

    assert _suggested(young) == [same, other]


def test_more_wanted_kinds_offered_rank_first():
    young = _young(help_wanted=[HelpKind.CV_REVIEW, HelpKind.MOCK_INTERVIEW])
    one = _pro(kinds=[HelpKind.CV_REVIEW])
    both = _pro(kinds=[HelpKind.CV_REVIEW, HelpKind.MOCK_INTERVIEW])

    assert _suggested(young) == [both, one]


def test_same_departement_ranks_before_remote_only():
    young = _young()
    remote = _pro(departements=["13"], remote=True)
    local = _pro(departements=["93"], remote=False)

    assert _suggested(young) == [local, remote]


def test_hosting_counts_for_an_adult_with_a_verified_professional_only():
    adult = _young(help_wanted=[HelpKind.HOSTING], sector=sector("A"))
    minor = _young(
        help_wanted=[HelpKind.HOSTING], sector=sector("A"), birth_date=birth_date_for_age(16)
    )
    verified = _pro(kinds=[HelpKind.HOSTING], verified_in_person=True)
    _pro(kinds=[HelpKind.HOSTING], verified_in_person=False)

    assert _suggested(adult) == [verified]
    assert _suggested(minor) == []


def test_reason_line_says_why_in_french():
    young = _young(help_wanted=[HelpKind.CV_REVIEW, HelpKind.TRADE_ADVICE])
    _pro(kinds=[HelpKind.CV_REVIEW], departements=["13"], remote=True)

    (suggestion,) = suggest_professionals(young)

    assert suggestion.reason == (
        "Même secteur que votre projet · propose : relecture de CV ou de lettre · à distance"
    )


def test_reason_line_names_the_departement_when_local():
    young = _young(sector=sector("A"))
    _pro(kinds=[HelpKind.CV_REVIEW])

    (suggestion,) = suggest_professionals(young)

    assert suggestion.reason == "Propose : relecture de CV ou de lettre · dans votre département"


def test_at_most_ten_suggestions():
    young = _young()
    for _ in range(12):
        _pro()

    assert len(suggest_professionals(young)) == 10
    assert len(suggest_professionals(young, limit=3)) == 3


def test_more_capacity_left_ranks_first_among_equals():
    young = _young()
    busy = _pro(monthly_capacity=2)
    _send(_young(), busy)
    free = _pro(monthly_capacity=2)

    assert _suggested(young) == [free, busy]


def test_fewer_recent_requests_rank_first_among_equals():
    young = _young()
    solicited = _pro(monthly_capacity=5)
    request = _send(_young(), solicited, HelpRequestState.COMPLETED)
    # Sent last month: no longer counts against this month's capacity, still recent.
    HelpRequest.objects.filter(pk=request.pk).update(
        sent_at=timezone.now() - timezone.timedelta(days=timezone.localdate().day + 1)
    )
    recount()
    quiet = _pro(monthly_capacity=5)

    assert _suggested(young) == [quiet, solicited]
    # Only the first one asked: the tie on fit and capacity is still settled by recency.
    assert _suggested(young, limit=1) == [quiet]


def test_the_first_ones_are_those_of_the_full_ordering_whatever_the_limit():
    young = _young()
    pros = [_pro(monthly_capacity=capacity) for capacity in (1, 2, 2, 4, 4, 4, 5)]
    _pro(sector_code="A", kinds=(HelpKind.CV_REVIEW,), monthly_capacity=3)
    _send(_young(), pros[-1])  # 4 left, like three others, with one recent request
    _send(_young(), pros[2])
    full = [p.pk for p in candidates(young)]

    for limit in range(1, len(full) + 1):
        assert [p.pk for p in _suggested(young, limit=limit)] == full[:limit]


def test_two_young_people_with_the_same_profile_see_equal_candidates_in_different_orders():
    pros = [_pro() for _ in range(8)]
    orders = {tuple(p.pk for p in _suggested(_young())) for _ in range(4)}

    assert len(orders) > 1
    assert all(sorted(order) == sorted(p.pk for p in pros) for order in orders)


def test_the_order_is_stable_for_one_young_person():
    for _ in range(6):
        _pro()
    young = _young()

    assert _suggested(young) == _suggested(young)


def _queries(young):
    with CaptureQueriesContext(connection) as queries:
        suggest_professionals(young)
    return len(queries)


def test_queries_are_bounded_and_the_same_for_5_and_40_professionals():
    young = _young()
    for _ in range(5):
        _pro()
    few = _queries(young)
    for _ in range(35):
        _pro()
    many = _queries(young)

    assert few == many
    assert many <= 2
