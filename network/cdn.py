"""A CDN in front of the site (WAGTAILFRONTENDCACHE): what a structure's change purges.

Structures are not pages, so Wagtail's own purge on publication does not see them: the
structure's page and the indexes that list and map the structures are purged here.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch


def purge_structure_pages(sender: type, instance: object, **kwargs: object) -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from network.models import StructureIndexPage

    batch = PurgeBatch()
    for index in StructureIndexPage.objects.live():
        url = index.get_full_url()
        if url:
            batch.add_url(url)
            slug = {"slug": instance.slug}
            batch.add_url(url + index.reverse_subpage("structure", kwargs=slug))
    batch.purge()
