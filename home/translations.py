"""Translated pages follow the same moderation as their source, with their own address.

wagtail-localize copies the French page into English and publishes the copy at once with
the French text (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE`` is off in the settings:
the copy starts as a draft). The rest is here:

- :class:`TranslatedSlugMixin`: a translation never published takes its slug from its own
  title, so "/en/stories/a-first-interview/" and not the French slug, unless the
  translator typed a slug of their own; and no page just under a home page takes the first
  word of the site's own addresses in its language ("members", "espace"…), which would hide
  it behind the members area;
- :func:`submit_for_moderation`: the translator's strings become a draft revision and the
  page enters its workflow, as the editor's "Submit for moderation" does for a French page;
  the moderator approves and Wagtail publishes that revision;
- :func:`may_publish_translations`: whether "Sync translated pages" may publish at once
  (only someone who may publish every target page);
- :func:`draft_instead_of_alias`: a parent page that has no English version yet, which
  Wagtail copies as an alias (live at once, with the French text) when one of its children
  is translated, becomes an ordinary English draft instead.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import Page, WorkflowState
from wagtail.signals import copy_for_translation_done
from wagtail_localize.models import Translation, TranslationSource


class TranslationNotSubmittable(Exception):
    """The page is not a synced translation, or has no workflow to enter."""


# The site's own views whose address's first word a top-level page must not take.
SITE_VIEWS = ("account_login", "members:dashboard", "home:search")
# Home pages are at depth 2 (under Wagtail's root): their children at 3.
TOP_LEVEL_DEPTH = 3


def reserved_slugs(language_code: str) -> set[str]:
    """The first words of the site's own addresses in ``language_code``: "compte",
    "espace", "recherche" in French; "account", "members", "search" in English."""
    with override(language_code):
        return {reverse(name).strip("/").split("/")[1] for name in SITE_VIEWS}


class TranslatedSlugMixin:
    """For page models: a never-published translation whose slug is still one of its
    translations' slugs (the copy wagtail-localize made) gets a slug from its title; a
    top-level page may not take a word of the site's own addresses."""

    def full_clean(self, *args, **kwargs):
        if self.keeps_copied_slug():
            # Wagtail's own full_clean fills an empty slug from the title, unique among
            # the siblings.
            self.slug = ""
        super().full_clean(*args, **kwargs)
        if self.depth == TOP_LEVEL_DEPTH and self.slug in reserved_slugs(self.locale.language_code):
            raise ValidationError(
                {
                    "slug": _(
                        "L’adresse « %(slug)s » est celle d’une partie du site (compte, "
                        "espace membres, recherche) : choisissez-en une autre."
                    )
                    % {"slug": self.slug}
                }
            )

    def keeps_copied_slug(self) -> bool:
        if self.pk is None or self.first_published_at is not None or not self.slug:
            return False
        return (
            Page.objects.filter(translation_key=self.translation_key, slug=self.slug)
            .exclude(pk=self.pk)
            .exists()
        )


def synced_translation(page: Page) -> Translation | None:
    """The wagtail-localize translation that fills ``page``, if it is one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source")
        .first()
    )


def may_submit_for_moderation(page: Page, user) -> bool:
    """An editor who may edit the translation but not publish it, when a workflow applies."""
    perms = page.permissions_for_user(user)
    return perms.can_edit() and not perms.can_publish() and page.get_workflow() is not None


@transaction.atomic
def submit_for_moderation(page: Page, user) -> WorkflowState:
    """Apply the translated strings to a new draft of ``page`` and send it to moderation.

    A workflow sent back for changes resumes; one already waiting keeps waiting, on the new
    draft (Wagtail publishes the latest revision when the moderator approves).
    """
    translation = synced_translation(page)
    workflow = page.get_workflow()
    if translation is None or workflow is None:
        raise TranslationNotSubmittable(page.pk)
    translation.save_target(user=user, publish=False)
    page = page.specific_class.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is None:
        return workflow.start(page, user)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    return state


def may_publish_translations(source: TranslationSource, user) -> bool:
    """Whether ``user`` may publish every page that ``source`` is translated into."""
    for translation in source.translations.filter(enabled=True):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            # Not created yet: syncing would create it, published if asked.
            target = source.get_source_instance()
        if isinstance(target, Page) and not target.permissions_for_user(user).can_publish():
            return False
    return True


def draft_instead_of_alias(sender, source_obj, target_obj, **kwargs) -> None:
    """Receiver of ``copy_for_translation_done``: a page copied into another language as an
    alias (the untranslated parents of a translated page) becomes a draft of its own."""
    if not isinstance(target_obj, Page) or target_obj.alias_of_id is None:
        return
    if target_obj.locale_id == source_obj.locale_id:
        return
    Page.objects.filter(pk=target_obj.pk).update(
        alias_of=None, live=False, has_unpublished_changes=True
    )
    target_obj.alias_of_id, target_obj.live = None, False
    # Its first revision: the editor opens a draft, and publishing it goes through the
    # page's moderation like any other.
    target_obj.specific_class.objects.get(pk=target_obj.pk).save_revision(clean=False)


def connect() -> None:
    copy_for_translation_done.connect(draft_instead_of_alias, dispatch_uid="translation-drafts")
