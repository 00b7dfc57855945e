from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from config import caching
        from network.cdn import purge_structure_pages
        from network.models import Company, Structure, VolunteerAnswer

        # Structures are shown by their index, map, pages and the search; an answer
        # changes a call's places left and which calls are open.
        caching.outdate_on_change(Structure, scopes=(caching.STRUCTURES,))
        caching.outdate_on_change(VolunteerAnswer)
        # The partner companies' page shows the companies that agreed to it: a consent
        # withdrawn takes the company off the cached copies of the page at once.
        caching.outdate_on_change(Company)
        # A CDN, when one is configured, is purged of the pages that show the structure.
        post_save.connect(purge_structure_pages, sender=Structure, dispatch_uid="structure-cdn")
        post_delete.connect(purge_structure_pages, sender=Structure, dispatch_uid="structure-cdn-x")
