"""A page just under a home page may not take the first word of the site's own addresses in
its language: it would never be served (the account pages, the members area and the search
come before Wagtail's pages, config/urls.py)."""

import pytest
from django.core.exceptions import ValidationError

from home.translations import reserved_slugs
from tests.home.factories import StandardPageFactory, publish_translation


def test_the_reserved_words_are_the_site_addresses_of_each_language():
    assert reserved_slugs("fr") == {"compte", "espace", "recherche"}
    assert reserved_slugs("en") == {"account", "members", "search"}


@pytest.mark.parametrize("slug", ["compte", "espace", "recherche"])
def test_a_french_top_level_page_cannot_take_a_french_site_address(home_page, slug):
    with pytest.raises(ValidationError) as error:
        StandardPageFactory(parent=home_page, slug=slug)
    assert "slug" in error.value.message_dict


def test_an_english_page_titled_members_gets_an_error_not_a_hidden_address(
    home_page, english_home_page, locales
):
    page = StandardPageFactory(parent=home_page, title="Membres", slug="membres")
    with pytest.raises(ValidationError) as error:
        publish_translation(page, locales["en"], title="Members")
    assert "partie du site" in " ".join(error.value.message_dict["slug"])


def test_the_words_are_free_below_the_top_level_and_in_the_other_language(
    home_page, english_home_page, locales
):
    section = StandardPageFactory(parent=home_page, slug="ressources")
    assert StandardPageFactory(parent=section, slug="espace").live
    # "members" is only an English site address.
    assert StandardPageFactory(parent=home_page, slug="members").live
