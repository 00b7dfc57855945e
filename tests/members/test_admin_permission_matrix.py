"""Who may use the Wagtail admin's screens that hold members' data or guard the network
(permission_rules_admin.py): staff without a member role, and moderators with or without
their second factor.

Its own module: the members' matrix (test_permission_matrix.py) keeps its people for the
whole module, and these people are others with the same addresses.
"""

import copy

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from tests.home.factories import ContactPageFactory, site_with_a_home_page
from tests.members.factories import (
    ModeratorFactory,
    ProfessionalFactory,
    UserFactory,
    YoungPersonFactory,
    with_totp,
)
from tests.members.matrix import ADMIN_PEOPLE, CHANGED, DENY, KEPT, SETUP
from tests.members.permission_rules_admin import ADMIN_RULES
from tests.members.test_permission_matrix import outcome_of
from tests.module_rows import rows_built_once
from tests.network.factories import (
    StructureFactory,
    VolunteerAnswerFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)

pytestmark = pytest.mark.django_db


def build_admin_world() -> dict:
    home_page = site_with_a_home_page()
    editors = Group.objects.get(name="Editors")
    editor = UserFactory(email="redaction@example.org", is_staff=True)
    editor.groups.add(editors)
    editor_with_totp = UserFactory(email="redaction-2fa@example.org", is_staff=True)
    editor_with_totp.groups.add(editors)
    with_totp(editor_with_totp)
    structure = StructureFactory(referent_name="Awa Diallo", referent_email="awa@epide.fr")
    YoungPersonFactory(structure=structure, email="jeune@example.org")
    ProfessionalFactory(email="pro@example.org")
    call = VolunteerCallPageFactory(parent=VolunteerCallIndexPageFactory(parent=home_page))
    VolunteerAnswerFactory(call=call, email="benevole@example.org")
    contact = ContactPageFactory(parent=home_page)
    submission = FormSubmission.objects.create(
        page=contact, form_data={"votre_message": "Bonjour", "adresse_e_mail": "a@example.org"}
    )
    return {
        "people": {
            "editor": editor,
            "editor_with_totp": editor_with_totp,
            "moderator_without_totp": ModeratorFactory(
                email="moderatrice-sans-2fa@example.org", totp=False
            ),
            "moderator": ModeratorFactory(email="moderatrice@example.org"),
        },
        "structure": structure,
        "contact": contact,
        "submission": submission,
    }


# Built once for the module, each test gets its own copy (tests/module_rows.py).
admin_world_rows = rows_built_once(build_admin_world)


@pytest.fixture
def admin_world(db, admin_world_rows):
    return copy.deepcopy(admin_world_rows)


def admin_outcome_of(response, rule, world) -> str:
    if response.status_code == 302 and response.url == reverse("mfa_activate_totp"):
        return SETUP
    # Wagtail turns a refusal into a redirect to the admin's home with a message.
    if response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    ):
        return DENY
    if rule.changed is not None and response.status_code in (200, 302):
        return CHANGED if rule.changed(world) else KEPT
    return outcome_of(response)


@pytest.mark.parametrize("person", ADMIN_PEOPLE)
@pytest.mark.parametrize("name", sorted(ADMIN_RULES))
def test_admin_permission_matrix(client, admin_world, name, person):
    rule = ADMIN_RULES[name]
    client.force_login(admin_world["people"][person])
    url = rule.url(admin_world)
    if rule.method == "post":
        response = client.post(url, rule.data(admin_world) if rule.data else {})
    else:
        response = client.get(url)

    actual = admin_outcome_of(response, rule, admin_world)

    expected = rule.outcomes[person]
    assert actual == expected, f"{person} on {name}: expected {expected}, got {actual}"
