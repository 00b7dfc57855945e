"""Media on S3-compatible storage, against a real server the tests start (moto's, over TCP).

The storages are configured from the S3_* environment variables as in production
(``s3_media`` fixture, tests/conftest.py); files are written through django-storages and
read back over HTTP by a plain client, as a browser would.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from wagtail.documents.models import Document
from wagtail.models import Collection

from tests.stories.factories import ImageFactory
from tests.support.s3 import http_get

pytestmark = pytest.mark.django_db


def test_a_wagtail_image_and_its_rendition_are_stored_in_the_public_bucket_and_served(s3_media):
    image = ImageFactory(title="Atelier CV")
    rendition = image.get_rendition("fill-40x30")

    status, headers, body = http_get(rendition.url)

    assert rendition.url.startswith(f"{s3_media['endpoint']}/{s3_media['public']}/images/")
    assert status == 200
    assert body == default_storage.open(rendition.file.name).read()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with Image.open(io.BytesIO(body)) as served:
        assert served.size == (40, 30)


def test_an_original_image_is_public_with_a_shorter_cache(s3_media):
    image = ImageFactory()

    status, headers, body = http_get(image.file.url)

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert body == default_storage.open(image.file.name).read()
    assert "X-Amz-Signature" not in image.file.url


def test_wagtail_serves_a_document_by_redirecting_to_the_bucket(client, s3_media):
    document = Document.objects.create(
        title="Charte",
        file=ContentFile(b"%PDF-1.4 charte", name="charte.pdf"),
        collection=Collection.get_first_root_node(),
    )

    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{s3_media['endpoint']}/{s3_media['public']}/")
    assert http_get(response["Location"])[2] == b"%PDF-1.4 charte"
