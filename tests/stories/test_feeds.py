import xml.etree.ElementTree as ET

from django.test import override_settings

from tests.stories.factories import StoryPageFactory, translate

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - our own feed, not untrusted input


def feed_url(index, kind):
    return index.get_url() + index.reverse_subpage(f"feed-{kind}")


def test_rss_feed_lists_live_stories_newest_first(client, story_index):
    StoryPageFactory(parent=story_index, title="Ancienne", summary="Un CV relu.")
    StoryPageFactory(parent=story_index, title="Récente")
    StoryPageFactory(parent=story_index, title="Brouillon", live=False)

    response = client.get(feed_url(story_index, "rss"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    assert channel.findtext("language") == "fr"
    assert channel.findtext("link") == "http://testserver" + story_index.get_url()
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Récente", "Ancienne"]
    assert items[1].findtext("description") == "Un CV relu."
    assert items[1].findtext("link").endswith("/fr/histoires/ancienne/")
    assert items[1].findtext("pubDate")


def test_atom_feed_lists_live_stories(client, story_index):
    story = StoryPageFactory(parent=story_index, title="Un entretien blanc")

    response = client.get(feed_url(story_index, "atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Un entretien blanc"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver" + story.get_url()
    assert entries[0].findtext(f"{ATOM}updated")


def test_english_feeds_list_english_stories_in_english(
    client, story_index, english_story_index, locales
):
    story = StoryPageFactory(parent=story_index, title="En français")
    translate(story, locales["en"], title="In English", slug="in-english")

    rss = parse(client.get(feed_url(english_story_index, "rss")).content)
    atom = parse(client.get(feed_url(english_story_index, "atom")).content)

    assert rss.find("channel").findtext("language") == "en"
    assert [item.findtext("title") for item in rss.iter("item")] == ["In English"]
    assert [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")] == ["In English"]
    assert feed_url(english_story_index, "rss").startswith("/en/stories/")


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8800/")
def test_feeds_link_to_the_sites_configured_address_not_to_the_wagtail_sites_localhost(
    client, story_index
):
    """The Wagtail Site is ``localhost`` on port 80 (its default): the feeds' links are on
    the address the site is served on, whatever Host header the reader sent."""
    story = StoryPageFactory(parent=story_index, title="Un stage trouvé")

    rss_content = client.get(feed_url(story_index, "rss"), HTTP_HOST="localhost").content
    atom_content = client.get(feed_url(story_index, "atom")).content
    rss, atom = parse(rss_content), parse(atom_content)

    base = "http://127.0.0.1:8800"
    channel = rss.find("channel")
    assert channel.findtext("link") == base + story_index.get_url()
    assert channel.find("item").findtext("link") == base + story.get_url()
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == (
        base + feed_url(story_index, "rss")
    )
    links = [link.get("href") for link in atom.iter(f"{ATOM}link")]
    assert links == [
        base + story_index.get_url(),
        base + feed_url(story_index, "atom"),
        base + story.get_url(),
    ]
    assert b"localhost" not in rss_content and b"testserver" not in atom_content
