"""The public site's own pages and its site-wide settings."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from config import caching
from home import figures
from home.blocks import AudienceCallsBlock, BodyBlock, SocialLinksBlock
from home.translations import TranslatedSlugMixin


class HomePage(Page):
    """The French home page is the site root; its English translation is a sibling."""

    hero_title = models.CharField(_("titre d'accroche"), max_length=120)
    hero_text = models.TextField(_("texte d'accroche"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'accroche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mission_title = models.CharField(
        _("titre de la mission"), max_length=120, default="Notre mission"
    )
    mission_text = models.TextField(
        _("la mission en quelques mots"),
        max_length=600,
        blank=True,
        help_text=_("Deux ou trois phrases : pourquoi l'association existe."),
    )
    audiences = StreamField(
        AudienceCallsBlock(),
        verbose_name=_("appels à chaque public"),
        blank=True,
        help_text=_("Jeunes, professionnels, structures, entreprises : un encadré chacun."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Accroche"),
        ),
        MultiFieldPanel(
            [FieldPanel("mission_title"), FieldPanel("mission_text")], heading=_("Mission")
        ),
        FieldPanel("audiences"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ContactPage",
        "stories.StoryIndexPage",
        "network.StructureIndexPage",
        "network.VolunteerCallIndexPage",
        "network.CompanyIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        """Wagtail's route (the documented way to change it: this root page's ``route``),
        from the page a path led to last time.

        Wagtail walks the path one slug at a time: two queries per step, and the specific
        row of every page on the way (six queries for a story). Which page a path leads
        to, and how many of its components that took, is kept until public content
        changes (config.caching: any page saved, moved, deleted, published or not). That
        page is then read in one query and routes what is left itself (a routable page's
        own addresses, the live check), as in Wagtail."""
        if not path_components:
            return super().route(request, path_components)
        key = caching.make_key("route", [self.pk, *path_components])
        found = caching.get(key)
        if found is None:
            result = super().route(request, path_components)  # Http404 is not kept
            page = result.page
            caching.store(key, (page.pk, page.content_type_id, page.depth - self.depth))
            return result
        pk, content_type_id, steps = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=pk).first() if model else None
        if page is None:  # gone since (the version changes on commit): Wagtail's own walk
            return super().route(request, path_components)
        return page.route(request, path_components[steps:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = figures.get_figures(self.locale_id)
        # Read only when the template builds their section: a cached section (the
        # layout_fragment tag) needs neither query.
        context["featured_stories"] = SimpleLazyObject(self.featured_stories)
        context["open_calls"] = SimpleLazyObject(self.open_calls)
        context.update(self.section_urls(request))
        return context

    def featured_stories(self, limit=3):
        """The latest featured stories in this page's language, with their image renditions."""
        # The stories app's listing queryset prefetches the renditions its cards use.
        stories = apps.get_model("stories", "StoryPage").objects.for_listing()
        stories = stories.filter(locale_id=self.locale_id, featured=True)
        # Which stories: cached until a page changes (sorting every featured story costs).
        pks = caching.get_or_compute(
            "featured-stories",
            [self.locale_id, limit],
            lambda: list(stories.order_by("-date", "-pk").values_list("pk", flat=True)[:limit]),
        )
        by_pk = stories.filter(pk__in=pks).in_bulk()
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def open_calls(self, limit=3):
        """The open calls whose deadline comes first, with their places left.

        Which calls is cached until a page changes or someone answers a call
        (config.caching); the few are read again, and checked open, on each view.
        """
        calls = apps.get_model("network", "VolunteerCallPage").objects.open()
        pks = caching.get_or_compute(
            "open-calls",
            [self.locale_id, limit],
            lambda: list(
                calls.live()
                .public()
                .filter(locale_id=self.locale_id)
                .order_by("deadline", "pk")
                .values_list("pk", flat=True)[:limit]
            ),
        )
        by_pk = calls.filter(pk__in=pks).in_bulk() if pks else {}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def section_urls(self, request):
        """The URLs of the story and call indexes under this page ("" when missing)."""
        return caching.get_or_compute(
            "home-sections", [self.pk], lambda: self._section_urls(request)
        )

    def _section_urls(self, request):
        urls = {"story_index_url": "", "call_index_url": ""}
        for name, label in (
            ("story_index_url", "stories.StoryIndexPage"),
            ("call_index_url", "network.VolunteerCallIndexPage"),
        ):
            index = apps.get_model(label).objects.child_of(self).live().first()
            if index is not None:
                urls[name] = index.get_url(request)
        return urls


class StandardPage(TranslatedSlugMixin, Page):
    """About, FAQ, legal notice, privacy policy: an intro and a free body."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")


class FormField(TranslatableMixin, AbstractFormField):
    # Translatable so that wagtail-localize offers the labels, help texts and choices
    # for translation; a plain child would be copied from the French page as is.
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


class ContactPage(TranslatedSlugMixin, AbstractEmailForm):
    """A form built in the admin; answers are stored and emailed to the association."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    thank_you_text = RichTextField(
        _("message de remerciement"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [
        FormSubmissionsPanel(),
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Champs du formulaire")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Courriel envoyé à l'association"),
            help_text=_(
                "Sans destinataire, les messages vont à l'adresse de contact des réglages du site."
            ),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page de contact")
        verbose_name_plural = _("pages de contact")

    def get_recipients(self, request=None):
        if self.to_address:
            return [address.strip() for address in self.to_address.split(",") if address]
        site = self.get_site()
        contact = SiteSettings.for_site(site).contact_email if site else ""
        return [contact or settings.ASSOCIATION_EMAIL]

    def get_form_class(self):
        # A honeypot and a time check on the form, whatever fields editors give it.
        from home.contact import ProtectedFormBuilder

        return ProtectedFormBuilder(self.get_form_fields()).get_form_class()

    def serve(self, request, *args, **kwargs):
        # A rate limit per address between validation and storage (config.antispam).
        from home.contact import serve_contact

        return serve_contact(self, request, *args, **kwargs)

    def get_submissions_list_view_class(self):
        # Its export neutralises cells a spreadsheet would run (a message "=HYPERLINK…").
        from home.spreadsheets import ContactSubmissionsListView

        return ContactSubmissionsListView

    def process_form_submission(self, form):
        # The submission and its email (in the outbox) commit together; the email leaves
        # after the commit, retried until the mail server takes it.
        from home.tasks import queue_contact_email

        with transaction.atomic():
            submission = self.get_submission_class().objects.create(
                form_data=form.cleaned_data, page=self
            )
            queue_contact_email(
                self.subject or str(_("Nouveau message depuis le site")),
                self.render_email(form),
                self.get_recipients(),
                self.from_address or settings.DEFAULT_FROM_EMAIL,
            )
        return submission


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Footer, social links and contact address, edited in Settings > Site."""

    contact_email = models.EmailField(
        _("adresse de contact"),
        blank=True,
        help_text=_("Reçoit les messages du formulaire de contact."),
    )
    # Site settings are not translatable with wagtail-localize: the footer text has
    # one field per language, the simplest form editors understand.
    footer_text = models.TextField(_("texte du pied de page (français)"), blank=True)
    footer_text_en = models.TextField(_("texte du pied de page (anglais)"), blank=True)
    social_links = StreamField(SocialLinksBlock(), verbose_name=_("réseaux sociaux"), blank=True)
    legal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page des mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de confidentialité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_en"),
        FieldPanel("social_links"),
        FieldPanel("legal_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("réglages du site")

    @property
    def localized_footer_text(self):
        if get_language() == "en" and self.footer_text_en:
            return self.footer_text_en
        return self.footer_text
