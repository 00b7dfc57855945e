"""The association's editors manage partner structures without a superuser."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from network.models import Structure
from tests.network.factories import StructureFactory, VolunteerAnswerFactory

pytestmark = pytest.mark.django_db


def _staff_in(group_name, django_user_model):
    user = django_user_model.objects.create_user(
        email=f"{group_name.lower()}@exemple.fr", password="motdepasse-solide"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(_staff_in("Editors", django_user_model))
    return client


def test_editor_adds_a_structure_from_the_admin(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_network_structure:add"),
        {
            "name": "Mission locale de Roubaix",
            "slug": "",
            "kind": "mission_locale",
            "address": "1 place de la Liberté",
            "postcode": "59100",
            "city": "Roubaix",
            "departement": "",
            "website": "",
            "description": "Accueille les jeunes de Roubaix.",
            "description_en": "",
        },
    )

    assert response.status_code == 302
    assert Structure.objects.filter(name="Mission locale de Roubaix").exists()


def test_editor_edits_a_structure_but_cannot_delete_it(editor_client):
    structure = StructureFactory()

    edit = editor_client.get(reverse("wagtailsnippets_network_structure:edit", args=[structure.pk]))
    delete = editor_client.get(
        reverse("wagtailsnippets_network_structure:delete", args=[structure.pk])
    )

    assert edit.status_code == 200
    assert delete.status_code in (302, 403)


def test_editor_reads_answers_to_calls_but_a_moderator_alone_deletes_them(
    client, django_user_model, call
):
    answer = VolunteerAnswerFactory(call=call)
    client.force_login(_staff_in("Editors", django_user_model))
    assert client.get(reverse("volunteer_answers:index")).status_code == 200
    delete_url = reverse("volunteer_answers:delete", args=[answer.pk])
    assert client.get(delete_url).status_code in (302, 403)

    client.force_login(_staff_in("Moderators", django_user_model))
    assert client.get(delete_url).status_code == 200
