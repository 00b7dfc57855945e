import gc

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page, Site

from tests import sqlite_template
from tests.home.factories import english_translation_of, site_with_a_home_page

RESTORED = pytest.StashKey[bool]()

# Speed: the suite keeps millions of long-lived objects (Django's and Wagtail's models and
# blocks, the URL resolvers, the migration state built while creating the test database).
# With CPython's default thresholds (700, 10, 10) the cyclic garbage collector ran about
# 5,000 times for 150 tests, re-scanning them: some 15% of the run's CPU time. Fewer, larger
# young collections cost much less; garbage is still collected (reference counting frees
# most objects at once anyway).
gc.set_threshold(50_000, 20, 100)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings):
    """On SQLite, the migrated database of an earlier run, copied into memory before
    pytest-django creates the test database (tests/sqlite_template.py)."""
    keeper = None
    if sqlite_template.in_memory_sqlite() and not request.config.getoption("create_db"):
        keeper = sqlite_template.restore()
    request.config.stash[RESTORED] = keeper is not None
    yield
    if keeper is not None:
        keeper.close()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test databases, created as usual (on SQLite, saved for the next run
    when they were built from the migrations); then everything alive at that point (the
    application, the leftovers of the migrations) is moved out of the collector's reach
    with ``gc.freeze()``, so that no later collection scans it again."""
    if sqlite_template.in_memory_sqlite() and not request.config.stash[RESTORED]:
        sqlite_template.save()
    with django_db_blocker.unblock():
        # Wagtail's initial migration leaves a placeholder page at the site root, which
        # site_with_a_home_page() replaces. Deleting a page checks every relation to pages
        # (some 50 ms): once per run here, not in each of the ~700 tests with a home page.
        # The default site it took along stays, on the tree's root until a home page.
        placeholders = Page.objects.filter(depth=2).exclude(content_type__model="homepage")
        if placeholders.exists():
            placeholders.delete()
            Site.objects.get_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "root_page": Page.get_first_root_node()},
            )
    gc.collect()
    gc.freeze()
    yield


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached figures and pages must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def french_by_default():
    # Code run outside a request (demo loads, model methods) sees the site's default language.
    with translation.override("fr"):
        yield


@pytest.fixture
def locales(db):
    """French (the default) and English, as in production."""
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return {"fr": fr, "en": en}


@pytest.fixture
def home_page(locales):
    """The French home page, served as the default site's root."""
    return site_with_a_home_page()


@pytest.fixture
def english_home_page(home_page, locales):
    """The live English translation of the home page."""
    return english_translation_of(home_page)


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser, with the second factor every superuser must have."""
    from tests.members.factories import with_totp

    user = django_user_model.objects.create_superuser(
        email="admin@example.com", password="password", first_name="Admin", last_name="Site"
    )
    with_totp(user)
    return user


@pytest.fixture(scope="session")
def s3_server():
    """URL of a real S3-compatible server (moto's) on a free local port, for the session."""
    from tests.support.s3 import s3_endpoint

    with s3_endpoint() as endpoint:
        yield endpoint


@pytest.fixture
def s3_media(s3_server, monkeypatch, settings):
    """The site's media on two fresh buckets of ``s3_server``, configured as production
    does it: from the S3_* environment variables (config.media.settings). Returns the
    bucket names and the endpoint."""
    import uuid

    from config.media.settings import S3_VARIABLES, media_settings
    from tests.support.s3 import create_media_buckets, s3_environment

    suffix = uuid.uuid4().hex[:12]
    public, private = f"udr-public-{suffix}", f"udr-private-{suffix}"
    create_media_buckets(s3_server, public, private)
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in s3_environment(s3_server, public, private).items():
        monkeypatch.setenv(name, value)
    media = media_settings(settings.BASE_DIR, settings.MEDIA_ROOT, [settings.STATIC_ROOT])
    settings.STORAGES = {**settings.STORAGES, **media.storages}
    settings.SERVE_MEDIA = media.serve_media
    settings.PRIVATE_MEDIA_SIGNED_URL_SECONDS = media.signed_url_seconds
    return {"endpoint": s3_server, "public": public, "private": private}
