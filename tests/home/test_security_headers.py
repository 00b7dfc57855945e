"""Security headers of public pages and of the admin."""

import pytest


@pytest.fixture
def public_response(client, home_page):
    # HSTS is only sent over HTTPS (SECURE_SSL_REDIRECT is off in tests).
    return client.get("/fr/", secure=True)


def test_public_page_sends_hsts(public_response, settings):
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert public_response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_public_page_has_a_strict_content_security_policy(public_response):
    policy = public_response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_public_page_sends_the_other_security_headers(public_response):
    assert public_response["X-Content-Type-Options"] == "nosniff"
    assert public_response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert public_response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_script_or_style(public_response):
    html = public_response.content.decode()
    assert "<script>" not in html and "<style" not in html and 'style="' not in html


def test_admin_gets_a_looser_policy_for_wagtail(client, db):
    response = client.get("/admin/login/", secure=True)
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_with_media_on_s3_images_may_come_from_the_buckets_and_nothing_else(tmp_path):
    """Read in a fresh process: the production settings compute the policy at start-up."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "test-only",
        "S3_BUCKET": "udr-public",
        "S3_PRIVATE_BUCKET": "udr-private",
        "S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_CUSTOM_DOMAIN": "media.example.org",
        "SERVE_MEDIA": "0",
    }
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", script],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    directives = json.loads(result.stdout)
    assert directives["img-src"] == [
        "'self'",
        "data:",
        "https://media.example.org",
        "https://s3.fr-par.example.net",
    ]
    assert directives["script-src"] == ["'self'"]
