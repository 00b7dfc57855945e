from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from config import caching
        from network.cdn import purge_structure_pages
        from network.models import Company, Structure, VolunteerAnswer

        # Structures are shown by their index, map, pages and the search; an answer
        # changes a call's places left and which calls are open.
        caching.outdate_on_change(Structure, scopes=(caching.STRUCTURES,))
        caching.outdate_on_change(VolunteerAnswer)
        # The partner companies' page shows the companies that agreed to it: a company
        # shown there, or shown until this change (a consent withdrawn), outdates the
        # cached public pages at once. Any other company (one a professional's sign-up
        # creates) is on no public page: saving it rebuilds nothing.
        pre_save.connect(_remember_if_shown, sender=Company, dispatch_uid="company-shown-before")
        post_save.connect(_outdate_if_shown, sender=Company, dispatch_uid="company-shown-save")
        post_delete.connect(_outdate_if_shown, sender=Company, dispatch_uid="company-shown-delete")
        # A CDN, when one is configured, is purged of the pages that show the structure.
        post_save.connect(purge_structure_pages, sender=Structure, dispatch_uid="structure-cdn")
        post_delete.connect(purge_structure_pages, sender=Structure, dispatch_uid="structure-cdn-x")


def _remember_if_shown(sender, instance, **kwargs) -> None:
    instance._was_shown = (
        instance.pk is not None and sender.objects.shown_on_site().filter(pk=instance.pk).exists()
    )


def _outdate_if_shown(sender, instance, **kwargs) -> None:
    from config import caching

    if getattr(instance, "_was_shown", False) or instance.is_shown_on_site:
        caching.outdate(caching.PUBLIC)
