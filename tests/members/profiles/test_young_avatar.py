"""Profile photos: only real JPEG, PNG or WebP images under 5 MB, stored re-encoded."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.enums import HelpKind
from tests.members.factories import sector

pytestmark = pytest.mark.django_db


def image_bytes(image_format: str, size=(64, 48), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def profile_data(**overrides):
    data = {
        "first_name": "Inès",
        "last_name": "Benali",
        "phone": "",
        "language": "fr",
        "project": "Aide-soignante",
        "sector": str(sector("J").pk),
        "skills": "Patiente",
        "help_wanted": [HelpKind.TRADE_ADVICE],
        "availability": "",
        "departement": "93",
    }
    data.update(overrides)
    return data


def private_files():
    """Photos are private files (config.media), never in the public media."""
    return storages["private"]


def post_avatar(client, user, file, **overrides):
    client.force_login(user)
    return client.post(
        reverse("members:young-profile-edit"), {**profile_data(**overrides), "avatar": file}
    )


def stored_format(user) -> str:
    user.refresh_from_db()
    with user.avatar.open("rb") as stored, Image.open(stored) as image:
        return image.format


@pytest.mark.parametrize(
    ("image_format", "name", "content_type"),
    [
        ("JPEG", "photo.jpg", "image/jpeg"),
        ("PNG", "photo.png", "image/png"),
        ("WEBP", "photo.webp", "image/webp"),
    ],
)
def test_real_images_are_accepted_and_stored_re_encoded(
    client, young_person, image_format, name, content_type
):
    file = upload(image_bytes(image_format), name, content_type)

    response = post_avatar(client, young_person, file)

    assert response.status_code == 302
    assert young_person.__class__.objects.get(pk=young_person.pk).avatar.name.endswith(".webp")
    assert stored_format(young_person) == "WEBP"


def test_png_named_jpg_is_a_real_image_and_is_accepted(client, young_person):
    file = upload(image_bytes("PNG"), "photo.jpg", "image/jpeg")

    response = post_avatar(client, young_person, file)

    assert response.status_code == 302
    assert stored_format(young_person) == "WEBP"


def test_large_image_is_scaled_down(client, young_person):
    file = upload(image_bytes("PNG", size=(1600, 900)), "grande.png", "image/png")

    post_avatar(client, young_person, file)

    young_person.refresh_from_db()
    with young_person.avatar.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 400


def assert_refused(response, message: str, young_person):
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Choisissez un autre fichier" in content
    # Everything else typed is kept.
    assert 'value="Aide-soignante"' in content
    young_person.refresh_from_db()
    assert not young_person.avatar


def test_gif_is_refused(client, young_person):
    file = upload(image_bytes("GIF"), "photo.gif", "image/gif")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "Format refusé : envoyez une photo JPEG, PNG ou WebP", young_person)


def test_svg_is_refused(client, young_person):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    file = upload(svg, "photo.svg", "image/svg+xml")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "n’est pas une image JPEG, PNG ou WebP lisible", young_person)


def test_svg_named_png_is_refused(client, young_person):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    file = upload(svg, "photo.png", "image/png")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "n’est pas une image JPEG, PNG ou WebP lisible", young_person)


def test_text_file_named_png_is_refused_as_not_an_image(client, young_person):
    file = upload(b"Bonjour, ceci est un texte.", "photo.png", "image/png")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "n’est pas une image JPEG, PNG ou WebP lisible", young_person)


def test_image_over_5_mb_is_refused(client, young_person):
    # A real JPEG followed by padding: decoders ignore the trailing bytes, the size does not.
    content = image_bytes("JPEG") + b"\0" * (5 * 1024 * 1024)
    file = upload(content, "lourde.jpg", "image/jpeg")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "La photo pèse plus de 5 Mo", young_person)


def test_a_small_file_of_too_many_pixels_is_refused_before_it_is_decoded(client, young_person):
    # 6,300 × 6,300 pixels (39.7 megapixels) of one colour: a few kilobytes of PNG that
    # would take hundreds of megabytes of memory once decoded.
    buffer = io.BytesIO()
    Image.new("1", (6300, 6300)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    file = upload(buffer.getvalue(), "bombe.png", "image/png")

    response = post_avatar(client, young_person, file)

    assert_refused(response, "plus de 12 mégapixels", young_person)


def test_valid_photo_must_be_chosen_again_when_another_field_is_wrong(client, young_person):
    file = upload(image_bytes("PNG"), "photo.png", "image/png")

    response = post_avatar(client, young_person, file, phone="123")

    assert response.status_code == 200
    content = response.content.decode()
    assert "choisissez à nouveau le fichier" in content
    assert 'value="Aide-soignante"' in content
    young_person.refresh_from_db()
    assert not young_person.avatar


def test_photo_can_be_removed(client, young_person):
    post_avatar(client, young_person, upload(image_bytes("PNG"), "photo.png", "image/png"))
    young_person.refresh_from_db()
    stored_name = young_person.avatar.name
    assert private_files().exists(stored_name)

    response = client.post(
        reverse("members:young-profile-edit"), {**profile_data(), "remove_avatar": "on"}
    )

    assert response.status_code == 302
    young_person.refresh_from_db()
    assert not young_person.avatar
    assert not private_files().exists(stored_name)


def test_new_photo_replaces_the_old_file(client, young_person):
    post_avatar(client, young_person, upload(image_bytes("PNG"), "photo.png", "image/png"))
    young_person.refresh_from_db()
    first_name = young_person.avatar.name

    post_avatar(client, young_person, upload(image_bytes("JPEG"), "autre.jpg", "image/jpeg"))

    young_person.refresh_from_db()
    assert young_person.avatar.name != first_name
    assert private_files().exists(young_person.avatar.name)
    assert not private_files().exists(first_name)


def test_current_photo_is_shown_on_the_edit_page(client, young_person):
    post_avatar(client, young_person, upload(image_bytes("PNG"), "photo.png", "image/png"))
    young_person.refresh_from_db()

    response = client.get(reverse("members:young-profile-edit"))

    content = response.content.decode()
    assert young_person.avatar_url in content
    assert 'name="remove_avatar"' in content
