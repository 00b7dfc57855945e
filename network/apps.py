from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from network.map import invalidate_map
        from network.models import Structure

        # Any change of a structure can change the counts the map shows.
        post_save.connect(invalidate_map, sender=Structure, dispatch_uid="structure-map-save")
        post_delete.connect(invalidate_map, sender=Structure, dispatch_uid="structure-map-del")
