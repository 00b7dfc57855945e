"""The anonymous page cache: one shared copy per address for visitors, served before any
costly middleware, never for a signed-in person, and never older than the content."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from config import caching
from home.models import SiteSettings
from stories.models import StoryIndexPage
from tests.home.factories import ContactPageFactory, StandardPageFactory
from tests.network.factories import (
    StructureFactory,
    StructureIndexPageFactory,
    VolunteerAnswerFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

CACHE_ON = override_settings(PAGE_CACHE_SECONDS=300)


@pytest.fixture(autouse=True)
def page_cache_on():
    with CACHE_ON:
        yield


@pytest.fixture
def story(home_page):
    index = StoryIndexPageFactory(parent=home_page)
    return StoryPageFactory(parent=index, title="Une histoire publique")


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


# --- What is shared, and with whom ------------------------------------------------------------


def test_second_anonymous_visit_is_served_from_the_cache_without_the_database(client, story):
    first = client.get(story.url)
    assert first.status_code == 200

    second, queries = _queries(client, story.url)

    assert queries == 0
    assert second.status_code == 200
    assert second.content == first.content


def test_a_cached_page_is_served_while_the_database_is_down(client, story):
    client.get(story.url)

    def refuse(*args, **kwargs):
        raise OperationalError("the database is unreachable")

    with connection.execute_wrapper(refuse):
        response = client.get(story.url)

    assert response.status_code == 200
    assert "Une histoire publique" in response.content.decode()


def test_a_cached_page_keeps_the_security_headers(client, story):
    client.get(story.url)
    response = client.get(story.url)
    assert response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_visitor_with_a_session_never_gets_the_shared_copy(client, story, django_user_model):
    client.get(story.url)  # fills the shared cache
    user = django_user_model.objects.create_user(email="a@example.org", password="x" * 12)
    client.force_login(user)

    response, queries = _queries(client, story.url)

    assert response.status_code == 200
    assert queries > 0, "a signed-in person was served the shared copy"
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_built_for_a_signed_in_person_is_never_shared(client, story, django_user_model):
    user = django_user_model.objects.create_user(email="a@example.org", password="x" * 12)
    client.force_login(user)
    client.get(story.url)
    client.logout()
    client.cookies.clear()

    _response, queries = _queries(client, story.url)

    assert queries > 0


def test_a_page_showing_a_flash_message_is_never_cached(client, story):
    client.cookies["messages"] = "anything"
    client.get(story.url)
    del client.cookies["messages"]

    # Nothing was stored, so the next anonymous visit builds the page again.
    _response, queries = _queries(client, story.url)
    assert queries > 0


@pytest.mark.parametrize("with_csrf_cookie", [False, True])
def test_a_page_with_a_form_is_never_shared(client, home_page, with_csrf_cookie):
    contact = ContactPageFactory(parent=home_page)
    if with_csrf_cookie:
        # A visitor who already has a CSRF cookie gets no new one: the page still holds
        # a token made from their cookie, which nobody else may see.
        client.get(contact.url)
    first = client.get(contact.url)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()

    client.cookies.clear()
    _response, queries = _queries(client, contact.url)

    assert queries > 0


def test_the_admin_is_never_cached(client, home_page):
    client.get("/admin/login/")
    response, queries = _queries(client, "/admin/login/")
    assert "public" not in response.get("Cache-Control", "")


def test_each_address_has_its_own_copy(client, home_page, monkeypatch):
    monkeypatch.setattr(StoryIndexPage, "stories_per_page", 1)
    index = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=index, title="Histoire un")
    StoryPageFactory(parent=index, title="Histoire deux")
    first = client.get(index.url).content.decode()
    second = client.get(index.url + "?page=2").content.decode()
    assert first != second
    assert client.get(index.url + "?page=2").content.decode() == second


def test_a_head_request_gets_the_headers_without_the_body(client, story):
    page = client.get(story.url)
    response = client.head(story.url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == page["ETag"]


def test_an_unknown_host_is_refused_not_cached(client, story):
    response = client.get(story.url, HTTP_HOST="attacker.example")
    assert response.status_code == 400


# --- What browsers and shared proxies are told ---------------------------------------------


def test_browsers_revalidate_every_time_instead_of_keeping_their_copy(client, story):
    for response in (client.get(story.url), client.get(story.url)):
        cache_control = response["Cache-Control"]
        assert "max-age=0" in cache_control and "must-revalidate" in cache_control
        assert "s-maxage" not in cache_control  # no CDN configured: nothing to purge it
        assert not response.has_header("Expires")


def test_a_browser_with_the_current_copy_gets_a_304_without_the_body(client, story):
    etag = client.get(story.url)["ETag"]

    response, queries = _queries(client, story.url, if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert queries == 0


def test_a_browser_with_an_old_copy_gets_the_new_page(client, story):
    etag = client.get(story.url)["ETag"]
    story.title = "Une histoire corrigée"
    story.save_revision().publish()

    response = client.get(story.url, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "Une histoire corrigée" in response.content.decode()


# --- Never older than the content ---------------------------------------------------------------


def test_an_unpublished_page_is_gone_on_the_next_anonymous_visit(client, story):
    assert client.get(story.url).status_code == 200
    assert client.get(story.url).status_code == 200  # from the cache

    story.unpublish()

    assert client.get(story.url).status_code == 404


def test_an_unpublished_story_leaves_its_index_and_the_home_page_at_once(client, home_page, story):
    index_url = story.get_parent().url
    assert "Une histoire publique" in client.get(index_url).content.decode()

    story.unpublish()

    assert "Une histoire publique" not in client.get(index_url).content.decode()


def test_a_deleted_page_is_gone_at_once(client, home_page):
    page = StandardPageFactory(parent=home_page, title="À supprimer")
    url = page.url
    assert client.get(url).status_code == 200

    page.delete()

    assert client.get(url).status_code == 404


def test_a_moved_page_leaves_its_old_address_at_once(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="equipe")
    other = StandardPageFactory(parent=home_page, slug="association")
    old_url = page.url
    assert client.get(old_url).status_code == 200

    page.move(other, pos="last-child")

    # Wagtail leaves a redirect to the new address.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/fr/association/equipe/"


def test_a_restriction_added_makes_the_page_private_at_once(client, story):
    assert client.get(story.url).status_code == 200

    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(story.url).status_code == 302


def test_a_renamed_structure_shows_its_new_name_at_once(client, home_page):
    index = StructureIndexPageFactory(parent=home_page)
    structure = StructureFactory(name="Mission locale d’avant")
    page_url = index.structure_url(structure)
    assert "Mission locale d’avant" in client.get(index.url).content.decode()
    assert "Mission locale d’avant" in client.get(page_url).content.decode()

    structure.name = "Mission locale renommée"
    structure.save()

    assert "Mission locale renommée" in client.get(index.url).content.decode()
    assert "Mission locale renommée" in client.get(page_url).content.decode()


def test_a_structure_no_longer_approved_leaves_the_site_at_once(client, home_page):
    index = StructureIndexPageFactory(parent=home_page)
    structure = StructureFactory(name="Structure à retirer")
    page_url = index.structure_url(structure)
    assert client.get(page_url).status_code == 200

    structure.is_approved = False
    structure.save()

    assert client.get(page_url).status_code == 404
    assert "Structure à retirer" not in client.get(index.url).content.decode()


def test_an_answer_to_a_call_shows_in_the_places_left_at_once(client, home_page):
    call_index = VolunteerCallIndexPageFactory(parent=home_page)
    call = VolunteerCallPageFactory(parent=call_index, places=3)
    assert "3 places restantes sur 3" in client.get(call_index.url).content.decode()

    VolunteerAnswerFactory(call=call)

    assert "2 places restantes sur 3" in client.get(call_index.url).content.decode()


def test_a_change_of_the_site_settings_shows_on_cached_pages_at_once(client, home_page):
    legal = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions")
    client.get("/fr/")  # creates the settings
    site_settings = SiteSettings.for_site(home_page.get_site())
    assert "Mentions légales" not in client.get("/fr/").content.decode()

    site_settings.legal_page = legal
    site_settings.save()

    assert "Mentions légales" in client.get("/fr/").content.decode()


def test_a_translation_published_shows_at_once(client, home_page, english_home_page, locales):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    assert 'href="/en/"' in client.get(page.url).content.decode()  # no translation yet

    english = page.copy_for_translation(locales["en"])
    english.slug = "about"
    english.save_revision().publish()

    assert 'href="/en/about/"' in client.get(page.url).content.decode()
    assert client.get("/en/about/").status_code == 200


def test_what_is_cached_between_a_change_and_its_commit_is_outdated_by_the_commit(
    django_capture_on_commit_callbacks,
):
    """A reader who saw the rows before the commit may cache them under the version of the
    moment: the commit replaces the version once more, so that copy is never read."""
    with django_capture_on_commit_callbacks(execute=True):
        caching.outdate(caching.PUBLIC)
        during = caching.make_key("fragment", ["x"])
        caching.store(during, "rows read before the commit")
    after = caching.make_key("fragment", ["x"])

    assert after != during
    assert caching.get(after) is None


# --- A CDN in front -------------------------------------------------------------------------------


class _PurgeRecorder(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_PURGE(self):  # the HTTP method's name
        self.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    _PurgeRecorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cdn = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    with override_settings(WAGTAILFRONTENDCACHE=cdn):
        yield _PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_with_a_cdn_shared_caches_may_keep_a_page_it_can_purge(client, story, purge_server):
    response = client.get(story.url)
    assert "s-maxage=300" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_with_a_cdn_an_unpublished_story_and_the_pages_listing_it_are_purged(
    client, home_page, story, purge_server
):
    story.unpublish()

    assert story.url in purge_server
    assert story.get_parent().url in purge_server
    assert home_page.url in purge_server


def test_with_a_cdn_a_renamed_structure_purges_its_page_and_the_index(
    client, home_page, purge_server
):
    index = StructureIndexPageFactory(parent=home_page)
    structure = StructureFactory(name="Mission locale")
    purge_server.clear()

    structure.name = "Mission locale renommée"
    structure.save()

    assert index.url in purge_server
    assert index.structure_url(structure) in purge_server
