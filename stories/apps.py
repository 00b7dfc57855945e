from django.apps import AppConfig, apps
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Histoires")

    def ready(self):
        from stories import moderation
        from stories.models import StoryIndexPage

        post_save.connect(
            moderation.on_story_index_saved,
            sender=StoryIndexPage,
            dispatch_uid="stories-index-workflow",
        )
        for label in moderation.EDITOR_PUBLISHED_SECTIONS:
            try:
                model = apps.get_model(label)
            except LookupError:
                # The network app may not define this page type (yet).
                continue
            post_save.connect(
                moderation.on_editor_published_section_saved,
                sender=model,
                dispatch_uid=f"stories-editors-publish-{label}",
            )
