"""Public media on one machine without S3: the application serves /media/ with DEBUG off.

Images only (originals and Wagtail's renditions), from the media folder only, with cache
headers for each kind; Wagtail's documents keep their own /documents/ view.
"""

import os

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.http import http_date
from wagtail.documents.models import Document
from wagtail.models import Collection

from tests.stories.factories import ImageFactory
from tests.support.images import image_bytes

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG")


@pytest.fixture
def media_root(settings, tmp_path):
    """Public media on local disk in a fresh folder, as the base settings configure them."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.SERVE_MEDIA = True
    assert not settings.DEBUG
    return root


def put(root, name: str, content: bytes = PNG):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def media_url(name: str) -> str:
    return reverse("public-media", kwargs={"path": name})


def test_a_rendition_is_served_with_a_year_long_immutable_cache(client, media_root):
    put(media_root, "images/atelier.2e16d0ba.fill-40x30.png")

    response = client.get("/media/images/atelier.2e16d0ba.fill-40x30.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_original_image_is_served_with_an_hour_long_cache(client, media_root):
    put(media_root, "original_images/atelier.webp", image_bytes("WEBP"))

    response = client.get(media_url("original_images/atelier.webp"))

    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content)
        == (media_root / "original_images/atelier.webp").read_bytes()
    )
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_wagtail_image_and_its_rendition_are_served_at_their_urls(client, media_root):
    image = ImageFactory()
    rendition = image.get_rendition("fill-40x30|format-webp")

    original = client.get(image.file.url)
    resized = client.get(rendition.url)

    assert original.status_code == 200
    assert b"".join(original.streaming_content) == (media_root / image.file.name).read_bytes()
    assert resized.status_code == 200
    assert b"".join(resized.streaming_content) == (media_root / rendition.file.name).read_bytes()
    assert resized["Content-Type"] == "image/webp"
    assert resized["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_unchanged_file_answers_304_to_a_conditional_request(client, media_root):
    path = put(media_root, "images/atelier.fill-40x30.png")

    response = client.get(
        media_url("images/atelier.fill-40x30.png"),
        HTTP_IF_MODIFIED_SINCE=http_date(path.stat().st_mtime + 10),
    )

    assert response.status_code == 304
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_head_gives_the_headers_without_the_body(client, media_root):
    put(media_root, "original_images/atelier.png")

    response = client.head(media_url("original_images/atelier.png"))

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(PNG))
    assert response.content == b""


def test_post_is_refused(client, media_root):
    put(media_root, "original_images/atelier.png")

    assert client.post(media_url("original_images/atelier.png")).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings/base.py",
        "/media/..%2Fconfig%2Fsettings%2Fbase.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/images/..%2F..%2Fsecret.png",
        "/media//etc/passwd.png",
        "/media/%2Fetc%2Fpasswd.png",
        "/media/images%5C..%5C..%5Csecret.png",
        "/media/images/%00.png",
    ],
)
def test_a_path_out_of_the_media_folder_is_refused(client, media_root, path):
    put(media_root.parent, "secret.png")

    response = client.get(path)

    assert response.status_code in (400, 404)
    assert PNG not in response.content


def test_a_link_pointing_out_of_the_media_folder_is_refused(client, media_root):
    outside = put(media_root.parent, "outside.png")
    (media_root / "images").mkdir()
    os.symlink(outside, media_root / "images" / "link.png")

    assert client.get(media_url("images/link.png")).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "original_images/page.html",
        "original_images/drawing.svg",
        "original_images/notes.txt",
        "original_images/.hidden.png",
        ".env",
        "documents/charte.pdf",
        "documents/photo.png",
    ],
)
def test_only_images_outside_the_documents_folder_are_served(client, media_root, name):
    put(media_root, name, b"<script>alert(1)</script>")

    assert client.get(media_url(name)).status_code == 404


def test_a_folder_or_a_missing_file_is_404(client, media_root):
    (media_root / "images").mkdir()

    # (A folder's address is first sent to the French site, whose pages do not have it.)
    assert client.get(media_url("images"), follow=True).status_code == 404
    assert client.get(media_url("images/"), follow=True).status_code == 404
    assert client.get(media_url("images/absent.png")).status_code == 404


def test_nothing_is_served_when_the_proxy_serves_media(client, media_root, settings):
    put(media_root, "original_images/atelier.png")
    settings.SERVE_MEDIA = False

    assert client.get(media_url("original_images/atelier.png")).status_code == 404


def test_nothing_is_served_from_a_storage_without_local_files(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.SERVE_MEDIA = True
    ImageFactory()

    assert client.get(media_url("original_images/example.jpg")).status_code == 404


def test_wagtail_still_serves_documents_from_local_disk(client, media_root):
    document = Document.objects.create(
        title="Charte",
        file=ContentFile(b"%PDF-1.4 charte", name="charte.pdf"),
        collection=Collection.get_first_root_node(),
    )

    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 charte"
    assert client.get(media_url(document.file.name)).status_code == 404
