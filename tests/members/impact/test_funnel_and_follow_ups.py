"""The funnel of young people invited in a period, and the three-month outcomes."""

import pytest
from django.utils import timezone

from members.enums import FollowUpOutcome, InvitationKind, Outcome
from members.impact import figures
from members.impact.figures import Scope
from members.models import Invitation
from tests.members.factories import InvitationFactory, YoungPersonFactory
from tests.members.impact.conftest import at, make_request

MARCH = Scope.month(2026, 3)


def invite(structure, email, created_at, *, young=None, accepted=False, kind=None):
    """An invitation first issued at ``created_at``, accepted by ``young`` if given."""
    invitation = InvitationFactory(
        structure=structure,
        email=email,
        kind=kind or InvitationKind.YOUNG_PERSON,
        accepted_at=at(2026, 3, 20) if accepted or young else None,
        accepted_by=young,
    )
    Invitation.objects.filter(pk=invitation.pk).update(created_at=created_at)
    return invitation


def young_person(structure, *, complete=True):
    return YoungPersonFactory(
        structure=structure, profile__completed_at=timezone.now() if complete else None
    )


@pytest.fixture
def invited(world):
    """Ten addresses invited in March (nine by Saint-Denis), each going one stage further."""
    sd, lyon, a1, g = world["saint_denis"], world["lyon"], world["a1"], world["g"]
    invite(sd, "ambre@example.org", at(2026, 3, 1, 0, 0))
    # Invited twice (case aside): one person; her profile is not complete, so the
    # request she sent anyway does not count.
    basile = young_person(sd, complete=False)
    invite(sd, "Basile@example.org", at(2026, 3, 2))
    invite(sd, "basile@example.org", at(2026, 3, 3), young=basile)
    make_request(basile, a1, "declined", sent_at=at(2026, 3, 25))
    invite(sd, "chloe@example.org", at(2026, 3, 4), young=young_person(sd))
    dina = young_person(sd)
    invite(sd, "dina@example.org", at(2026, 3, 5), young=dina)
    make_request(dina, a1, "declined", sent_at=at(2026, 3, 25))
    elie = young_person(sd)
    invite(sd, "elie@example.org", at(2026, 3, 6), young=elie)
    make_request(elie, a1, "accepted", sent_at=at(2026, 3, 25), answered_at=at(2026, 3, 26))
    farah = young_person(sd)
    invite(sd, "farah@example.org", at(2026, 3, 7), young=farah)
    make_request(farah, a1, "completed", sent_at=at(2026, 3, 25), answered_at=at(2026, 3, 26))
    # Gabin's coup de pouce, with a Globex professional, has its news at three months.
    gabin = young_person(sd)
    invite(sd, "gabin@example.org", at(2026, 3, 8), young=gabin)
    make_request(
        gabin,
        g,
        "completed",
        sent_at=at(2026, 3, 25),
        answered_at=at(2026, 3, 26),
        follow_up_sent_at=at(2026, 6, 26),
        follow_up_outcome=Outcome.JOB,
    )
    # Accepted, then the account was erased.
    invite(sd, "hugo@example.org", at(2026, 3, 31, 23, 59), accepted=True)
    # Only an offer made to her: she sent no request.
    jade = young_person(sd)
    invite(sd, "jade@example.org", at(2026, 3, 9), young=jade)
    make_request(
        jade,
        a1,
        "completed",
        offered_by_professional=True,
        sent_at=at(2026, 3, 25),
        answered_at=at(2026, 3, 26),
    )
    # Lyon's, completed.
    ines = young_person(lyon)
    invite(lyon, "ines@example.org", at(2026, 3, 10), young=ines)
    make_request(ines, a1, "completed", sent_at=at(2026, 3, 25), answered_at=at(2026, 3, 26))
    # Not in March's funnel: invited in February, or not as a young person.
    kilian = young_person(sd)
    invite(sd, "kilian@example.org", at(2026, 2, 28, 23, 59), young=kilian)
    make_request(kilian, a1, "completed", sent_at=at(2026, 3, 25), answered_at=at(2026, 3, 26))
    invite(sd, "conseil@example.org", at(2026, 3, 10), kind=InvitationKind.COUNSELLOR)
    return world


def stages(scope, **options):
    return {row.key: row.count.value for row in figures.funnel(scope, **options)}


def test_each_stage_counts_the_young_people_of_the_previous_one_who_went_further(invited):
    assert stages(MARCH) == {
        "invited": 10,
        "account": 9,
        "profile_complete": 7,
        "first_request_sent": 5,
        "first_request_accepted": 4,
        "request_completed": 3,
        "news_at_three_months": 1,
    }
    assert [str(row.label) for row in figures.funnel(MARCH)][0] == "Jeunes invité·es"


def test_the_funnel_follows_the_inviting_structure(invited):
    saint_denis = Scope.month(2026, 3, structures=[invited["saint_denis"].pk])
    assert list(stages(saint_denis).values()) == [9, 8, 6, 4, 3, 2, 1]
    assert list(stages(Scope.month(2026, 3, region="84")).values()) == [1, 1, 1, 1, 1, 1, 0]
    assert list(stages(Scope.month(2026, 2)).values()) == [1, 1, 1, 1, 1, 1, 0]


def test_the_company_narrows_the_request_stages_only(invited):
    globex = Scope.month(2026, 3, company=invited["globex"].pk)
    assert list(stages(globex).values()) == [10, 9, 7, 1, 1, 1, 1]


@pytest.fixture
def news(world):
    """Completed coups de pouce whose young people were asked for news in June 2026."""
    y1, y3, a1, g = world["y1"], world["y3"], world["a1"], world["g"]
    asked = [
        (y1, a1, at(2026, 6, 1, 0, 0), FollowUpOutcome.JOB),
        (y1, g, at(2026, 6, 10), FollowUpOutcome.TRAINING),
        (y3, a1, at(2026, 6, 11), FollowUpOutcome.INTERNSHIP),
        (y3, g, at(2026, 6, 12), FollowUpOutcome.HOUSING),
        (y1, a1, at(2026, 6, 13), FollowUpOutcome.NONE),
        (y1, a1, at(2026, 6, 30, 23, 59), ""),  # asked, no answer yet
        (y1, a1, at(2026, 7, 1, 0, 0), FollowUpOutcome.JOB),  # July
        (y3, a1, at(2026, 5, 31, 23, 59), FollowUpOutcome.JOB),  # May
    ]
    for young, pro, follow_up_sent_at, outcome in asked:
        make_request(
            young,
            pro,
            "completed",
            sent_at=at(2026, 2, 1),
            answered_at=at(2026, 2, 2),
            completed_at=at(2026, 3, 1),
            follow_up_sent_at=follow_up_sent_at,
            follow_up_outcome=outcome,
        )
    return world


def test_three_month_outcomes_are_placed_by_the_day_news_were_asked(news):
    result = figures.follow_ups(Scope.month(2026, 6))
    assert result.asked.value == 6
    assert result.recorded.value == 5
    assert {row.key: row.count.value for row in result.by_outcome} == {
        "job": 1,
        "training": 1,
        "internship": 1,
        "housing": 1,
        "other": 0,
        "none": 1,
    }
    # A job, a training or an internship: 3 of the 5 answers.
    assert result.way_in.value == 0.6
    assert str(result.way_in) == "60\u00a0%"
    assert figures.follow_ups(Scope.quarter(2026, 2)).asked.value == 7


def test_three_month_outcomes_follow_the_filters(news):
    lyon = Scope.month(2026, 6, structures=[news["lyon"].pk])
    assert figures.follow_ups(lyon).recorded.value == 2
    globex = Scope.month(2026, 6, company=news["globex"].pk)
    assert figures.follow_ups(globex).way_in.value == 0.5
