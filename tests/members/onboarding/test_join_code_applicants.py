"""Counsellors confirm or reject the young people who applied with their structure's code."""

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import ModerationAction, ReviewStatus
from members.models import ModerationLog
from tests.members.factories import YoungPersonFactory, birth_date_for_age


@pytest.fixture
def applicant(structure):
    return YoungPersonFactory(
        structure=structure,
        first_name="Sofia",
        last_name="Haddad",
        email="sofia@example.org",
        profile__status=ReviewStatus.PENDING,
        profile__birth_date=birth_date_for_age(17),
    )


@pytest.fixture
def signed_in_counsellor(client, counsellor):
    client.force_login(counsellor)
    return counsellor


def confirm_url(applicant) -> str:
    return reverse("members:applicant-confirm", args=[applicant.young_profile.pk])


def reject_url(applicant) -> str:
    return reverse("members:applicant-reject", args=[applicant.young_profile.pk])


def test_counsellor_sees_the_pending_applicants_of_their_structure(
    client, signed_in_counsellor, applicant, young_person, other_structure
):
    elsewhere = YoungPersonFactory(
        structure=other_structure,
        email="ailleurs@example.org",
        profile__status=ReviewStatus.PENDING,
    )
    response = client.get(reverse("members:applicants"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sofia Haddad" in html and "sofia@example.org" in html
    assert "mineur·e" in html
    # Already approved young people and other structures' applicants are not listed.
    assert young_person.email not in html
    assert elsewhere.email not in html


def test_empty_list_says_so(client, signed_in_counsellor):
    response = client.get(reverse("members:applicants"))
    assert "Aucune inscription en attente" in response.content.decode()


def test_list_queries_do_not_grow_with_the_applicants(
    client, signed_in_counsellor, structure, django_assert_max_num_queries
):
    for n in range(2):
        YoungPersonFactory(
            structure=structure, email=f"a{n}@x.org", profile__status=ReviewStatus.PENDING
        )
    client.get(reverse("members:applicants"))
    for n in range(10):
        YoungPersonFactory(
            structure=structure, email=f"b{n}@x.org", profile__status=ReviewStatus.PENDING
        )
    with django_assert_max_num_queries(12):
        client.get(reverse("members:applicants"))


def test_confirming_approves_and_the_counsellor_follows_them(
    client, signed_in_counsellor, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(applicant))
    assert response.status_code == 302
    profile = applicant.young_profile
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.APPROVED
    assert profile.counsellor == signed_in_counsellor
    assert [message.to for message in mail.outbox] == [["sofia@example.org"]]
    assert "confirmée" in mail.outbox[0].subject
    assert ModerationLog.objects.filter(
        actor=signed_in_counsellor, action=ModerationAction.APPROVE
    ).exists()


def test_rejecting_deactivates_the_account_and_emails_the_reason(
    client, signed_in_counsellor, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reject_url(applicant), {"reason": "Je ne vous connais pas."})
    assert response.status_code == 302
    applicant.refresh_from_db()
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.REJECTED
    assert not applicant.is_active
    assert [message.to for message in mail.outbox] == [["sofia@example.org"]]
    assert "Je ne vous connais pas." in mail.outbox[0].body
    assert ModerationLog.objects.filter(
        action=ModerationAction.REJECT, reason="Je ne vous connais pas."
    ).exists()


def test_rejecting_without_a_reason_works(
    client, signed_in_counsellor, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reject_url(applicant))
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.REJECTED
    assert "Le motif indiqué" not in mail.outbox[0].body


def test_overlong_reason_is_cut_not_a_server_error(client, signed_in_counsellor, applicant):
    response = client.post(reject_url(applicant), {"reason": "x" * 5000})
    assert response.status_code == 302
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.REJECTED


def test_a_decision_taken_twice_gets_a_clear_message(client, signed_in_counsellor, applicant):
    client.post(confirm_url(applicant))
    response = client.post(reject_url(applicant), follow=True)
    assert "déjà été traitée" in response.content.decode()
    applicant.refresh_from_db()
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.APPROVED
    assert applicant.is_active


@pytest.mark.parametrize("action", [confirm_url, reject_url])
def test_counsellor_of_another_structure_gets_404(
    client, other_structure_counsellor, applicant, action
):
    client.force_login(other_structure_counsellor)
    assert client.post(action(applicant)).status_code == 404
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.PENDING


@pytest.mark.parametrize("action", [confirm_url, reject_url])
def test_actions_only_accept_post(client, signed_in_counsellor, applicant, action):
    assert client.get(action(applicant)).status_code == 405


@pytest.mark.parametrize(
    "who", ["young_person", "professional", "referent", "moderator", "outsider"]
)
def test_only_counsellors_see_and_decide(client, request, applicant, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("members:applicants")).status_code == 403
    assert client.post(confirm_url(applicant)).status_code == 403
    assert client.post(reject_url(applicant)).status_code == 403
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.PENDING


def test_anonymous_visitors_are_sent_to_sign_in(client, applicant):
    response = client.get(reverse("members:applicants"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    response = client.post(confirm_url(applicant))
    assert response.status_code == 302
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.status == ReviewStatus.PENDING
