"""Requests by state and kind, answers and their delay, declines, expiries, completions,
active professionals: each definition, the period's limits and every filter."""

import pytest

from members.enums import DeclineReason, HelpKind, Outcome
from members.impact import figures
from members.impact.figures import Scope
from tests.members.impact.conftest import at, make_request

MARCH = Scope.month(2026, 3)


@pytest.fixture
def march(world):
    """Requests around March 2026 (the comments give what places them, or not, in it)."""
    w = world
    y1, y2, y3, a1, a2, g = w["y1"], w["y2"], w["y3"], w["a1"], w["a2"], w["g"]
    # Sent in March (8), answered 10 h later, completed in March: a job.
    make_request(
        y1,
        a1,
        "completed",
        kind=HelpKind.TRADE_ADVICE,
        sent_at=at(2026, 3, 2, 10),
        answered_at=at(2026, 3, 2, 20),
        completed_at=at(2026, 3, 10),
        outcome=Outcome.JOB,
    )
    # Declined after 72 h.
    make_request(
        y1,
        g,
        "declined",
        kind=HelpKind.CV_REVIEW,
        sent_at=at(2026, 3, 5, 9),
        answered_at=at(2026, 3, 8, 9),
        decline_reason=DeclineReason.NOT_MY_FIELD,
    )
    make_request(y2, a2, "expired", kind=HelpKind.CV_REVIEW, sent_at=at(2026, 3, 10))
    # Sent on the last evening, accepted in April 36.5 h later.
    make_request(
        y2,
        a1,
        "accepted",
        kind=HelpKind.MOCK_INTERVIEW,
        sent_at=at(2026, 3, 31, 23, 30),
        answered_at=at(2026, 4, 2, 12),
    )
    # Lyon: accepted after 2 h.
    make_request(
        y3,
        g,
        "accepted",
        kind=HelpKind.TRADE_ADVICE,
        sent_at=at(2026, 3, 15, 8),
        answered_at=at(2026, 3, 15, 10),
    )
    # An offer: a young person answers it, not a professional.
    make_request(
        y3,
        a2,
        "accepted",
        kind=HelpKind.COMPANY_VISIT,
        offered_by_professional=True,
        sent_at=at(2026, 3, 20),
        answered_at=at(2026, 3, 21),
    )
    # Withdrawn before any answer: in neither side of the response rate.
    make_request(y1, a1, "withdrawn", kind=HelpKind.INTRODUCTION, sent_at=at(2026, 3, 12))
    # Answered after 4 h by a professional still pending approval.
    make_request(
        y3,
        w["pending"],
        "accepted",
        kind=HelpKind.OTHER,
        sent_at=at(2026, 3, 4, 10),
        answered_at=at(2026, 3, 4, 14),
    )
    # Out of March by their sending date.
    make_request(
        y1,
        a2,
        "declined",
        sent_at=at(2026, 2, 28, 23, 30),
        answered_at=at(2026, 3, 1, 0, 30),
        decline_reason=DeclineReason.NO_TIME,
    )
    make_request(y2, g, "sent", sent_at=at(2026, 4, 1, 0, 0))
    make_request(y2, a2, "draft")
    # Sent in February, completed on March's last second: a training.
    make_request(
        y3,
        a1,
        "completed",
        sent_at=at(2026, 2, 10),
        answered_at=at(2026, 2, 11),
        completed_at=at(2026, 3, 31, 23, 59, 59),
        outcome=Outcome.TRAINING,
    )
    # Completed on April's first second: out.
    make_request(
        y1,
        g,
        "completed",
        sent_at=at(2026, 3, 1, 0, 0),
        answered_at=at(2026, 3, 1, 1),
        completed_at=at(2026, 4, 1, 0, 0),
        outcome=Outcome.JOB,
        kind=HelpKind.OBSERVATION,
    )
    return world


def test_requests_are_counted_by_their_sending_date_and_state_today(march):
    result = figures.requests(MARCH)
    assert result.sent.value == 9
    by_state = {row.key: row.count.value for row in result.by_state}
    assert by_state == {
        "sent": 0,
        "accepted": 4,
        "completed": 2,
        "declined": 1,
        "expired": 1,
        "withdrawn": 1,
        "closed": 0,
    }
    assert result.by_state["completed"].value == 2
    assert sum(by_state.values()) == result.sent.value


def test_requests_by_kind_list_every_kind(march):
    by_kind = {row.key: row.count.value for row in figures.requests(MARCH).by_kind}
    assert by_kind == {
        "trade_advice": 2,
        "cv_review": 2,
        "mock_interview": 1,
        "observation": 1,
        "introduction": 1,
        "company_visit": 1,
        "hosting": 0,
        "other": 1,
    }


def test_response_rate_counts_answers_among_answered_or_expired_offers_aside(march):
    result = figures.requests(MARCH)
    # Answered: the 6 requests written by young people and accepted or declined (the one
    # accepted in April included); unanswered: the expired one.
    assert result.answered.value == 6
    assert result.expired.value == 1
    assert result.response_rate.value == pytest.approx(6 / 7)
    assert str(result.response_rate) == "86\u00a0%"


def test_response_time_is_the_mean_in_hours_with_48_hour_and_7_day_shares(march):
    result = figures.requests(MARCH)
    # 10 + 72 + 36.5 + 2 + 4 + 1 hours over 6 answers.
    assert result.mean_response_hours.value == pytest.approx(125.5 / 6)
    assert str(result.mean_response_hours) == "20,9"
    assert result.answered_within["within_48_hours"].value == pytest.approx(5 / 6)
    assert result.answered_within["within_7_days"].value == 1


def test_declines_by_reason(march):
    result = figures.requests(MARCH)
    assert result.declined.value == 1
    assert {row.key: row.count.value for row in result.declines_by_reason} == {
        "not_my_field": 1,
        "no_time": 0,
        "already_helped": 0,
        "other": 0,
    }
    # The one declined on 1 March was sent in February.
    february = figures.requests(Scope.month(2026, 2))
    assert february.declines_by_reason["no_time"].value == 1


def test_completions_are_counted_by_their_completion_date(march):
    result = figures.completions(MARCH)
    assert result.completed.value == 2
    assert result.by_outcome["job"].value == 1
    assert result.by_outcome["training"].value == 1
    assert [row.key for row in result.by_outcome] == list(Outcome.values)
    assert figures.completions(Scope.month(2026, 4)).completed.value == 1


def test_active_professionals_answered_in_the_period_and_are_approved(march):
    result = figures.professionals(MARCH)
    # a1 (accepted), g (declined, accepted, accepted), a2 (declined on 1 March a request
    # of February); the pending professional and the offer do not count; a1's answer
    # in April neither.
    assert result.active.value == 3
    assert result.accepted.value == 3
    assert result.load.value == 1
    assert str(result.load) == "1,0"


def test_sending_dates_on_the_period_limits(world):
    y1, a1 = world["y1"], world["a1"]
    for sent_at in (
        at(2026, 2, 28, 23, 59, 59),  # out
        at(2026, 3, 1, 0, 0),  # in
        at(2026, 3, 31, 23, 59, 59),  # in
        at(2026, 4, 1, 0, 0),  # out
    ):
        make_request(y1, a1, "expired", sent_at=sent_at)
    assert figures.requests(MARCH).sent.value == 2
    assert figures.requests(Scope.quarter(2026, 1)).sent.value == 3
    assert figures.requests(Scope.year(2026)).sent.value == 4
    assert figures.requests(Scope.between(MARCH.start, MARCH.start)).sent.value == 1


@pytest.mark.parametrize(
    ("filters", "sent", "completed", "active"),
    [
        ({}, 9, 2, 3),
        ({"structures": "saint_denis"}, 6, 1, 3),
        ({"structures": "lyon"}, 3, 1, 1),
        ({"structures": "both"}, 9, 2, 3),
        ({"departements": ("69",)}, 3, 1, 1),
        ({"departements": ("93", "69")}, 9, 2, 3),
        ({"departements": ("75",)}, 0, 0, 0),
        ({"region": "11"}, 6, 1, 3),
        ({"region": "84"}, 3, 1, 1),
        ({"structure_kind": "e2c"}, 3, 1, 1),
        ({"structure_kind": "mission_locale"}, 6, 1, 3),
        ({"company": "acme"}, 6, 2, 2),
        ({"company": "globex"}, 3, 0, 1),
        ({"company": "globex", "region": "84"}, 1, 0, 1),
    ],
)
def test_each_filter_narrows_every_figure(march, filters, sent, completed, active):
    filters = dict(filters)
    if filters.get("structures") == "both":
        filters["structures"] = [march["saint_denis"].pk, march["lyon"].pk]
    elif "structures" in filters:
        filters["structures"] = [march[filters["structures"]].pk]
    if "company" in filters:
        filters["company"] = march[filters["company"]].pk
    scope = Scope.month(2026, 3, **filters)
    assert figures.requests(scope).sent.value == sent
    assert figures.completions(scope).completed.value == completed
    assert figures.professionals(scope).active.value == active
