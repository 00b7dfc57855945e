from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membres")

    def ready(self) -> None:
        import members.services.professionals  # noqa: F401  (connects email_confirmed)
        from members.search import connect_document_receivers
        from members.services import dashboard_cache, sessions
        from members.services.directory import connect_results_receivers

        connect_document_receivers()
        connect_results_receivers()
        dashboard_cache.connect_receivers()
        sessions.connect_receivers()
