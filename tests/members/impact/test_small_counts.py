"""The small-count rule, opt-in: under 5 (and what is computed from it) is "moins de 5"."""

import pytest
from django.utils import translation

from members.enums import DeclineReason
from members.impact import figures
from members.impact.figures import Average, Figure, Scope, Share, average, count, share
from tests.members.impact.conftest import at, make_request


def test_four_is_hidden_five_is_shown():
    assert count(4, protect_small_counts=True) == Figure(None, hidden=True)
    assert count(5, protect_small_counts=True) == Figure(5)
    # Zero too: beside hidden cells, a 0 would tell that each of them holds someone.
    assert count(0, protect_small_counts=True).hidden


def test_the_rule_is_opt_in():
    assert count(1) == Figure(1)
    assert share(1, 3) == Share(1 / 3)
    assert average(4, 2) == Average(2)


def test_a_share_is_hidden_when_its_numerator_or_denominator_is():
    assert share(4, 10, protect_small_counts=True).hidden
    assert share(5, 4, protect_small_counts=True).hidden
    assert share(5, 10, protect_small_counts=True) == Share(0.5)
    assert average(12, 4, protect_small_counts=True).hidden
    assert average(12, 6, protect_small_counts=True) == Average(2)


def test_hidden_values_print_fewer_than_5_and_carry_no_number():
    with translation.override("fr"):
        for hidden in (Figure(None, True), Share(None, True), Average(None, True)):
            assert str(hidden) == "moins de 5"
            assert hidden.value is None
        assert str(Figure(12345)) == "12\u00a0345"
        assert str(Share(0.5)) == "50\u00a0%"
        assert str(Share(None)) == "–"


@pytest.fixture
def small(world):
    """Saint-Denis: 6 requests sent in March, 5 answered; Lyon: 1."""
    y1, y2, y3, a1, a2, g = (world[k] for k in ("y1", "y2", "y3", "a1", "a2", "g"))
    sent, answered = at(2026, 3, 10, 9), at(2026, 3, 10, 10)
    for young, pro in ((y1, a1), (y1, a2), (y1, g), (y2, a1)):
        make_request(young, pro, "accepted", sent_at=sent, answered_at=answered)
    make_request(
        y2,
        g,
        "declined",
        sent_at=sent,
        answered_at=answered,
        decline_reason=DeclineReason.NO_TIME,
    )
    make_request(y2, a2, "expired", sent_at=sent)
    make_request(y3, a1, "accepted", sent_at=sent, answered_at=answered)
    return world


def test_protected_figures_of_a_structure(small):
    scope = Scope.month(2026, 3, structures=[small["saint_denis"].pk])
    result = figures.requests(scope, protect_small_counts=True)
    assert result.sent == Figure(6)
    assert result.answered == Figure(5)
    assert result.by_state["accepted"].hidden
    assert result.by_state["closed"].hidden
    assert result.expired.hidden
    assert result.declines_by_reason["no_time"].hidden
    # 5 answered among 6: both shown, so is the share and the mean delay.
    assert result.response_rate.value == pytest.approx(5 / 6)
    assert result.mean_response_hours.value == pytest.approx(1)
    assert result.answered_within["within_48_hours"].value == 1
    professionals = figures.professionals(scope, protect_small_counts=True)
    assert professionals.active.hidden
    assert professionals.accepted.hidden
    assert professionals.load.hidden


def test_a_structure_with_one_request_shows_nothing_but_fewer_than_5(small):
    scope = Scope.month(2026, 3, structures=[small["lyon"].pk])
    result = figures.requests(scope, protect_small_counts=True)
    assert result.sent.hidden
    assert result.response_rate.hidden
    assert result.mean_response_hours.hidden
    assert all(share.hidden for share in result.answered_within.values())
    assert all(row.count.hidden for row in result.by_kind)
    everything = figures.impact(scope, protect_small_counts=True)
    assert all(row.count.hidden for row in everything.funnel)
    assert everything.follow_ups.way_in.hidden
    assert everything.completions.completed.hidden
    # The same figures, for readers who may see the people behind them.
    assert figures.requests(scope).sent == Figure(1)
    assert figures.requests(scope).response_rate == Share(1)
