"""Where uploaded files go, read from the environment: local folders by default, two S3
buckets when configured, and a refusal to start on a partial or unsafe configuration."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.media.settings import S3_VARIABLES, media_settings

COMPLETE_S3 = {
    "S3_BUCKET": "udr-public",
    "S3_PRIVATE_BUCKET": "udr-private",
    "S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
}


@pytest.fixture
def environment(monkeypatch):
    """A clean slate: none of the media variables set; returns a setter."""
    for name in (
        *S3_VARIABLES,
        "PRIVATE_MEDIA_ROOT",
        "SERVE_MEDIA",
        "PRIVATE_MEDIA_X_ACCEL_PREFIX",
    ):
        monkeypatch.delenv(name, raising=False)

    def set_environment(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_environment


def read(tmp_path):
    return media_settings(tmp_path, tmp_path / "media", [tmp_path / "staticfiles"])


def test_local_disk_is_the_default_with_private_files_outside_the_media(environment, tmp_path):
    media = read(tmp_path)

    assert media.storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert media.storages["private"] == {
        "BACKEND": "config.media.storages.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private-media")},
    }
    assert media.serve_media is True
    assert media.private_x_accel_prefix == ""
    assert media.uses_s3 is False


def test_the_proxy_can_take_over_public_and_private_files(environment, tmp_path):
    environment(SERVE_MEDIA="0", PRIVATE_MEDIA_X_ACCEL_PREFIX="/_private-media/")

    media = read(tmp_path)

    assert media.serve_media is False
    assert media.private_x_accel_prefix == "/_private-media/"


@pytest.mark.parametrize("prefix", ["_private-media/", "/_private-media", "private"])
def test_an_x_accel_prefix_without_its_slashes_is_refused(environment, tmp_path, prefix):
    environment(PRIVATE_MEDIA_X_ACCEL_PREFIX=prefix)

    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_X_ACCEL_PREFIX"):
        read(tmp_path)


@pytest.mark.parametrize("inside", ["media/private", "staticfiles/private", "."])
def test_private_files_inside_a_public_folder_are_refused(environment, tmp_path, inside):
    environment(PRIVATE_MEDIA_ROOT=str(tmp_path / inside))

    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT"):
        read(tmp_path)


def test_a_complete_s3_configuration_gives_a_public_and_a_signing_private_bucket(
    environment, tmp_path
):
    environment(**COMPLETE_S3, S3_CUSTOM_DOMAIN="media.example.org", S3_SIGNED_URL_SECONDS="120")

    media = read(tmp_path)

    public, private = media.storages["default"], media.storages["private"]
    assert public["BACKEND"] == "config.media.s3.PublicS3Storage"
    assert public["OPTIONS"]["bucket_name"] == "udr-public"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert public["OPTIONS"]["custom_domain"] == "media.example.org"
    assert private["BACKEND"] == "config.media.s3.PrivateS3Storage"
    assert private["OPTIONS"]["bucket_name"] == "udr-private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 120
    assert "custom_domain" not in private["OPTIONS"]
    for options in (public["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "https://s3.fr-par.example.net"
        assert options["addressing_style"] == "path"
        assert options["file_overwrite"] is False
    assert media.uses_s3 is True
    assert media.serve_media is False
    assert media.signed_url_seconds == 120
    assert media.csp_sources == ["https://media.example.org", "https://s3.fr-par.example.net"]


def test_aws_without_an_endpoint_addresses_buckets_by_host_name(environment, tmp_path):
    environment(
        **{name: value for name, value in COMPLETE_S3.items() if name != "S3_ENDPOINT_URL"},
        S3_REGION="eu-west-3",
    )

    media = read(tmp_path)

    assert media.storages["default"]["OPTIONS"]["addressing_style"] == "virtual"
    assert media.csp_sources == [
        "https://udr-public.s3.eu-west-3.amazonaws.com",
        "https://udr-private.s3.eu-west-3.amazonaws.com",
    ]


@pytest.mark.parametrize(
    "missing", ["S3_BUCKET", "S3_PRIVATE_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]
)
def test_a_partial_s3_configuration_stops_the_start(environment, tmp_path, missing):
    environment(**{name: value for name, value in COMPLETE_S3.items() if name != missing})

    with pytest.raises(ImproperlyConfigured, match=missing):
        read(tmp_path)


def test_a_lone_s3_variable_is_not_ignored(environment, tmp_path):
    environment(S3_ENDPOINT_URL="https://s3.fr-par.example.net")

    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        read(tmp_path)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("S3_PRIVATE_BUCKET", "udr-public", "must differ"),
        ("S3_ENDPOINT_URL", "s3.fr-par.example.net", "S3_ENDPOINT_URL"),
        ("S3_CUSTOM_DOMAIN", "https://media.example.org", "S3_CUSTOM_DOMAIN"),
        ("S3_ADDRESSING_STYLE", "sideways", "S3_ADDRESSING_STYLE"),
        ("S3_SIGNED_URL_SECONDS", "86400", "S3_SIGNED_URL_SECONDS"),
        ("S3_SIGNED_URL_SECONDS", "soon", "S3_SIGNED_URL_SECONDS"),
        ("SERVE_MEDIA", "1", "SERVE_MEDIA"),
        ("PRIVATE_MEDIA_X_ACCEL_PREFIX", "/_private-media/", "PRIVATE_MEDIA_X_ACCEL_PREFIX"),
    ],
)
def test_a_wrong_or_contradictory_s3_value_stops_the_start(
    environment, tmp_path, variable, value, message
):
    environment(**(COMPLETE_S3 | {variable: value}))

    with pytest.raises(ImproperlyConfigured, match=message):
        read(tmp_path)


def test_aws_needs_a_region(environment, tmp_path):
    environment(**{name: value for name, value in COMPLETE_S3.items() if name != "S3_ENDPOINT_URL"})

    with pytest.raises(ImproperlyConfigured, match="S3_REGION"):
        read(tmp_path)
