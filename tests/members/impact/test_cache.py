"""The impact pages' figures are cached (members.impact.cache) and stay exact: after any
change of what they count, by a save or by a service's UPDATE, the figures read through
the cache are those of a direct count."""

import pytest
from django.utils import timezone

from members.enums import FollowUpOutcome, HelpRequestState, Outcome, ReviewStatus
from members.impact.company import company_figures, shared_quotes
from members.impact.figures import Scope
from members.impact.network import network_report
from members.impact.structure import counsellor_figures, structure_figures
from members.onboarding import invitations
from members.requests import outcomes, services
from members.requests.workflow import TransitionName as N
from tests.members.factories import CounsellorFactory, YoungPersonFactory
from tests.members.impact.conftest import make_request

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
SCOPE = Scope.year(THIS_YEAR)
LAST_YEAR = Scope.year(THIS_YEAR - 1)
NOW = timezone.now


def read(world, through_cache: bool) -> tuple:
    """Every cached figures function of the impact pages, for Saint-Denis and Acme."""
    functions = (structure_figures, counsellor_figures, network_report)
    functions += (company_figures, shared_quotes)
    if not through_cache:
        functions = tuple(function.direct for function in functions)
    structure, counsellors, network, company, quotes = functions
    sid, acme = world["saint_denis"].pk, world["acme"].pk
    return (
        structure(SCOPE, sid),
        counsellors(SCOPE, sid),
        network(SCOPE, LAST_YEAR),
        company(SCOPE, acme),
        quotes(SCOPE, acme),
    )


@pytest.fixture
def sent(world):
    counsellor = CounsellorFactory(structure=world["saint_denis"])
    young = YoungPersonFactory(structure=world["saint_denis"], profile__counsellor=counsellor)
    help_request = make_request(young, world["a1"], HelpRequestState.SENT, sent_at=NOW())
    # a1 answered another one this year: an active professional.
    other = YoungPersonFactory(structure=world["saint_denis"], profile__counsellor=counsellor)
    make_request(other, world["a1"], HelpRequestState.ACCEPTED, sent_at=NOW(), answered_at=NOW())
    return world | {"request": help_request, "young": young, "counsellor": counsellor}


def accept(world):
    services.transition(world["request"].pk, N.ACCEPT, world["a1"])


def accept_then_complete_with_a_shared_feedback(world):
    accept(world)
    services.transition(
        world["request"].pk,
        N.COMPLETE,
        world["young"],
        outcome=Outcome.INTERNSHIP,
        feedback="J’ai trouvé un stage.",
        share_feedback=True,
    )


def the_professional_shares_a_feedback_afterwards(world):
    accept_then_complete_with_a_shared_feedback(world)
    world["request"].refresh_from_db()
    before = read(world, through_cache=True)
    services.add_feedback(world["request"], world["a1"], "Un plaisir.", shared=True)
    assert read(world, through_cache=False) != before


def the_young_person_stops_sharing(world):
    accept_then_complete_with_a_shared_feedback(world)
    world["request"].refresh_from_db()
    before = read(world, through_cache=True)
    assert services.stop_sharing_feedback(world["request"], world["young"])
    assert read(world, through_cache=False) != before


def record_a_three_month_outcome(world):
    help_request = world["request"]
    help_request.state = HelpRequestState.COMPLETED
    help_request.completed_at = help_request.answered_at = NOW()
    help_request.save()
    type(help_request).objects.filter(pk=help_request.pk).update(follow_up_sent_at=NOW())
    help_request.refresh_from_db()
    outcomes.record_follow_up(help_request, world["young"], FollowUpOutcome.JOB)


def invite_a_young_person(world):
    invitations.invite(
        kind="young",
        structure=world["saint_denis"],
        invited_by=world["counsellor"],
        email="nouvelle@example.org",
        first_name="Nour",
        last_name="B.",
        birth_date=timezone.localdate().replace(year=THIS_YEAR - 19),
    )


def suspend_the_professional(world):
    profile = world["a1"].pro_profile
    profile.status = ReviewStatus.REJECTED
    profile.save()


def move_the_structure(world):
    structure = world["saint_denis"]
    structure.postcode, structure.city, structure.departement = "69001", "Lyon", "69"
    structure.save()


@pytest.mark.parametrize(
    "change",
    [
        accept,
        accept_then_complete_with_a_shared_feedback,
        the_professional_shares_a_feedback_afterwards,
        the_young_person_stops_sharing,
        record_a_three_month_outcome,
        invite_a_young_person,
        suspend_the_professional,
        move_the_structure,
    ],
)
def test_figures_read_through_the_cache_equal_a_direct_count_after_a_change(sent, change):
    before = read(sent, through_cache=True)  # now in the cache
    assert read(sent, through_cache=True) == before

    change(sent)

    direct = read(sent, through_cache=False)
    assert direct != before, "the change must change a figure, or it proves nothing"
    assert read(sent, through_cache=True) == direct


def test_a_second_reading_asks_the_database_nothing(sent, django_assert_num_queries):
    read(sent, through_cache=True)
    with django_assert_num_queries(0):
        read(sent, through_cache=True)
