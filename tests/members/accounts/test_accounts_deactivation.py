"""A deactivated member is signed out everywhere at once; a reactivation revives nothing."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from members.moderation import services as moderation
from tests.members.factories import YoungPersonFactory

pytestmark = pytest.mark.django_db


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client) -> bool:
    response = client.get(reverse("members:dashboard"))
    return response.status_code == 200


def test_a_counsellor_deactivated_then_reactivated_is_not_signed_in_by_the_old_session(
    client, referent, counsellor, django_capture_on_commit_callbacks
):
    shared_computer = signed_in_client(counsellor)
    assert is_signed_in(shared_computer)
    client.force_login(referent)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:team-member-deactivate", args=[counsellor.pk]))
    counsellor.refresh_from_db()
    assert not counsellor.is_active
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:team-member-reactivate", args=[counsellor.pk]))
    counsellor.refresh_from_db()
    assert counsellor.is_active

    assert not is_signed_in(shared_computer)
    # The referent who did it stays signed in.
    assert is_signed_in(client)


def test_a_member_deactivated_by_a_moderator_loses_every_session_and_only_theirs(
    moderator, django_capture_on_commit_callbacks
):
    member = YoungPersonFactory()
    someone_else = YoungPersonFactory()
    phone, computer = signed_in_client(member), signed_in_client(member)
    other = signed_in_client(someone_else)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.deactivate_member(member, moderator, "Comportement abusif")
    moderation.reactivate_member(member, moderator)

    assert not is_signed_in(phone)
    assert not is_signed_in(computer)
    assert is_signed_in(other)
    assert Session.objects.count() == 1


def test_saving_an_active_member_ends_no_session(django_capture_on_commit_callbacks):
    member = YoungPersonFactory()
    session = signed_in_client(member)

    with django_capture_on_commit_callbacks(execute=True):
        member.first_name = "Inès"
        member.save()

    assert is_signed_in(session)
