"""Cards kept as HTML in the layout cache change as soon as what they show changes."""

from django.template import Context, Template
from django.test import RequestFactory

from tests.home.factories import StandardPageFactory
from tests.network.factories import (
    VolunteerAnswerFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory


def test_a_story_card_shows_the_new_title_once_republished(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, title="Premier titre")
    assert "Premier titre" in client.get(index.url).content.decode()

    story.title = "Titre corrigé"
    story.save_revision().publish()

    html = client.get(index.url).content.decode()
    assert "Titre corrigé" in html and "Premier titre" not in html


def test_a_call_card_counts_the_places_left_after_an_answer(client, home_page):
    call_index = VolunteerCallIndexPageFactory(parent=home_page)
    call = VolunteerCallPageFactory(parent=call_index, places=3)
    assert "3 places restantes sur 3" in client.get(call_index.url).content.decode()

    VolunteerAnswerFactory(call=call)

    assert "2 places restantes sur 3" in client.get(call_index.url).content.decode()


def _render(request, title):
    template = Template(
        '{% load site_tags %}{% layout_fragment "test" key %}{{ title }}{% endlayout_fragment %}'
    )
    return template.render(Context({"request": request, "key": 1, "title": title}))


def test_a_fragment_is_kept_per_key_but_never_in_a_preview(db):
    request = RequestFactory().get("/fr/")
    assert _render(request, "premier") == "premier"
    assert _render(request, "second") == "premier"

    request.is_preview = True
    assert _render(request, "aperçu") == "aperçu"


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def test_a_republished_body_shows_at_once_and_a_preview_shows_the_draft(client, home_page):
    page = StandardPageFactory(parent=home_page, body=_paragraph("Première version"))
    assert "Première version" in client.get(page.url).content.decode()

    page.body = _paragraph("Brouillon en cours")
    preview = page.make_preview_request()
    assert "Brouillon en cours" in preview.content.decode()
    assert "Première version" in client.get(page.url).content.decode()

    page.save_revision().publish()
    assert "Brouillon en cours" in client.get(page.url).content.decode()


def test_the_meta_tags_follow_the_address_asked(client, home_page, english_home_page):
    index = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory.create_batch(13, parent=index)
    first = client.get(index.url).content.decode()
    second = client.get(index.url + "?page=2").content.decode()
    assert 'hreflang="fr" href="http://testserver/fr/histoires/?page=2"' in second
    assert 'hreflang="fr" href="http://testserver/fr/histoires/"' in first


def test_a_story_page_shows_a_related_story_published_after_it_was_viewed(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, tags=["CV"])
    assert "Une suite" not in client.get(story.url).content.decode()

    StoryPageFactory(parent=index, tags=["CV"], title="Une suite")

    html = client.get(story.url).content.decode()
    assert "Une suite" in html and f'href="{index.url}?tag=cv"' in html
