"""Editors extend the directory search's synonyms in the admin (issue 14, point 10)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import SearchSynonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        email="editrice@exemple.fr", password="motdepasse-solide"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_common_abbreviations_are_seeded():
    btp = SearchSynonym.objects.get(term="BTP")
    assert btp.equivalent_list() == ["bâtiment", "travaux publics"]
    assert SearchSynonym.objects.filter(term="RH").exists()


def test_editors_and_moderators_may_manage_synonyms():
    for name in ("Editors", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"} <= codenames


def test_an_editor_adds_a_synonym_in_the_admin(editor_client):
    response = editor_client.post(
        reverse("search_synonyms:add"),
        {"term": "ASV", "equivalents": "auxiliaire spécialisé vétérinaire, vétérinaire"},
    )

    assert response.status_code == 302
    assert SearchSynonym.objects.get(term="ASV").equivalent_list() == [
        "auxiliaire spécialisé vétérinaire",
        "vétérinaire",
    ]


def test_a_term_of_several_words_is_refused_with_a_clear_message(editor_client):
    response = editor_client.post(
        reverse("search_synonyms:add"),
        {"term": "aide soignant", "equivalents": "AS"},
    )

    assert response.status_code == 200
    assert "Un seul mot d’au moins deux lettres." in response.text
    assert response.context["form"]["equivalents"].value() == "AS"
    assert not SearchSynonym.objects.filter(term="aide soignant").exists()
