from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site public")

    def ready(self):
        from home import figures, public_cache, translations

        public_cache.connect()
        figures.connect()
        translations.connect()
