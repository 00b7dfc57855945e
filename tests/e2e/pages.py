"""The demo's pages that the browser tests visit, one of each public page type."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import translation

from home.models import ContactPage, HomePage, StandardPage
from network.models import (
    Structure,
    StructureIndexPage,
    VolunteerCallIndexPage,
    VolunteerCallPage,
)
from stories.models import StoryIndexPage, StoryPage
from tests.e2e.helpers import localized_reverse, page_path

LANGUAGES = ("fr", "en")
PAGE_TYPES = (
    "home",
    "standard",
    "faq",
    "story_index",
    "story",
    "structure_index",
    "structure",
    "call_index",
    "call",
    "contact",
    "search",
    "not_found",
)
# Pages that are Wagtail pages (or routes of one) and so have a translation to switch to.
TRANSLATED_PAGE_TYPES = PAGE_TYPES[:10]


def has_faq(page) -> bool:
    return any(block.block_type == "faq" for block in page.body)


def live(model, language):
    return model.objects.live().public().filter(locale__language_code=language)


def find_standard_page(language):
    return next(page for page in live(StandardPage, language).order_by("path") if not has_faq(page))


def find_faq_page(language):
    return next(page for page in live(StandardPage, language).order_by("path") if has_faq(page))


def find_story(language):
    index = live(StoryIndexPage, language).get()
    return StoryPage.objects.child_of(index).for_listing().first()


def find_structure(language):
    """A ``(structure_index, structure)`` pair: structures are not pages."""
    return live(StructureIndexPage, language).get(), Structure.objects.approved().order_by(
        "name"
    ).first()


def find_call(language):
    index = live(VolunteerCallIndexPage, language).get()
    return (
        VolunteerCallPage.objects.child_of(index).live().open().order_by("deadline", "pk").first()
    )


FINDERS = {
    "home": lambda language: live(HomePage, language).get(),
    "standard": find_standard_page,
    "faq": find_faq_page,
    "story_index": lambda language: live(StoryIndexPage, language).get(),
    "story": find_story,
    "structure_index": lambda language: live(StructureIndexPage, language).get(),
    "structure": find_structure,
    "call_index": lambda language: live(VolunteerCallIndexPage, language).get(),
    "call": find_call,
    "contact": lambda language: live(ContactPage, language).get(),
}


class DemoPages(dict):
    """One demo page of each type, per language, looked up on first use:
    ``demo_pages["story", "fr"]``. (Looked up lazily so that a missing page type fails
    the tests of that type only.)"""

    def __missing__(self, key):
        page_type, language = key
        self[key] = FINDERS[page_type](language)
        return self[key]


class DemoPaths(dict):
    """Paths of the demo pages: ``demo_paths["story", "fr"]`` is ``/fr/histoires/...``."""

    def __init__(self, pages):
        super().__init__()
        self.pages = pages

    def __missing__(self, key):
        page_type, language = key
        if page_type == "structure":
            index, structure = self.pages[key]
            with translation.override(language):
                subpath = index.reverse_subpage("structure", kwargs={"slug": structure.slug})
            path = page_path(index) + subpath
        elif page_type == "search":
            title = self.pages["story", language].title
            path = f"{localized_reverse(language, 'home:search')}?{urlencode({'q': title})}"
        elif page_type == "not_found":
            path = f"/{language}/cette-adresse-n-existe-pas/"
        else:
            path = page_path(self.pages[key])
        self[key] = path
        return path
