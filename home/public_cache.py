"""What outdates the public content's cache (config.caching.PUBLIC) among the models of
Wagtail and of the home app. The network app connects its own (structures, companies,
answers to calls).

Anonymous pages, layout fragments and cards, orders of indexes, the map and the search
results are all kept under that one version, so any change an anonymous visitor could
see (a page published, unpublished, moved, deleted or saved with a new draft, a view
restriction, a site, a locale, the site settings, an image or a document replaced, a tag
renamed) outdates them at once, on every instance.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from config import caching

_outdate_public = caching.outdater(caching.PUBLIC)


def _site_settings_saved(sender, instance, created, **kwargs):
    # The site settings are created empty on the first page built: what that page cached
    # already shows them. Only a change outdates it.
    if not created:
        caching.outdate(caching.PUBLIC)


def _purge_listings(sender, instance, **kwargs):
    """With a CDN in front (WAGTAILFRONTENDCACHE), Wagtail purges a page published or
    unpublished; the pages that list it (its ancestors: an index, the home page) are
    purged with it."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).live().specific())
    batch.purge()


def connect() -> None:
    """Called once from HomeConfig.ready()."""
    from home.models import SiteSettings

    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    caching.outdate_on_change(
        *page_models,
        PageViewRestriction,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        Tag,
    )
    post_save.connect(_site_settings_saved, sender=SiteSettings, dispatch_uid="public-settings")
    post_delete.connect(_outdate_public, sender=SiteSettings, dispatch_uid="public-settings-del")
    # Publishing may write no row of the page's own model (a scheduled publication, a
    # revision made live by a workflow): Wagtail's signals say it.
    page_published.connect(_outdate_public, dispatch_uid="public-page-published")
    page_unpublished.connect(_outdate_public, dispatch_uid="public-page-unpublished")
    post_page_move.connect(_outdate_public, dispatch_uid="public-page-moved")
    page_published.connect(_purge_listings, dispatch_uid="public-purge-published")
    page_unpublished.connect(_purge_listings, dispatch_uid="public-purge-unpublished")
