import pytest
from django.urls import reverse

from network.models import VolunteerAnswer
from tests.members.factories import with_totp
from tests.network.factories import CompanyFactory, StructureFactory, VolunteerAnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    user = django_user_model.objects.create_superuser(
        email="admin@exemple.fr", password="motdepasse-solide", first_name="A", last_name="B"
    )
    with_totp(user)  # superusers reach young people's data: a second factor is required
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_superuser_sees_structures_in_the_snippet_listing(admin_client):
    StructureFactory(name="E2C Seine-Saint-Denis")
    StructureFactory(name="EPIDE de Meaux", is_approved=False, postcode="77100", city="Meaux")
    response = admin_client.get(reverse("wagtailsnippets_network_structure:list"))
    assert response.status_code == 200
    assert "E2C Seine-Saint-Denis" in response.text
    assert "EPIDE de Meaux" in response.text


def test_snippet_listing_filters_by_departement_and_approval(admin_client):
    StructureFactory(name="E2C Seine-Saint-Denis")
    StructureFactory(name="EPIDE de Meaux", is_approved=False, postcode="77100", city="Meaux")
    url = reverse("wagtailsnippets_network_structure:list")
    response = admin_client.get(url, {"departement": "77", "status": "pending"})
    assert response.status_code == 200
    assert "EPIDE de Meaux" in response.text
    assert "E2C Seine-Saint-Denis" not in response.text
    # The filter says the status in words; no "Approuvée : False" anywhere.
    assert "False" not in response.text
    assert 'name="is_approved"' not in response.text


def test_approving_is_a_button_on_the_structures_page(admin_client):
    structure = StructureFactory(name="EPIDE de Meaux", is_approved=False)
    approve_url = reverse("wagtailsnippets_network_structure:approve", args=[structure.pk])

    response = admin_client.get(
        reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])
    )

    assert response.status_code == 200
    # A button of the header's actions, not an item hidden in its "…" menu.
    assert f'<a href="{approve_url}" class="w-header-button button"' in response.text


def test_snippet_search_finds_a_structure_by_name(admin_client):
    StructureFactory(name="Mission locale de Lille", postcode="59000", city="Lille")
    StructureFactory(name="EPIDE de Meaux", postcode="77100", city="Meaux")
    url = reverse("wagtailsnippets_network_structure:list")
    response = admin_client.get(url, {"q": "Lille"})
    assert "Mission locale de Lille" in response.text
    assert "EPIDE de Meaux" not in response.text


def test_structure_can_be_created_from_the_admin_with_derived_departement(admin_client):
    url = reverse("wagtailsnippets_network_structure:add")
    response = admin_client.post(
        url,
        {
            "name": "Mission locale de Roubaix",
            "slug": "",
            "kind": "mission_locale",
            "address": "1 place de la Liberté",
            "postcode": "59100",
            "city": "Roubaix",
            "departement": "",
            "website": "",
            "description": "",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    from network.models import Structure

    structure = Structure.objects.get(name="Mission locale de Roubaix")
    assert structure.departement == "59"
    assert structure.slug == "mission-locale-de-roubaix"
    assert structure.is_approved is False


def test_superuser_sees_companies(admin_client):
    CompanyFactory(name="Banque du Nord")
    response = admin_client.get(reverse("wagtailsnippets_network_company:list"))
    assert response.status_code == 200
    assert "Banque du Nord" in response.text


def test_staff_lists_and_exports_answers_as_csv(admin_client, call):
    VolunteerAnswerFactory(call=call, name="Camille Martin", email="camille@exemple.fr")
    response = admin_client.get(reverse("volunteer_answers:index"))
    assert response.status_code == 200
    assert "camille@exemple.fr" in response.text
    export = admin_client.get(reverse("volunteer_answers:index"), {"export": "csv"})
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode()
    assert "camille@exemple.fr" in content
    assert call.title in content


def test_answers_cannot_be_created_or_edited_in_the_admin(admin_client, call):
    answer = VolunteerAnswerFactory(call=call)
    assert admin_client.get(reverse("volunteer_answers:add")).status_code in (302, 403)
    edit = admin_client.get(reverse("volunteer_answers:edit", args=[answer.pk]))
    assert edit.status_code in (302, 403)
    assert VolunteerAnswer.objects.count() == 1


def test_anonymous_visitor_cannot_see_answers(client, call):
    VolunteerAnswerFactory(call=call)
    response = client.get(reverse("volunteer_answers:index"))
    assert response.status_code == 302


def test_structure_edit_form_renders(admin_client):
    structure = StructureFactory()
    url = reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("model", "parent_fixture"),
    [
        ("volunteercallpage", "call_index"),
        ("volunteercallindexpage", "home_page"),
        ("structureindexpage", "home_page"),
    ],
)
def test_editor_can_open_the_page_creation_forms(admin_client, request, model, parent_fixture):
    parent = request.getfixturevalue(parent_fixture)
    url = reverse("wagtailadmin_pages:add", args=["network", model, parent.pk])
    assert admin_client.get(url).status_code == 200


def test_call_page_created_from_the_admin_is_published(admin_client, call_index):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from network.models import VolunteerCallPage

    url = reverse("wagtailadmin_pages:add", args=["network", "volunteercallpage", call_index.pk])
    data = nested_form_data(
        {
            "title": "Relire des lettres de motivation",
            "slug": "relire-des-lettres",
            "summary": "Une heure pour relire des lettres.",
            "what_is_asked": "Relire trois lettres.",
            "is_remote": "on",
            "city": "",
            "departement": "",
            "start_date": "",
            "end_date": "",
            "date_text": "En décembre",
            "places": "4",
            "deadline": "2099-12-31",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    call = VolunteerCallPage.objects.get(slug="relire-des-lettres")
    assert call.live
    assert call.places_left == 4
