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
