from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site public")

    def ready(self):
        from home import figures, layout_cache, shared_lookups

        layout_cache.connect()
        shared_lookups.install()
        figures.connect()
