"""Counsellors and referents follow the young people of their own structure."""

import pytest
from django.urls import reverse

from members.enums import ModerationAction, ReviewStatus
from members.models import ModerationLog, YoungPersonProfile
from tests.members.factories import YoungPersonFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


def test_counsellor_lists_the_young_people_of_their_structure(
    client, counsellor, young_person, other_structure
):
    stranger = YoungPersonFactory(structure=other_structure, last_name="Ailleurs")
    minor = YoungPersonFactory(
        structure=counsellor.structure,
        last_name="Jeunot",
        profile__birth_date=birth_date_for_age(16),
        profile__status=ReviewStatus.PENDING,
        profile__project="",
    )
    client.force_login(counsellor)

    response = client.get(reverse("members:young-people"))

    assert response.status_code == 200
    content = response.content.decode()
    assert young_person.get_full_name() in content
    assert minor.get_full_name() in content
    assert stranger.get_full_name() not in content
    assert "Mineur·e" in content
    assert "En attente" in content
    assert "À compléter" in content
    assert "Complet" in content


def test_referent_lists_the_young_people_of_their_structure(client, referent, young_person):
    client.force_login(referent)

    response = client.get(reverse("members:young-people"))

    assert young_person.get_full_name() in response.content.decode()


def test_young_people_list_shows_visibility_in_words(client, counsellor, young_person):
    YoungPersonProfile.objects.filter(user=young_person).update(
        is_visible=False, visibility_locked=True
    )
    client.force_login(counsellor)

    response = client.get(reverse("members:young-people"))

    assert "Masqué et bloqué" in response.content.decode()


def test_young_people_list_queries_do_not_grow_with_the_list(
    client, counsellor, django_assert_max_num_queries
):
    def make_young_people(count):
        for _ in range(count):
            YoungPersonFactory(structure=counsellor.structure, profile__counsellor=counsellor)

    client.force_login(counsellor)
    client.get(reverse("members:young-people"))  # session and second factor remembered
    make_young_people(3)
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("members:young-people"))

    make_young_people(27)
    with django_assert_max_num_queries(6) as large:
        response = client.get(reverse("members:young-people"))

    assert len(response.context["page_obj"].object_list) == 30
    assert len(large.captured_queries) == len(small.captured_queries)
    assert not [q for q in large.captured_queries if "auth_permission" in q["sql"]]


def test_counsellor_sees_the_full_profile_with_contact_details(client, counsellor, young_person):
    young_person.phone = "06 12 34 56 78"
    young_person.save()
    client.force_login(counsellor)

    response = client.get(
        reverse("members:young-person", kwargs={"pk": young_person.young_profile.pk})
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert young_person.last_name in content
    assert young_person.email in content
    assert "06 12 34 56 78" in content
    assert young_person.young_profile.availability in content


def test_referent_sees_the_full_profile_read_only(client, referent, young_person):
    client.force_login(referent)

    response = client.get(
        reverse("members:young-person", kwargs={"pk": young_person.young_profile.pk})
    )

    content = response.content.decode()
    assert young_person.email in content
    assert (
        reverse("members:young-visibility", kwargs={"pk": young_person.young_profile.pk})
        not in content
    )


def test_moderator_sees_any_full_profile(client, moderator, young_person):
    client.force_login(moderator)

    response = client.get(
        reverse("members:young-person", kwargs={"pk": young_person.young_profile.pk})
    )

    assert young_person.email in response.content.decode()


def test_counsellor_of_another_structure_gets_404(client, other_structure_counsellor, young_person):
    client.force_login(other_structure_counsellor)
    pk = young_person.young_profile.pk

    assert client.get(reverse("members:young-person", kwargs={"pk": pk})).status_code == 404
    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": pk}),
        {"action": "hide", "reason": "Essai"},
    )
    assert response.status_code == 404
    assert young_person.young_profile.__class__.objects.get(pk=pk).visibility_locked is False


@pytest.mark.parametrize("fixture", ["young_person", "professional", "outsider"])
def test_other_roles_cannot_open_the_counsellor_pages(client, request, fixture, young_person):
    client.force_login(request.getfixturevalue(fixture))
    pk = young_person.young_profile.pk

    assert client.get(reverse("members:young-people")).status_code == 403
    assert client.get(reverse("members:young-person", kwargs={"pk": pk})).status_code == 403
    visibility = reverse("members:young-visibility", kwargs={"pk": pk})
    assert client.post(visibility, {"action": "hide", "reason": "x"}).status_code == 403


def visible(young_person) -> YoungPersonProfile:
    YoungPersonProfile.objects.filter(user=young_person).update(is_visible=True)
    return YoungPersonProfile.objects.get(user=young_person)


def test_counsellor_hides_a_profile_and_locks_it(client, counsellor, young_person):
    profile = visible(young_person)
    client.force_login(counsellor)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "hide", "reason": "Coordonnées dans les compétences"},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.is_visible, profile.visibility_locked) == (False, True)
    log = ModerationLog.objects.get()
    assert log.actor == counsellor
    assert log.action == ModerationAction.HIDE_PROFILE
    assert log.object_id == str(profile.pk)
    assert log.reason == "Coordonnées dans les compétences"


def test_hiding_needs_a_reason_and_nothing_changes_without_one(client, counsellor, young_person):
    profile = visible(young_person)
    client.force_login(counsellor)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "hide", "reason": "  "},
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    profile.refresh_from_db()
    assert profile.is_visible is True
    assert not ModerationLog.objects.exists()


def test_counsellor_lifts_the_lock_and_the_profile_stays_hidden(client, counsellor, young_person):
    YoungPersonProfile.objects.filter(user=young_person).update(
        is_visible=False, visibility_locked=True
    )
    profile = YoungPersonProfile.objects.get(user=young_person)
    client.force_login(counsellor)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "lift", "reason": "On en a parlé"},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.is_visible, profile.visibility_locked) == (False, False)
    log = ModerationLog.objects.get()
    assert log.actor == counsellor
    assert "On en a parlé" in log.reason


def test_young_person_can_show_their_profile_again_once_the_lock_is_lifted(
    client, counsellor, young_person
):
    profile = visible(young_person)
    client.force_login(counsellor)
    url = reverse("members:young-visibility", kwargs={"pk": profile.pk})
    client.post(url, {"action": "hide", "reason": "Photo inadaptée"})
    client.post(url, {"action": "lift", "reason": ""})

    client.force_login(young_person)
    client.post(
        reverse("members:young-profile-edit"),
        {
            "first_name": young_person.first_name,
            "last_name": young_person.last_name,
            "language": "fr",
            "project": profile.project,
            "is_visible": "on",
        },
    )

    profile.refresh_from_db()
    assert profile.is_visible is True


def test_referent_cannot_change_visibility(client, referent, young_person):
    profile = visible(young_person)
    client.force_login(referent)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "hide", "reason": "Essai"},
    )

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.is_visible is True


def test_moderator_can_hide_a_profile(client, moderator, young_person):
    profile = visible(young_person)
    client.force_login(moderator)

    client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "hide", "reason": "Signalement"},
    )

    profile.refresh_from_db()
    assert profile.visibility_locked is True


def test_visibility_only_accepts_post(client, counsellor, young_person):
    client.force_login(counsellor)

    response = client.get(
        reverse("members:young-visibility", kwargs={"pk": young_person.young_profile.pk})
    )

    assert response.status_code == 405


def test_unknown_visibility_action_changes_nothing(client, counsellor, young_person):
    profile = visible(young_person)
    client.force_login(counsellor)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}), {"action": "show"}
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.is_visible, profile.visibility_locked) == (True, False)


def test_lifting_a_lock_that_is_not_there_changes_nothing(client, counsellor, young_person):
    profile = visible(young_person)
    client.force_login(counsellor)

    response = client.post(
        reverse("members:young-visibility", kwargs={"pk": profile.pk}),
        {"action": "lift", "reason": ""},
    )

    assert response.status_code == 302
    assert not ModerationLog.objects.exists()


def test_counsellor_without_a_structure_sees_nobody(client, young_person):
    from tests.members.factories import CounsellorFactory

    lost = CounsellorFactory(structure=None)
    client.force_login(lost)

    response = client.get(reverse("members:young-people"))

    assert response.status_code == 200
    assert young_person.get_full_name() not in response.content.decode()
