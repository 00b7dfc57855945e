"""Settings for the test suite: fast, isolated, no network."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from config.settings.base import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    # Profile photos: a storage of their own, as in production (never the public one).
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests measure pages as they are built, not as they come out of the page cache.
PAGE_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come straight from the source folders; no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# WagtailPageTestCase and client.force_login use the first backend; the lock-out has its
# own tests that switch axes back on.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "axes.backends.AxesStandaloneBackend",
]
AXES_ENABLED = False
ACCOUNT_RATE_LIMITS = False
# Test clients and browsers send forms as soon as they have them; the time check's own
# tests set a delay back (tests/home/test_antispam.py). The rate limits stay on.
ANTISPAM_MIN_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
