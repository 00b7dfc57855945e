"""Success stories: an index per language and the story pages under it."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from config import caching
from home.blocks import BodyBlock
from home.translations import TranslatedSlugMixin
from members.enums import HelpKind, Outcome

STORIES_PER_PAGE = 12
TAG_CLOUD_SIZE = 20
TAG_CLOUD_WINDOW = 300
RELATED_STORIES = 3
# Related stories are looked for among the stories of the newest tag rows sharing a tag.
RELATED_WINDOW = 200
FEED_SIZE = 20

# Rendition specs, shared by templates and the prefetches below so they always match:
# a prefetched rendition is used only when its filter spec is the one the template asks for.
CARD_IMAGE_SPEC = "fill-640x360|format-webp"
HERO_IMAGE_SPEC = "fill-1200x630|format-webp"


class StoryPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live public stories with what a card shows, in a fixed number of queries."""
        rendition_model = get_image_model().get_rendition_model()
        return (
            self.live()
            .public()
            # A card never shows the body: reading and decoding it cost more than the rest.
            .defer("body")
            .select_related("hero_image")
            .prefetch_related(
                Prefetch(
                    "hero_image__renditions",
                    queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
                    to_attr="prefetched_renditions",
                )
            )
            .order_by("-date", "-pk")
        )


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


def page_window(number: int, num_pages: int) -> list[int | None]:
    """The page numbers a pager shows: first, last, two on each side of the current one;
    None for an ellipsis. A handful of items whatever the number of pages."""
    wanted = {1, 2, num_pages - 1, num_pages, *range(number - 2, number + 3)}
    return [
        n if n in (1, num_pages) or abs(n - number) <= 2 else None
        for n in sorted(wanted)
        if 1 <= n <= num_pages
    ]


def page_number(value) -> int:
    """A page number from the query string: anything but a positive integer means 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


class StoryIndexPage(TranslatedSlugMixin, RoutablePageMixin, Page):
    stories_per_page = STORIES_PER_PAGE

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des histoires")
        verbose_name_plural = _("index des histoires")

    def stories(self):
        return StoryPage.objects.child_of(self).for_listing()

    def tag_cloud(self):
        """The most used tags of this index's recent live stories, in one query.

        Counting over the latest stories only keeps the query's cost bounded however many
        stories pile up, and the cloud shows what is told now.
        """
        stories = StoryPage.objects.child_of(self).live().order_by("-date", "-pk")
        recent = stories.values("pk")[:TAG_CLOUD_WINDOW]
        return (
            Tag.objects.filter(stories_storypagetag_items__content_object__in=recent)
            .annotate(story_count=Count("stories_storypagetag_items"))
            .order_by("-story_count", "name")[:TAG_CLOUD_SIZE]
        )

    def feed_url(self, kind, request=None):
        return self.get_url(request) + self.reverse_subpage(f"feed-{kind}")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = self.stories()
        # Cached until public content changes (config.caching): a query per page saved.
        tags = caching.get_or_compute("story-tags", [self.pk], lambda: list(self.tag_cloud()))
        current_tag = None
        tag_slug = request.GET.get("tag", "").strip()
        if tag_slug:
            current_tag = next((tag for tag in tags if tag.slug == tag_slug), None)
            if current_tag is None:
                current_tag = Tag.objects.filter(slug=tag_slug).first()
            stories = stories.filter(tags__slug=tag_slug)
        # Pages of primary keys: a deep page sorts narrow rows, then only its stories are
        # fetched. Without a tag, the order of every story is cached until a page changes
        # (sorting them all cost 5 ms at 5,000 stories). Garbage means the first page, a
        # page past the end the last one.
        if tag_slug:
            order = stories.values_list("pk", flat=True)
        else:
            order = caching.get_or_compute(
                "story-order", [self.pk], lambda: list(stories.values_list("pk", flat=True))
            )
        paginator = Paginator(order, self.stories_per_page)
        page_obj = paginator.get_page(page_number(request.GET.get("page")))
        story_pks = list(page_obj.object_list)

        def page_stories():
            by_pk = stories.filter(pk__in=story_pks).in_bulk()
            return [by_pk[pk] for pk in story_pks if pk in by_pk]

        context.update(
            # The cards come from the layout cache (layout_cards tag): the stories are read
            # only for the cards it misses.
            story_pks=story_pks,
            stories=SimpleLazyObject(page_stories),
            page_obj=page_obj,
            page_numbers=page_window(page_obj.number, paginator.num_pages),
            paginator=paginator,
            tags=tags,
            tag_slug=tag_slug,
            current_tag=current_tag,
            rss_url=self.feed_url("rss", request),
            atom_url=self.feed_url("atom", request),
        )
        return context

    @path("flux/rss/", name="feed-rss")
    def rss_feed(self, request):
        from stories.feeds import StoryRssFeed

        return StoryRssFeed(self)(request)

    @path("flux/atom/", name="feed-atom")
    def atom_feed(self, request):
        from stories.feeds import StoryAtomFeed

        return StoryAtomFeed(self)(request)


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(TranslatedSlugMixin, Page):
    date = models.DateField(_("date de l’histoire"), default=datetime.date.today)
    summary = models.TextField(
        _("résumé"),
        max_length=400,
        help_text=_("Deux ou trois phrases, reprises dans la liste des histoires et le flux."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Son titre ou sa description sert de texte alternatif."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("corps de l’histoire"))
    tags = ClusterTaggableManager(verbose_name=_("mots-clés"), through=StoryPageTag, blank=True)
    help_kind = models.CharField(
        _("coup de pouce"), max_length=32, choices=HelpKind.choices, default=HelpKind.OTHER
    )
    outcome = models.CharField(
        _("ce qu’il en est sorti"), max_length=32, choices=Outcome.choices, default=Outcome.OTHER
    )
    featured = models.BooleanField(
        _("à la une"), default=False, help_text=_("Mise en avant sur la page d’accueil.")
    )

    objects = StoryPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("help_kind"), FieldPanel("outcome")],
            heading=_("L’histoire en bref"),
        ),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("featured"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("featured"),
        index.FilterField("date"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("histoire")
        verbose_name_plural = _("histoires")

    @property
    def published_at(self):
        """The story's date as an aware datetime (noon, so no time zone moves its day)."""
        return datetime.datetime.combine(self.date, datetime.time(12), tzinfo=datetime.UTC)

    def index_page(self):
        # The parent's path is the story's minus its last step: one query, already specific.
        if not self.path or not self.depth or self.depth < 2:
            return None
        return StoryIndexPage.objects.filter(path=self.path[: -self.steplen]).first()

    def related_stories(self, tags=None):
        """Up to three live stories of the same language sharing tags or the kind of help.

        Stories sharing the most tags come first, then the newest of the same kind. Which
        ones is cached; their cards are one query (plus their renditions). ``tags``: this
        story's tags when the caller has read them already.
        """
        if self.pk is None:
            return []
        # Which stories: cached until public content changes (config.caching), as the home
        # page's featured stories; only their cards are read on each view.
        pks = caching.get_or_compute("related-stories", [self.pk], lambda: self._related_pks(tags))
        if not pks:
            return []
        by_pk = StoryPage.objects.for_listing().filter(pk__in=pks).in_bulk()
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def _related_pks(self, tags):
        """Two small queries whatever the number of stories: the first only joins the tag
        rows of this story's tags."""
        candidates = (
            StoryPage.objects.filter(locale_id=self.locale_id).live().public().exclude(pk=self.pk)
        )
        # The ids as literals, not a subquery: PostgreSQL then knows how common each tag
        # is. With a subquery it walked every tag row, newest first, looking for the 200
        # newest sharing a rare tag (24 ms for a story among 15,000 tag rows).
        tags = self.tags.all() if tags is None else tags
        tag_ids = [tag.pk for tag in tags]
        if not tag_ids:
            return self._same_kind(candidates, [])
        # Only the stories of the newest tag rows sharing a tag: bounded whatever the total.
        recent = (
            StoryPageTag.objects.filter(tag_id__in=tag_ids)
            .exclude(content_object_id=self.pk)
            .order_by("-content_object_id")
            .values("content_object_id")[:RELATED_WINDOW]
        )
        # Ranked on narrow rows (grouping whole pages cost more than the search), then
        # the cards of the chosen few are read.
        ranked = list(
            candidates.filter(pk__in=recent, tagged_items__tag_id__in=tag_ids)
            .values("pk")
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-date", "-pk")
            .values_list("pk", flat=True)[:RELATED_STORIES]
        )
        return self._same_kind(candidates, ranked)

    def _same_kind(self, candidates, pks):
        """``pks`` completed with the newest stories of the same kind of help."""
        if len(pks) < RELATED_STORIES:
            pks += (
                candidates.filter(help_kind=self.help_kind)
                .exclude(pk__in=pks)
                .order_by("-date", "-pk")
                .values_list("pk", flat=True)[: RELATED_STORIES - len(pks)]
            )
        return pks

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only to build the story's HTML, which the layout cache keeps until a page
        # changes (the layout_fragment tags of the template).
        index_page = SimpleLazyObject(self.index_page)
        story_tags = SimpleLazyObject(lambda: list(self.tags.all()))
        context.update(
            index_page=index_page,
            story_tags=story_tags,
            related_stories=SimpleLazyObject(lambda: self.related_stories(story_tags)),
            rss_url=SimpleLazyObject(
                lambda: index_page.feed_url("rss", request) if index_page else None
            ),
            atom_url=SimpleLazyObject(
                lambda: index_page.feed_url("atom", request) if index_page else None
            ),
        )
        return context
