"""The anonymous page cache: shared copies for visitors, never for a signed-in person."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

CACHE_ON = {"PAGE_CACHE_SECONDS": 300, "CACHE_MIDDLEWARE_SECONDS": 300}


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@override_settings(**CACHE_ON)
def test_second_anonymous_visit_is_served_from_the_cache(
    client, home_page, django_assert_num_queries
):
    url = home_page.url
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content


@override_settings(**CACHE_ON)
def test_a_visitor_with_a_session_never_gets_the_shared_copy(client, home_page, django_user_model):
    client.get(home_page.url)  # fills the shared cache
    user = django_user_model.objects.create_user(email="a@example.org", password="x" * 12)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(home_page.url)
    assert response.status_code == 200
    assert len(queries) > 0, "a signed-in person was served the shared copy"
    assert "max-age=300" not in response.get("Cache-Control", "")


@override_settings(**CACHE_ON)
def test_a_page_showing_a_flash_message_is_never_cached(client, home_page):
    client.cookies["messages"] = "anything"
    client.get(home_page.url)
    del client.cookies["messages"]
    # Nothing was stored, so the next anonymous visit builds the page again.
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert response.get("Cache-Control", "").endswith("max-age=300")


@override_settings(**CACHE_ON)
def test_the_admin_is_never_cached(client, home_page):
    response = client.get("/admin/login/")
    assert "max-age=300" not in response.get("Cache-Control", "")
