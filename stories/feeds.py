"""RSS and Atom feeds of a story index, served by the index's own routes (one per language)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from stories.models import FEED_SIZE


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed
    kind = "rss"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None
        # The feed speaks the language of its index, whatever language is active.
        self.language = index_page.locale.language_code

    def __call__(self, request, *args, **kwargs):
        # Item links are built by Wagtail, which needs the request to know the site.
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def title(self, obj):
        return _("%(title)s · Un début de réseau") % {"title": obj.title}

    # Links are on the site's configured address (WAGTAILADMIN_BASE_URL), not on the
    # Wagtail Site's hostname (``localhost`` unless an editor changed it) nor on the Host
    # header of whoever first filled the cache.
    def link(self, obj):
        return absolute_url(obj.get_url(self.request))

    def feed_url(self, obj):
        return self.link(obj) + obj.reverse_subpage(f"feed-{self.kind}")

    def description(self, obj):
        return _("Les dernières histoires de coups de pouce d’Un début de réseau.")

    subtitle = description

    def items(self, obj):
        return obj.stories()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_categories(self, item):
        return [item.get_help_kind_display()]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    kind = "atom"
