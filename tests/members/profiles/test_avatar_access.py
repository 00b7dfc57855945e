"""Profile photos are private files: members:avatar answers only for those who may see
the person (members.avatar_access), and no page links to a public address."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from members.enums import ReviewStatus
from tests.members.factories import (
    CounsellorFactory,
    HelpRequestFactory,
    ProfessionalFactory,
    YoungPersonFactory,
)
from tests.support.images import webp_bytes

pytestmark = pytest.mark.django_db

PHOTO = webp_bytes()


def with_photo(user):
    user.avatar.save("avatar.webp", ContentFile(PHOTO))
    return user


def outcome(client, viewer, owner) -> str:
    """What ``viewer`` (None: anonymous) gets for ``owner``'s photo."""
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(owner.avatar_url)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PHOTO
        return "photo"
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "sign in"
    return str(response.status_code)


@pytest.fixture
def people(structure, other_structure, young_person, counsellor, referent, moderator):
    young_person.young_profile.is_visible = True
    young_person.young_profile.status = ReviewStatus.APPROVED
    young_person.young_profile.save()
    asked = ProfessionalFactory(email="pro-sollicite@example.org")
    HelpRequestFactory(young_person=young_person, professional=asked, state="sent")
    return {
        "owner": with_photo(young_person),
        "counsellor": counsellor,
        "referent": referent,
        "other_structure_counsellor": CounsellorFactory(structure=other_structure),
        "classmate": YoungPersonFactory(structure=structure, email="camarade@example.org"),
        "asked_professional": asked,
        "professional": ProfessionalFactory(email="autre-pro@example.org"),
        "pending_professional": ProfessionalFactory(
            email="pro-attente@example.org", profile__status=ReviewStatus.PENDING
        ),
        "moderator": moderator,
    }


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("owner", "photo"),
        ("counsellor", "photo"),
        ("referent", "photo"),
        ("moderator", "photo"),
        ("other_structure_counsellor", "404"),
        ("classmate", "404"),
        # The limited profile never shows the photo, request or not.
        ("asked_professional", "404"),
        ("professional", "404"),
        ("pending_professional", "404"),
    ],
)
def test_a_young_persons_photo_only_for_those_who_see_their_full_profile(
    client, people, viewer, expected
):
    assert outcome(client, people[viewer], people["owner"]) == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, people):
    assert outcome(client, None, people["owner"]) == "sign in"


def test_a_staff_editor_without_a_member_role_is_refused(client, people, outsider):
    assert outcome(client, outsider, people["owner"]) == "403"


@pytest.mark.parametrize(
    "viewer",
    ["owner", "counsellor", "professional", "pending_professional", "moderator"],
)
def test_a_listed_professionals_photo_for_every_member_who_sees_the_directory(
    client, people, viewer
):
    shown = with_photo(ProfessionalFactory(email="annuaire@example.org"))

    assert outcome(client, people[viewer], shown) == "photo"


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("counsellor", "404"), ("owner", "404"), ("moderator", "photo")],
)
def test_a_professional_not_listed_is_seen_by_moderators_only(client, people, viewer, expected):
    pending = with_photo(people["pending_professional"])

    assert outcome(client, people[viewer], pending) == expected
    assert outcome(client, pending, pending) == "photo"


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("counsellor", "photo"), ("referent", "404"), ("owner", "404"), ("moderator", "photo")],
)
def test_a_counsellors_photo_is_theirs_and_the_moderators(client, people, viewer, expected):
    with_photo(people["counsellor"])

    assert outcome(client, people[viewer], people["counsellor"]) == expected


def test_an_old_address_stops_working_when_the_photo_changes(client, people):
    owner = people["owner"]
    old_url = owner.avatar_url
    with_photo(owner)
    client.force_login(owner)

    assert old_url != owner.avatar_url
    assert client.get(old_url).status_code == 404
    assert client.get(owner.avatar_url).status_code == 200


def test_no_photo_no_answer(client, counsellor, structure):
    young = YoungPersonFactory(structure=structure, email="sans-photo@example.org")
    client.force_login(counsellor)

    assert young.avatar_url == ""
    url = reverse("members:avatar", kwargs={"pk": young.pk, "name": "avatar.webp"})
    assert client.get(url).status_code == 404


def test_the_photo_is_private_and_kept_briefly_by_the_browser_only(client, people):
    client.force_login(people["counsellor"])

    response = client.get(people["owner"].avatar_url)

    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PHOTO


def test_a_photo_costs_one_query_besides_the_session(client, people, django_assert_max_num_queries):
    # Signed in; the first request writes the session.
    assert outcome(client, people["counsellor"], people["owner"]) == "photo"

    # Session, account, second-factor check, then the photo's owner in the viewer's scope.
    with django_assert_max_num_queries(4):
        response = client.get(people["owner"].avatar_url)

    assert b"".join(response.streaming_content) == PHOTO


@pytest.fixture
def private_disk(settings, tmp_path):
    """Photos in a private folder on local disk, as the base settings store them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "config.media.storages.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private-media")},
        },
    }
    return tmp_path / "private-media"


def test_behind_nginx_the_file_is_handed_over_by_internal_redirect(
    client, settings, private_disk, people
):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/_private-media/"
    owner = with_photo(people["owner"])
    client.force_login(people["counsellor"])

    response = client.get(owner.avatar_url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private-media/{owner.avatar.name}"
    assert response.content == b""
    assert response["Cache-Control"] == "private, max-age=3600"
    assert (private_disk / owner.avatar.name).read_bytes() == PHOTO


def test_without_nginx_the_application_streams_the_file_from_disk(
    client, settings, private_disk, people
):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = ""
    owner = with_photo(people["owner"])
    client.force_login(people["counsellor"])

    response = client.get(owner.avatar_url)

    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PHOTO


def test_nobody_gets_a_refused_photo_through_nginx_either(client, settings, private_disk, people):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/_private-media/"
    owner = with_photo(people["owner"])
    client.force_login(people["professional"])

    response = client.get(owner.avatar_url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_private_file_on_disk_has_no_public_address(private_disk, people):
    owner = with_photo(people["owner"])

    with pytest.raises(NotImplementedError):
        owner.avatar.url  # noqa: B018 - the property raises


def test_photos_are_stored_in_the_private_storage_never_in_the_public_media(people):
    name = people["owner"].avatar.name

    assert storages["private"].exists(name)
    assert not default_storage.exists(name)


def test_the_public_media_address_of_a_photo_is_404(client, settings, private_disk, people):
    settings.SERVE_MEDIA = True
    owner = with_photo(people["owner"])

    response = client.get(reverse("public-media", kwargs={"path": owner.avatar.name}))

    assert response.status_code == 404


def test_pages_link_photos_to_the_view_that_checks_access(client, people, structure):
    owner = people["owner"]
    listed = with_photo(ProfessionalFactory(email="annuaire@example.org"))
    counsellor = people["counsellor"]

    pages = {
        people["counsellor"]: [
            (reverse("members:young-person", args=[owner.young_profile.pk]), owner),
            (reverse("members:directory"), listed),
            (reverse("members:professional", args=[listed.pro_profile.pk]), listed),
        ],
        owner: [
            (reverse("members:young-profile"), owner),
            (reverse("members:young-profile-edit"), owner),
        ],
        listed: [
            (reverse("members:pro-profile"), listed),
            (reverse("members:pro-profile-edit"), listed),
        ],
        with_photo(counsellor): [(reverse("members:my-profile"), counsellor)],
    }
    for viewer, visits in pages.items():
        client.force_login(viewer)
        for url, shown in visits:
            content = client.get(url).content.decode()
            expected = reverse(
                "members:avatar",
                kwargs={"pk": shown.pk, "name": shown.avatar.name.rsplit("/", 1)[-1]},
            )
            assert f'src="{expected}"' in content, url
            assert "/media/avatars" not in content, url
