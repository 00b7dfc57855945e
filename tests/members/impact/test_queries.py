"""A fixed number of queries per figure, whatever the data and the filters."""

import pytest

from members.enums import Outcome
from members.impact import figures
from members.impact.figures import Scope
from tests.members.impact.conftest import at, make_request


@pytest.fixture
def requests(world):
    y1, y2, y3, a1, a2, g = (world[k] for k in ("y1", "y2", "y3", "a1", "a2", "g"))
    for young, pro in ((y1, a1), (y1, a2), (y2, g), (y3, a1), (y3, g)):
        make_request(
            young,
            pro,
            "completed",
            sent_at=at(2026, 3, 2),
            answered_at=at(2026, 3, 3),
            completed_at=at(2026, 3, 20),
            outcome=Outcome.JOB,
            follow_up_sent_at=at(2026, 3, 25),
            follow_up_outcome=Outcome.TRAINING,
        )
    return world


@pytest.mark.parametrize(
    "filters",
    [{}, {"structures": "lyon", "region": "84", "structure_kind": "e2c", "company": "acme"}],
)
def test_one_query_a_figure_five_for_them_all(requests, django_assert_num_queries, filters):
    if filters:
        filters = {
            **filters,
            "structures": [requests["lyon"].pk],
            "company": requests["acme"].pk,
        }
    scope = Scope.month(2026, 3, **filters)
    for figure in (
        figures.funnel,
        figures.requests,
        figures.completions,
        figures.professionals,
        figures.follow_ups,
    ):
        with django_assert_num_queries(1):
            figure(scope, protect_small_counts=True)
    with django_assert_num_queries(5):
        result = figures.impact(scope)
    assert result.completions.completed.value == (1 if filters else 5)
