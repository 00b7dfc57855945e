"""sitemap.xml with the pages of every language.

Wagtail's own sitemap lists the descendants of the site's root page only, which is the
French home page: the English tree (the root's translation, a sibling) would be missing.
"""

from urllib.parse import urlsplit, urlunsplit

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from config.site_url import absolute_url


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        )
        in_a_tree = Q()
        for path in roots:
            in_a_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        # Locations on the site's configured address: the default site's hostname
        # ("localhost" in the demo) is not always the one the site is served on.
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                # Keep the path (a page may list several: a structure index lists every
                # structure), change only the scheme and host.
                location = urlsplit(url_info["location"])
                url_info["location"] = absolute_url(
                    urlunsplit(("", "", location.path, location.query, ""))
                )
                urls.append(url_info)
        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
