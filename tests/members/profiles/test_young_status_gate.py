"""A young person not confirmed yet by their structure acts on nothing (issue 13, point 1).

Who applies with a structure's join code waits until a counsellor of that structure
confirms them. Until then, every page that shows other members or lets them act refuses
them (403) with a page saying why, whatever the URL or the method, and the request
services refuse them too, so that no caller goes around the pages. Their own profile,
photo, notifications, requests list and data pages stay open. Once confirmed, they may.

The URLs come from the permission matrix (tests/members/test_permission_matrix.py): every
URL a confirmed young person may use, played by a young person still waiting.
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.avatar_access import users_whose_avatar_is_visible_to
from members.directory.suggestions import suggest_professionals
from members.enums import HelpKind, HelpRequestState, ReviewStatus
from members.models import HelpRequest, Notification, User
from members.onboarding import services as onboarding
from members.requests import services
from tests.members import test_permission_matrix as matrix
from tests.members.factories import (
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)
from tests.members.matrix import DENY, DONE, ELSEWHERE, OK

pytestmark = pytest.mark.django_db

HOPES = "Je voudrais découvrir votre métier et savoir quelle formation choisir."
WAITING_PAGE = "Votre inscription n’est pas encore confirmée"
PASSWORD = "Une-phrase-de-passe-longue-2026"

# What a young person needs while they wait: their own profile and photo, their
# notifications, their (empty) requests list, their data, the dashboard that explains.
OPEN_WHILE_WAITING = {
    "dashboard",
    "privacy",
    "data-export",
    "account-delete",
    "join-sent",
    "structure-register",
    "structure-register-done",
    "young-profile",
    "young-profile-edit",
    "young-limited-profile",
    "avatar",
    "requests",
    "notifications",
    "notification-open",
    "notifications-read",
    "notification-preferences",
}
# Every URL a confirmed young person may use (the matrix), minus those.
GATED = sorted(
    name
    for name, rule in matrix.RULES.items()
    if rule.expected("young_person") in (OK, DONE, ELSEWHERE) and name not in OPEN_WHILE_WAITING
)


# The matrix's world (tests/members/conftest.py), with a young person who applied and is
# still waiting.
@pytest.fixture
def young_person(structure):
    """Applied with the join code, address confirmed, not confirmed by a counsellor."""
    return YoungPersonFactory(
        structure=structure, email="jeune@example.org", profile__status=ReviewStatus.PENDING
    )


def url_of(world: dict, name: str) -> str:
    return matrix.RULES[name].url(name, world)


def test_the_list_of_gated_pages_covers_the_network():
    for name in ("directory", "professional", "request-create", "request-transition:submit"):
        assert name in GATED
    assert {"request-message", "member-report"} <= set(GATED)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", GATED)
def test_a_waiting_young_person_is_refused_with_a_page_saying_why(
    client, world, young_person, name, method
):
    client.force_login(young_person)
    url = url_of(world, name)
    states = dict(HelpRequest.objects.values_list("pk", "state"))
    response = getattr(client, method)(
        url, {"kind": HelpKind.TRADE_ADVICE, "hopes": HOPES, "send": "1", "body": "Bonjour"}
    )
    assert response.status_code == 403, f"{method} {name}: {response.status_code}"
    assert WAITING_PAGE in response.content.decode()
    # Nothing was written or moved.
    assert dict(HelpRequest.objects.values_list("pk", "state")) == states


@pytest.mark.parametrize("name", sorted(OPEN_WHILE_WAITING))
def test_a_waiting_young_person_keeps_their_own_pages(client, world, young_person, name):
    rule = matrix.RULES[name]
    client.force_login(young_person)
    response = getattr(client, rule.method)(url_of(world, name))
    expected = rule.expected("young_person")
    assert response.status_code != 403 or expected == DENY, name
    assert response.status_code < 500


def test_the_waiting_dashboard_says_the_counsellor_confirms_first(client, young_person):
    client.force_login(young_person)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "va confirmer votre inscription" in html
    assert reverse("members:directory") not in html.split("members-main", 1)[1]


def test_the_menu_offers_the_directory_only_once_confirmed(client, young_person, counsellor):
    directory = f'href="{reverse("members:directory")}"'
    client.force_login(young_person)
    for name in ("members:dashboard", "members:young-profile", "members:notifications"):
        assert directory not in client.get(reverse(name)).content.decode(), name
    onboarding.confirm_applicant(young_person.young_profile.pk, counsellor)
    assert directory in client.get(reverse("members:dashboard")).content.decode()


def test_once_confirmed_the_same_young_person_may(client, young_person, counsellor):
    onboarding.confirm_applicant(young_person.young_profile.pk, counsellor)
    professional = ProfessionalFactory()
    client.force_login(young_person)
    assert client.get(reverse("members:directory")).status_code == 200
    url = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    assert client.get(url).status_code == 200
    client.post(url, {"kind": HelpKind.TRADE_ADVICE, "hopes": HOPES, "send": "1"})
    assert HelpRequest.objects.get().young_person == young_person


def test_the_whole_join_code_path_leads_to_a_refusal_until_confirmed(
    client, structure, counsellor, django_capture_on_commit_callbacks
):
    """The issue's path: join with the code, confirm the address, sign in, open the
    directory and ask: refused; the counsellor confirms: allowed."""
    structure.refresh_from_db()
    structure.requires_validation = False
    structure.save()
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:join"),
            {
                "join_code": structure.join_code,
                "first_name": "Sofia",
                "last_name": "Haddad",
                "email": "sofia@example.org",
                "birth_date": "2006-01-15",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "accept_terms": "on",
            },
        )
    to_applicant = next(m for m in mail.outbox if m.to == ["sofia@example.org"])
    link = re.search(r"https?://\S+/compte/confirm-email/\S+", to_applicant.body).group(0)
    client.post(urlsplit(link).path)
    assert EmailAddress.objects.get(email="sofia@example.org").verified
    client.post(reverse("account_login"), {"login": "sofia@example.org", "password": PASSWORD})

    directory = client.get(reverse("members:directory"))
    assert directory.status_code == 403
    assert WAITING_PAGE in directory.content.decode()
    ask = reverse("members:request-create", kwargs={"professional_pk": professional.pro_profile.pk})
    response = client.post(ask, {"kind": HelpKind.TRADE_ADVICE, "hopes": HOPES, "send": "1"})
    assert response.status_code == 403
    assert not HelpRequest.objects.exists()
    assert not Notification.objects.filter(recipient=professional).exists()

    young = User.objects.get(email="sofia@example.org")
    onboarding.confirm_applicant(young.young_profile.pk, counsellor)
    assert client.get(reverse("members:directory")).status_code == 200


# The services: no caller goes around the pages ------------------------------------------


@pytest.fixture
def no_validation(structure):
    structure.requires_validation = False
    structure.save()
    return structure


def test_the_service_refuses_a_request_from_a_waiting_young_person(young_person, no_validation):
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    with pytest.raises(services.RequestError, match="confirmer votre inscription"):
        services.create(
            young_person,
            professional.pro_profile,
            kind=HelpKind.TRADE_ADVICE,
            hopes=HOPES,
            submit=True,
        )
    assert not HelpRequest.objects.exists()


def test_without_validation_a_waiting_young_persons_draft_never_reaches_the_professional(
    young_person, no_validation
):
    """A draft written for them (an old one, an admin, a script) cannot be sent either."""
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    draft = HelpRequestFactory(
        young_person=young_person, professional=professional, state=HelpRequestState.DRAFT
    )
    with pytest.raises(services.RequestError):
        services.transition(draft.pk, "submit", young_person)
    with pytest.raises(services.RequestError):
        services.edit_draft(
            draft, young_person, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=True
        )
    assert HelpRequest.objects.get(pk=draft.pk).state == HelpRequestState.DRAFT
    assert not Notification.objects.filter(recipient=professional).exists()


def test_a_counsellor_cannot_send_on_the_request_of_a_young_person_not_confirmed(
    young_person, counsellor
):
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    waiting = HelpRequestFactory(
        young_person=young_person,
        professional=professional,
        state=HelpRequestState.AWAITING_COUNSELLOR,
    )
    with pytest.raises(services.RequestError):
        services.transition(waiting.pk, "validate", counsellor)
    assert HelpRequest.objects.get(pk=waiting.pk).state == HelpRequestState.AWAITING_COUNSELLOR


def test_a_waiting_young_person_gets_no_suggestion_and_no_professionals_photo(young_person):
    from django.core.files.base import ContentFile

    professional = ProfessionalFactory(profile__help_kinds=young_person.young_profile.help_wanted)
    professional.avatar.save("avatar.webp", ContentFile(b"RIFF-photo"))
    young_person.avatar.save("avatar.webp", ContentFile(b"RIFF-photo"))
    assert suggest_professionals(young_person.young_profile) == []
    assert list(users_whose_avatar_is_visible_to(young_person)) == [young_person]
    # Their counsellor still sees suggestions for them.
    assert suggest_professionals(young_person.young_profile, for_counsellor=True)


def test_a_confirmed_young_person_is_not_held_back_by_the_rule(no_validation):
    young = YoungPersonFactory(structure=no_validation)
    professional = ProfessionalFactory(profile__monthly_capacity=20)
    help_request = services.create(
        young, professional.pro_profile, kind=HelpKind.TRADE_ADVICE, hopes=HOPES, submit=True
    )
    assert help_request.state == HelpRequestState.SENT
