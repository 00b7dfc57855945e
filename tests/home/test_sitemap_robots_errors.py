"""sitemap.xml in both languages, robots.txt, and helpful error pages."""

from django.test import RequestFactory
from django.urls import reverse

from home import views
from tests.home.factories import StandardPageFactory, publish_translation
from tests.network.factories import StructureFactory, StructureIndexPageFactory


def test_sitemap_lists_live_pages_of_both_languages(client, home_page, english_home_page, locales):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    publish_translation(about, locales["en"], title="About", slug="about")
    StandardPageFactory(parent=home_page, slug="brouillon", live=False)

    response = client.get(reverse("sitemap"))

    assert response.status_code == 200
    xml = response.content.decode()
    for path in ("/fr/", "/en/", "/fr/a-propos/", "/en/about/"):
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "brouillon" not in xml


def test_sitemap_queries_do_not_grow_with_pages(client, home_page, django_assert_max_num_queries):
    StandardPageFactory.create_batch(3, parent=home_page)
    # Fills Wagtail's cache of site root paths and the layout cache (the view
    # restrictions), which new pages outdate: each measure follows a warm-up.
    client.get(reverse("sitemap"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("sitemap"))
    StandardPageFactory.create_batch(15, parent=home_page)
    client.get(reverse("sitemap"))
    with django_assert_max_num_queries(20) as many:
        client.get(reverse("sitemap"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_robots_txt_points_at_the_sitemap_and_keeps_robots_out_of_the_admin(client, db):
    response = client.get(reverse("robots-txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_and_robots_give_the_configured_address_not_the_request_host(
    client, home_page, english_home_page, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://undebutdereseau.fr"

    xml = client.get(reverse("sitemap")).content.decode()
    robots = client.get(reverse("robots-txt")).content.decode()

    assert "<loc>https://undebutdereseau.fr/fr/</loc>" in xml
    assert "<loc>https://undebutdereseau.fr/en/</loc>" in xml
    assert "testserver" not in xml
    assert "Sitemap: https://undebutdereseau.fr/sitemap.xml" in robots


def test_unknown_page_gets_a_helpful_404_in_the_visitor_language(client, home_page):
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Cette page est introuvable" in html
    assert f'action="{reverse("home:search")}"' in html
    assert 'href="/fr/"' in html


def test_404_in_english(client, english_home_page):
    response = client.get("/en/nothing-here/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_500_page_does_not_touch_the_database(db, django_assert_num_queries):
    request = RequestFactory().get("/fr/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Un problème est survenu de notre côté" in html
    assert "Something went wrong on our side" in html


def test_sitemap_keeps_every_location_a_page_lists(client, home_page):
    # A structure index lists one location per approved structure, not only its own.
    index = StructureIndexPageFactory(parent=home_page)
    structure = StructureFactory(name="E2C Seine-Saint-Denis")

    xml = client.get(reverse("sitemap")).content.decode()

    assert f"<loc>http://testserver{index.url}{structure.slug}/</loc>" in xml
