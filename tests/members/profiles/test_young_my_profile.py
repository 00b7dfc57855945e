"""Counsellors, referents and moderators edit their own details."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {"first_name": "Claire", "last_name": "Dupont", "phone": "", "language": "en"}
    values.update(overrides)
    return values


@pytest.mark.parametrize("fixture", ["counsellor", "referent", "moderator"])
def test_staff_roles_edit_their_own_details(client, request, fixture):
    user = request.getfixturevalue(fixture)
    client.force_login(user)

    response = client.post(reverse("members:my-profile"), data(phone="01 23 45 67 89"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.phone, user.language) == (
        "Claire",
        "Dupont",
        "01 23 45 67 89",
        "en",
    )


def test_wrong_phone_gets_a_message_and_the_names_are_kept(client, counsellor):
    client.force_login(counsellor)

    response = client.post(reverse("members:my-profile"), data(phone="0000"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "pas un numéro français" in content
    assert 'value="Claire"' in content
    counsellor.refresh_from_db()
    assert counsellor.first_name != "Claire"


def test_empty_name_is_refused(client, counsellor):
    client.force_login(counsellor)

    response = client.post(reverse("members:my-profile"), data(first_name="  "))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_counsellor_uploads_a_photo(client, counsellor):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), (0, 120, 120)).save(buffer, format="JPEG")
    client.force_login(counsellor)

    response = client.post(
        reverse("members:my-profile"),
        {**data(), "avatar": SimpleUploadedFile("moi.jpg", buffer.getvalue(), "image/jpeg")},
    )

    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.avatar.name.endswith(".webp")


def test_gif_photo_is_refused(client, counsellor):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="GIF")
    client.force_login(counsellor)

    response = client.post(
        reverse("members:my-profile"),
        {**data(), "avatar": SimpleUploadedFile("moi.gif", buffer.getvalue(), "image/gif")},
    )

    assert response.status_code == 200
    assert "Format refusé" in response.content.decode()
    counsellor.refresh_from_db()
    assert not counsellor.avatar


@pytest.mark.parametrize("fixture", ["young_person", "professional", "outsider"])
def test_other_roles_have_their_own_profile_page(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert client.get(reverse("members:my-profile")).status_code == 403
