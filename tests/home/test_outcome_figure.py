"""The home page's three-month outcome: a share, hidden under 5, exact after each answer."""

import datetime

import pytest
from django.utils import timezone

from home import figures
from members.enums import FollowUpOutcome
from members.requests.outcomes import record_follow_up
from tests.members.factories import HelpRequestFactory, ProfessionalFactory, YoungPersonFactory

KEY = "way_in_at_three_months"


@pytest.fixture
def pair(db):
    return YoungPersonFactory(), ProfessionalFactory()


def followed_up(pair, outcome="", *, asked=True):
    """A completed coup de pouce, its young person asked for news (unless told), with
    ``outcome`` recorded ("" for none yet)."""
    young, professional = pair
    now = timezone.now()
    return HelpRequestFactory(
        young_person=young,
        professional=professional,
        state="completed",
        completed_at=now - datetime.timedelta(days=95),
        follow_up_sent_at=now - datetime.timedelta(days=2) if asked else None,
        follow_up_outcome=outcome,
    )


def the_figure(response):
    (figure,) = [f for f in response.context["figures"] if f["key"] == KEY]
    return figure


def test_the_share_of_recorded_outcomes_that_are_a_way_in(client, home_page, pair):
    for outcome in (
        FollowUpOutcome.JOB,
        FollowUpOutcome.JOB,
        FollowUpOutcome.TRAINING,
        FollowUpOutcome.INTERNSHIP,
    ):
        followed_up(pair, outcome)
    followed_up(pair, FollowUpOutcome.INTERNSHIP)
    for outcome in (
        FollowUpOutcome.OTHER,
        FollowUpOutcome.OTHER,
        FollowUpOutcome.HOUSING,
        FollowUpOutcome.NONE,
    ):
        followed_up(pair, outcome)
    followed_up(pair, FollowUpOutcome.HOUSING)
    # Neither asked nor answered yet, or asked and not answered: not in the share.
    followed_up(pair, asked=False)
    followed_up(pair)

    response = client.get("/fr/")

    figure = the_figure(response)
    assert figure["value"].percent == 50 and not figure["hidden"]
    html = response.content.decode()
    # A no-break space before "%", as French typography wants.
    assert '<span class="figure-value">50\u00a0%</span>' in html
    assert (
        "des coups de pouce suivis à trois mois ont mené à un emploi, une formation ou un stage"
        in html
    )
    assert "figure-hidden" not in html


def test_under_five_outcomes_the_share_is_hidden(client, home_page, pair):
    for _ in range(4):
        followed_up(pair, FollowUpOutcome.JOB)

    response = client.get("/fr/")

    figure = the_figure(response)
    assert figure["hidden"] and figure["value"].value is None
    html = response.content.decode()
    assert "100\u00a0%" not in html
    assert '<span class="figure-value">moins de 5</span>' in html
    # Read together: "moins de 5 coups de pouce suivis à trois mois ont mené à …".
    assert (
        '<span class="figure-label">coups de pouce suivis à trois mois ont mené à un emploi' in html
    )
    assert "figure-hidden" in html


def test_under_five_ways_in_the_share_is_hidden_too(pair, locales):
    for _ in range(4):
        followed_up(pair, FollowUpOutcome.JOB)
    for _ in range(6):
        followed_up(pair, FollowUpOutcome.OTHER)

    assert figures.compute_counts(locales["fr"].pk)[KEY].hidden


def test_five_outcomes_are_shown(pair, locales):
    for _ in range(5):
        followed_up(pair, FollowUpOutcome.TRAINING)

    share = figures.compute_counts(locales["fr"].pk)[KEY]

    assert not share.hidden and share.percent == 100


def test_an_outcome_recorded_shows_at_once(
    client, home_page, pair, django_capture_on_commit_callbacks
):
    for outcome in (FollowUpOutcome.JOB,) * 5 + (FollowUpOutcome.OTHER,) * 4:
        followed_up(pair, outcome)
    pending = followed_up(pair)
    assert the_figure(client.get("/fr/"))["value"].percent == 56  # 5 of 9

    with django_capture_on_commit_callbacks(execute=True):
        record_follow_up(pending, pending.young_person, FollowUpOutcome.TRAINING)

    assert the_figure(client.get("/fr/"))["value"].percent == 60  # 6 of 10


def test_the_figure_in_english(client, english_home_page, pair):
    for _ in range(5):
        followed_up(pair, FollowUpOutcome.JOB)

    html = client.get("/en/").content.decode()

    assert '<span class="figure-value">100' in html
    assert (
        "of the boosts followed up at three months led to a job, a training course or "
        "an internship" in html
    )
