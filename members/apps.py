from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membres")

    def ready(self) -> None:
        import members.profiles.professionals  # noqa: F401  (connects email_confirmed)
        from members import dashboard_cache
        from members.accounts import sessions
        from members.directory.services import connect_results_receivers
        from members.impact import cache as impact_cache
        from members.search import connect_document_receivers

        connect_document_receivers()
        connect_results_receivers()
        dashboard_cache.connect_receivers()
        impact_cache.connect_receivers()
        sessions.connect_receivers()
