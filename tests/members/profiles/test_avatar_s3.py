"""Profile photos on S3-compatible storage, against a real server the tests start (moto's).

The private bucket refuses anonymous reads; members:avatar redirects someone who may see
the photo to a signed URL valid a few minutes, and nobody else gets one.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from tests.support.images import webp_bytes
from tests.support.s3 import http_get, s3_client

pytestmark = pytest.mark.django_db


def test_a_profile_photo_goes_to_the_private_bucket_which_refuses_anonymous_reads(
    s3_media, young_person
):
    young_person.avatar.save("avatar.webp", ContentFile(webp_bytes()))
    name = young_person.avatar.name
    unsigned = f"{s3_media['endpoint']}/{s3_media['private']}/{name}"

    status, _headers, _body = http_get(unsigned)

    assert status == 403
    listed = s3_client(s3_media["endpoint"]).list_objects_v2(Bucket=s3_media["private"])
    assert [item["Key"] for item in listed["Contents"]] == [name]
    assert not default_storage.exists(name)
    assert http_get(f"{s3_media['endpoint']}/{s3_media['public']}/{name}")[0] in (403, 404)


def test_the_counsellor_is_redirected_to_a_short_lived_signed_url_that_works(
    client, s3_media, young_person, counsellor
):
    photo = webp_bytes()
    young_person.avatar.save("avatar.webp", ContentFile(photo))
    client.force_login(counsellor)

    response = client.get(young_person.avatar_url)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_media['endpoint']}/{s3_media['private']}/avatars/")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"]
    assert response["Cache-Control"] == "private, max-age=150"
    status, headers, body = http_get(location)
    assert (status, body) == (200, photo)
    assert headers["Cache-Control"].startswith("private")


def test_someone_who_may_not_see_the_photo_gets_no_signed_url(
    client, s3_media, young_person, other_structure_counsellor
):
    young_person.avatar.save("avatar.webp", ContentFile(webp_bytes()))
    client.force_login(other_structure_counsellor)

    response = client.get(young_person.avatar_url)

    assert response.status_code == 404
    assert s3_media["private"] not in response.content.decode()


def test_the_move_command_takes_old_photos_out_of_the_public_bucket(s3_media, professional):
    from django.core.management import call_command

    name = "avatars/0123456789abcdef0123456789abcdef.webp"
    default_storage.save(name, ContentFile(b"old photo"))
    type(professional).objects.filter(pk=professional.pk).update(avatar=name)

    call_command("move_avatars_to_private_storage", stdout=io.StringIO())

    assert not default_storage.exists(name)
    assert storages["private"].open(name).read() == b"old photo"
    assert http_get(f"{s3_media['endpoint']}/{s3_media['public']}/{name}")[0] in (403, 404)
