"""Site-wide settings: footer text in both languages, social links, legal pages."""

import pytest

from home.models import SiteSettings
from tests.home.factories import StandardPageFactory, publish_translation


@pytest.fixture
def site_settings(home_page, english_home_page, locales):
    legal = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions")
    privacy = StandardPageFactory(parent=home_page, title="Confidentialité", slug="vie-privee")
    publish_translation(legal, locales["en"], title="Legal notice", slug="legal")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.contact_email = "contact@undebutdereseau.fr"
    settings.footer_text = "Une association loi 1901."
    settings.footer_text_en = "A French non-profit."
    settings.social_links = [
        {
            "type": "link",
            "value": {"network": "linkedin", "label": "", "url": "https://a.example/"},
        },
        {
            "type": "link",
            "value": {"network": "other", "label": "Lettre", "url": "https://b.example/"},
        },
    ]
    settings.legal_page = legal
    settings.privacy_page = privacy
    settings.save()
    return settings


def _footer(html):
    return html[html.index('<footer class="site-footer">') :]


def test_footer_shows_the_french_text_links_and_contact(client, site_settings):
    footer = _footer(client.get("/fr/").content.decode())
    assert "Une association loi 1901." in footer
    assert '<a href="mailto:contact@undebutdereseau.fr">' in footer
    assert '<a href="https://a.example/" rel="noopener">LinkedIn</a>' in footer
    assert '<a href="https://b.example/" rel="noopener">Lettre</a>' in footer
    assert '<a href="/fr/mentions/">Mentions légales</a>' in footer
    assert '<a href="/fr/vie-privee/">Confidentialité</a>' in footer


def test_footer_in_english_uses_the_english_text_and_translated_pages(client, site_settings):
    footer = _footer(client.get("/en/").content.decode())
    assert "A French non-profit." in footer
    assert "Une association loi 1901." not in footer
    assert '<a href="/en/legal/">Legal notice</a>' in footer
    # No English privacy page yet: the French one rather than nothing.
    assert '<a href="/fr/vie-privee/">Confidentialité</a>' in footer


def test_english_footer_falls_back_on_french_text(client, site_settings):
    site_settings.footer_text_en = ""
    site_settings.save()
    assert "Une association loi 1901." in _footer(client.get("/en/").content.decode())


def test_footer_without_settings_still_renders(client, home_page):
    response = client.get("/fr/")
    assert response.status_code == 200
    assert "© " in _footer(response.content.decode())


def test_a_settings_change_shows_in_the_footer_at_once(client, site_settings):
    assert "Une association loi 1901." in _footer(client.get("/fr/").content.decode())

    site_settings.footer_text = "Association reconnue d'intérêt général."
    site_settings.save()

    footer = _footer(client.get("/fr/").content.decode())
    assert "intérêt général" in footer and "loi 1901" not in footer


def test_settings_created_by_the_first_page_do_not_outdate_it(client, home_page):
    SiteSettings.objects.all().delete()
    client.get("/fr/")
    assert SiteSettings.objects.count() == 1

    client.get("/fr/")  # its footer, cached by the first view, stays in use
    assert client.get("/fr/").status_code == 200
