"""Editors can only build a sensible tree: each page type where it belongs."""

from wagtail.models import Page

from home.models import ContactPage, HomePage, StandardPage
from network.models import CompanyIndexPage, StructureIndexPage, VolunteerCallIndexPage
from stories.models import StoryIndexPage
from tests.home.factories import ContactPageFactory, StandardPageFactory


def test_home_page_sits_at_the_root_only(home_page):
    assert HomePage.can_create_at(Page.get_first_root_node()) is False  # one per parent
    assert HomePage.can_create_at(home_page) is False


def test_home_page_accepts_every_section_of_the_site():
    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        ContactPage,
        StoryIndexPage,
        StructureIndexPage,
        VolunteerCallIndexPage,
        CompanyIndexPage,
    }


def test_standard_page_can_be_created_under_home_and_under_itself(home_page):
    about = StandardPageFactory(parent=home_page)
    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(about)
    assert StandardPage.allowed_subpage_models() == [StandardPage]


def test_standard_page_cannot_be_created_at_the_root_or_under_a_contact_page(home_page):
    contact = ContactPageFactory(parent=home_page)
    assert not StandardPage.can_create_at(Page.get_first_root_node())
    assert not StandardPage.can_create_at(contact)


def test_contact_page_is_a_single_child_of_home(home_page):
    assert ContactPage.can_create_at(home_page)
    ContactPageFactory(parent=home_page)
    assert not ContactPage.can_create_at(home_page)
    about = StandardPageFactory(parent=home_page)
    assert not ContactPage.can_create_at(about)
    assert ContactPage.allowed_subpage_models() == []
