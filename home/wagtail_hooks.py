"""The admin side of translated pages (home/translations.py): an editor submits a
translation for moderation; "Sync translated pages" publishes only for those who may."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Page
from wagtail_localize.views import convert
from wagtail_localize.views.update_translations import UpdateTranslationsView

from home import translations

SUBMIT_TRANSLATION = "submit-translation-for-moderation"


@hooks.register("before_edit_page")
def submit_translation_for_moderation(request, page):
    """The editor's button on wagtail-localize's translation editor (its template is
    extended in templates/wagtail_localize/admin/edit_translation.html). Wagtail has
    already checked that the user may edit the page."""
    if request.method != "POST" or SUBMIT_TRANSLATION not in request.POST:
        return None
    if not translations.may_submit_for_moderation(page, request.user):
        messages.error(request, _("Vous ne pouvez pas soumettre cette traduction."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    try:
        translations.submit_for_moderation(page, request.user)
    except translations.TranslationNotSubmittable:
        messages.error(request, _("Cette page n’est pas une traduction à soumettre."))
    except ValidationError as error:
        messages.error(
            request,
            _("La traduction ne peut pas être soumise : %(errors)s")
            % {"errors": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _(
                "Traduction « %(title)s » soumise à la modération : elle sera en ligne "
                "dès qu’un modérateur l’aura approuvée."
            )
            % {"title": page.specific_deferred.title},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", whose "Publish immediately" box would
    let an editor publish a story without its moderation: for someone who may not publish
    every translated page, the box is disabled (Django then ignores a forged value)."""

    def get_form(self):
        form = super().get_form()
        if not translations.may_publish_translations(self.object, self.request.user):
            field = form.fields["publish_translations"]
            field.disabled = True
            field.help_text = gettext_lazy(
                "Les mises à jour sont enregistrées en brouillon : un modérateur publie "
                "chaque traduction après relecture."
            )
        return form


def moderated_convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias page": an alias is live whenever its French
    source is, with the French text, so only someone who may publish the page makes one."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        messages.error(
            request,
            _(
                "Une page alias montre en ligne le texte de sa page d’origine : seul un "
                "modérateur peut en faire une."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return convert.convert_to_alias(request, page_id)


@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    # Before wagtail-localize's own URLs (order=-1): the same addresses, so its links and
    # reverse("wagtail_localize:…") lead here.
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ModeratedUpdateTranslationsView.as_view(),
            name="moderated_update_translations",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            moderated_convert_to_alias,
            name="moderated_convert_to_alias",
        ),
    ]
