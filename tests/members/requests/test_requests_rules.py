"""Who needs the counsellor's validation, hosting, capacity and pause, abuse limits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.directory.capacity import month_start, recount
from members.enums import HelpKind, HelpRequestState
from members.models import HelpRequest
from members.requests import services
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N
from tests.members.factories import ProfessionalFactory, YoungPersonFactory, birth_date_for_age

pytestmark = pytest.mark.django_db

S = HelpRequestState
HOPES = "Je voudrais découvrir votre métier et savoir quelle formation choisir."
ALL_KINDS = [kind.value for kind in HelpKind]


@pytest.fixture
def adult(structure):
    structure.requires_validation = False
    structure.save()
    return YoungPersonFactory(structure=structure)


@pytest.fixture
def minor(structure):
    structure.requires_validation = False
    structure.save()
    return YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(17))


def pro(**profile):
    profile.setdefault("help_kinds", ALL_KINDS)
    profile.setdefault("monthly_capacity", 20)
    return ProfessionalFactory(**{f"profile__{k}": v for k, v in profile.items()})


def ask(young, professional, kind=HelpKind.TRADE_ADVICE, submit=True):
    return services.create(young, professional.pro_profile, kind=kind, hopes=HOPES, submit=submit)


def ask_yesterday(young, professional):
    """A request written yesterday: it counts as open, not against today's limit."""
    help_request = ask(young, professional)
    HelpRequest.objects.filter(pk=help_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    return help_request


# Validation by the counsellor ------------------------------------------------------------


def test_an_adults_request_goes_straight_to_the_professional(adult):
    assert ask(adult, pro()).state == S.SENT


def test_a_minors_request_always_waits_for_the_counsellor(minor):
    assert ask(minor, pro()).state == S.AWAITING_COUNSELLOR


def test_in_person_with_a_minor_waits_for_the_counsellor(minor):
    assert ask(minor, pro(), kind=HelpKind.OBSERVATION).state == S.AWAITING_COUNSELLOR


def test_hosting_always_waits_for_the_counsellor(adult):
    professional = pro(verified_in_person=True)
    assert ask(adult, professional, kind=HelpKind.HOSTING).state == S.AWAITING_COUNSELLOR


def test_a_structure_can_ask_to_validate_every_request(adult):
    adult.structure.requires_validation = True
    adult.structure.save()
    assert ask(adult, pro()).state == S.AWAITING_COUNSELLOR


def test_validation_sends_the_request_and_dates_it(minor, counsellor):
    help_request = ask(minor, pro())
    services.transition(help_request.pk, "validate", counsellor)
    help_request.refresh_from_db()
    assert help_request.state == S.SENT
    assert help_request.sent_at is not None


def test_returned_request_goes_back_to_draft_with_the_comment(minor, counsellor):
    help_request = ask(minor, pro())
    services.transition(help_request.pk, "return", counsellor, comment="Ajoute tes dates.")
    help_request.refresh_from_db()
    assert help_request.state == S.DRAFT
    assert help_request.counsellor_comment == "Ajoute tes dates."
    with pytest.raises(services.RequestError):
        services.transition(help_request.pk, "return", counsellor, comment="")


# Hosting ------------------------------------------------------------------------------


def test_hosting_is_refused_to_a_minor(minor):
    with pytest.raises(services.RequestError, match="majeurs"):
        ask(minor, pro(verified_in_person=True), kind=HelpKind.HOSTING)
    assert not HelpRequest.objects.exists()


def test_hosting_is_refused_with_an_unverified_professional(adult):
    with pytest.raises(services.RequestError, match="vérifié"):
        ask(adult, pro(verified_in_person=False), kind=HelpKind.HOSTING)


def test_the_form_offers_only_the_kinds_this_young_person_may_ask(client, minor):
    professional = pro(help_kinds=[HelpKind.HOSTING, HelpKind.CV_REVIEW], verified_in_person=True)
    client.force_login(minor)
    page = client.get(
        reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    )
    assert [value for value, _ in page.context["form"].fields["kind"].choices] == ["cv_review"]


def test_a_kind_the_professional_does_not_offer_is_refused_next_to_the_field(client, adult):
    professional = pro(help_kinds=[HelpKind.CV_REVIEW])
    client.force_login(adult)
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    response = client.post(url, {"kind": "hosting", "hopes": HOPES, "send": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert HOPES in response.content.decode()  # what was typed is kept
    assert not HelpRequest.objects.exists()


# Capacity and pause --------------------------------------------------------------------


def test_a_paused_professional_cannot_receive(adult):
    with pytest.raises(services.RequestError, match="pause"):
        ask(adult, pro(is_paused=True))


def test_a_full_professional_cannot_receive_this_month(adult, structure):
    professional = pro(monthly_capacity=1)
    ask(YoungPersonFactory(structure=structure), professional)
    with pytest.raises(services.RequestError, match="ce mois-ci"):
        ask(adult, professional)


def test_requests_of_last_month_do_not_count(adult, structure):
    professional = pro(monthly_capacity=1)
    earlier = ask(YoungPersonFactory(structure=structure), professional)
    HelpRequest.objects.filter(pk=earlier.pk).update(
        sent_at=month_start() - datetime.timedelta(days=1)
    )
    recount()  # written directly: the monthly counter follows it
    assert ask(adult, professional).state == S.SENT


def test_validation_is_refused_when_the_professional_paused_meanwhile(minor, counsellor):
    professional = pro()
    help_request = ask(minor, professional)
    professional.pro_profile.is_paused = True
    professional.pro_profile.save()
    with pytest.raises(services.RequestError, match="pause"):
        services.transition(help_request.pk, "validate", counsellor)
    help_request.refresh_from_db()
    assert help_request.state == S.AWAITING_COUNSELLOR


def test_submitting_a_draft_to_a_full_professional_is_refused_with_a_message(
    client, adult, structure
):
    professional = pro(monthly_capacity=1)
    draft = ask(adult, professional, submit=False)
    ask(YoungPersonFactory(structure=structure), professional)
    client.force_login(adult)
    response = client.post(TRANSITIONS[N.SUBMIT].url(draft.pk), follow=True)
    assert "ce mois-ci" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


# Abuse limits --------------------------------------------------------------------------


def test_a_fourth_request_in_a_day_is_refused(adult):
    for _ in range(3):
        ask(adult, pro(), submit=False)
    with pytest.raises(services.RequestError, match="aujourd’hui"):
        ask(adult, pro())
    assert HelpRequest.objects.filter(young_person=adult).count() == 3


def test_yesterdays_requests_do_not_count_for_today(adult):
    for _ in range(3):
        ask(adult, pro(), submit=False)
    HelpRequest.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert ask(adult, pro()).state == S.SENT


def test_a_sixth_open_request_is_refused(adult):
    for _ in range(5):
        ask_yesterday(adult, pro())
    with pytest.raises(services.RequestError, match="5 demandes en cours"):
        ask(adult, pro())


def test_closed_requests_do_not_count_as_open(adult):
    for _ in range(5):
        ask_yesterday(adult, pro())
    HelpRequest.objects.update(state=S.DECLINED)
    assert ask(adult, pro()).state == S.SENT


def test_a_second_open_request_to_the_same_professional_is_refused(adult):
    professional = pro()
    ask(adult, professional)
    with pytest.raises(services.RequestError, match="déjà une demande en cours"):
        ask(adult, professional)
    assert HelpRequest.objects.count() == 1


def test_asking_again_after_a_decline_is_allowed(adult):
    professional = pro()
    first = ask(adult, professional)
    services.transition(first.pk, "decline", professional, reason="no_time")
    assert ask(adult, professional).state == S.SENT


def test_the_form_sends_a_young_person_to_their_open_request_with_that_professional(client, adult):
    professional = pro()
    existing = ask(adult, professional)
    client.force_login(adult)
    response = client.get(
        reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    )
    assert response.url == reverse("members:request-detail", kwargs={"pk": existing.pk})


def test_the_limit_is_shown_next_to_the_form_and_keeps_what_was_typed(client, adult):
    for _ in range(3):
        ask(adult, pro(), submit=False)
    professional = pro()
    client.force_login(adult)
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    response = client.post(url, {"kind": "trade_advice", "hopes": HOPES, "send": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "aujourd’hui" in content
    assert HOPES in content


# The guided form ---------------------------------------------------------------------


def test_send_from_the_form(client, adult):
    professional = pro()
    client.force_login(adult)
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    response = client.post(
        url,
        {"kind": "cv_review", "hopes": HOPES, "availability": "Le mardi", "send": "1"},
    )
    help_request = HelpRequest.objects.get()
    assert response.url == reverse("members:request-detail", kwargs={"pk": help_request.pk})
    assert (help_request.state, help_request.kind, help_request.availability) == (
        S.SENT,
        "cv_review",
        "Le mardi",
    )
    assert help_request.structure == adult.structure


def test_save_as_draft_from_the_form(client, adult):
    professional = pro()
    client.force_login(adult)
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    client.post(url, {"kind": "cv_review", "hopes": HOPES, "draft": "1"})
    assert HelpRequest.objects.get().state == S.DRAFT


def test_declined_request_suggests_three_professionals_with_room(client, adult):
    professional = pro()
    help_request = ask(adult, professional)
    services.transition(help_request.pk, "decline", professional, reason="not_my_field")
    roomy = [pro(monthly_capacity=5) for _ in range(3)]
    pro(is_paused=True)
    pro(help_kinds=[HelpKind.CV_REVIEW])
    full = pro(monthly_capacity=1)
    HelpRequest.objects.create(
        young_person=YoungPersonFactory(),
        professional=full,
        kind=HelpKind.TRADE_ADVICE,
        hopes=HOPES,
        state=S.SENT,
        sent_at=timezone.now(),
    )
    recount()  # written directly: the monthly counter follows it
    # Ranked as the suggestions are (members.directory.suggestions), each with why.
    suggested = services.alternatives_for(help_request)
    assert {s.professional_profile.user for s in suggested} == set(roomy)
    assert all(s.reason for s in suggested)
    client.force_login(adult)
    page = client.get(reverse("members:request-detail", kwargs={"pk": help_request.pk}))
    assert "D’autres professionnel·les à qui demander" in page.content.decode()
    assert page.context["suggestions"] == suggested
