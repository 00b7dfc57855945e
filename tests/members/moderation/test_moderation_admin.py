"""Moderation in the Wagtail admin: listings, filters, actions, exports, and who may see
them (moderators yes; editors and members no)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import ModerationAction, ReviewStatus
from members.models import ModerationLog, Sector
from tests.members.factories import ProfessionalFactory, UserFactory, YoungPersonFactory
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaction@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def structures(db):
    return {
        "pending": StructureFactory(
            name="EPIDE de Meaux",
            postcode="77100",
            city="Meaux",
            is_approved=False,
            referent_name="Awa Diallo",
            referent_email="awa@epide-meaux.fr",
        ),
        "approved": StructureFactory(name="E2C Seine-Saint-Denis"),
        "rejected": StructureFactory(
            name="Association fantôme",
            postcode="75011",
            city="Paris",
            is_approved=False,
            rejected_at=timezone.now(),
        ),
    }


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode()


# Structures


@pytest.mark.parametrize(
    ("status", "shown"),
    [("pending", "EPIDE de Meaux"), ("approved", "E2C Seine"), ("rejected", "fantôme")],
)
def test_structure_listing_filters_by_review_status(moderator_client, structures, status, shown):
    url = reverse("wagtailsnippets_network_structure:list")
    response = moderator_client.get(url, {"status": status})
    assert response.status_code == 200
    names = {"EPIDE de Meaux", "E2C Seine", "fantôme"}
    assert shown in response.text
    for other in names - {shown}:
        assert other not in response.text


def test_structure_listing_filters_by_departement(moderator_client, structures):
    url = reverse("wagtailsnippets_network_structure:list")
    response = moderator_client.get(url, {"departement": "77"})
    assert "EPIDE de Meaux" in response.text
    assert "E2C Seine" not in response.text


def test_structure_listing_offers_approve_and_reject_to_moderators(moderator_client, structures):
    response = moderator_client.get(reverse("wagtailsnippets_network_structure:list"))
    pk = structures["pending"].pk
    assert reverse("wagtailsnippets_network_structure:approve", args=[pk]) in response.text
    assert reverse("wagtailsnippets_network_structure:reject", args=[pk]) in response.text


def test_structure_edit_header_offers_the_actions(moderator_client, structures):
    pk = structures["pending"].pk
    response = moderator_client.get(reverse("wagtailsnippets_network_structure:edit", args=[pk]))
    assert reverse("wagtailsnippets_network_structure:approve", args=[pk]) in response.text


def test_approving_a_structure_from_the_admin_invites_its_referent(
    moderator_client, structures, django_capture_on_commit_callbacks
):
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:approve", args=[structure.pk])
    assert moderator_client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"reason": ""})

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.is_approved
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["awa@epide-meaux.fr"]
    accept_prefix = reverse("members:invitation-accept", kwargs={"token": "T"})[:-2]
    assert accept_prefix in mail.outbox[0].body


def test_rejecting_a_structure_without_a_reason_shows_an_error_and_changes_nothing(
    moderator_client, structures
):
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:reject", args=[structure.pk])
    response = moderator_client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "error-message" in response.text or "Ce champ est obligatoire" in response.text
    structure.refresh_from_db()
    assert structure.rejected_at is None
    assert not ModerationLog.objects.exists()


def test_rejecting_a_structure_from_the_admin_emails_the_reason(
    moderator_client, structures, django_capture_on_commit_callbacks
):
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:reject", args=[structure.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"reason": "Aucun jeune accompagné."})

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.rejected_at is not None
    assert "Aucun jeune accompagné." in mail.outbox[0].body


def test_editor_cannot_approve_a_structure(editor_client, structures):
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:approve", args=[structure.pk])
    assert editor_client.get(url).status_code in (302, 403)
    assert editor_client.post(url, {"reason": ""}).status_code in (302, 403)
    listing = editor_client.get(reverse("wagtailsnippets_network_structure:list"))
    assert url not in listing.text
    structure.refresh_from_db()
    assert not structure.is_approved


def test_moderator_exports_structures_as_csv(moderator_client, structures):
    response = moderator_client.get(
        reverse("wagtailsnippets_network_structure:list"), {"export": "csv"}
    )
    assert response.status_code == 200
    content = _csv(response)
    assert "EPIDE de Meaux" in content
    assert "awa@epide-meaux.fr" in content
    assert "En attente" in content


def test_editor_cannot_export_structures(editor_client, structures):
    url = reverse("wagtailsnippets_network_structure:list")
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"export": "csv"}).status_code in (302, 403)


def test_member_without_staff_status_cannot_export_structures(client, professional, structures):
    client.force_login(professional)
    response = client.get(reverse("wagtailsnippets_network_structure:list"), {"export": "csv"})
    assert response.status_code in (302, 403)


def test_company_listing_shows_email_domains(moderator_client):
    CompanyFactory(
        name="Banque du Nord", email_domains="banquedunord.fr", auto_approve_professionals=True
    )
    response = moderator_client.get(reverse("wagtailsnippets_network_company:list"))
    assert "banquedunord.fr" in response.text


# Professionals


@pytest.fixture
def professionals(db):
    return {
        "pending": ProfessionalFactory(
            first_name="Paula",
            last_name="Anemone",
            profile__status=ReviewStatus.PENDING,
            profile__departements=["59"],
        ),
        "approved": ProfessionalFactory(
            first_name="Alain",
            last_name="Bellerose",
            profile__departements=["75"],
            profile__verified_in_person=True,
        ),
        "rejected": ProfessionalFactory(
            first_name="Rita",
            last_name="Cerisier",
            profile__status=ReviewStatus.REJECTED,
            profile__departements=["13"],
        ),
    }


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"status": "pending"}, "Anemone"),
        ({"status": "approved"}, "Bellerose"),
        ({"status": "rejected"}, "Cerisier"),
        ({"departement": "59"}, "Anemone"),
        ({"verified_in_person": "true"}, "Bellerose"),
    ],
)
def test_professional_listing_filters(moderator_client, professionals, params, shown):
    response = moderator_client.get(reverse("professionals:index"), params)
    assert response.status_code == 200
    assert shown in response.text
    for other in {"Anemone", "Bellerose", "Cerisier"} - {shown}:
        assert other not in response.text


def test_professional_listing_searches_by_email(moderator_client, professionals):
    email = professionals["rejected"].email
    response = moderator_client.get(reverse("professionals:index"), {"q": email})
    assert "Cerisier" in response.text
    assert "Bellerose" not in response.text


def test_professionals_cannot_be_added_or_edited_in_the_admin(moderator_client, professionals):
    profile = professionals["approved"].pro_profile
    assert moderator_client.get(reverse("professionals:add")).status_code in (302, 403)
    edit = reverse("professionals:edit", args=[profile.pk])
    assert moderator_client.get(edit).status_code in (302, 403)


def test_professional_inspect_view_shows_the_profile_and_its_actions(
    moderator_client, professionals
):
    user = professionals["pending"]
    profile = user.pro_profile
    response = moderator_client.get(reverse("professionals:inspect", args=[profile.pk]))
    assert response.status_code == 200
    assert user.email in response.text
    assert "Entretien blanc" in response.text  # help kinds by their label, not their code
    assert reverse("professionals:approve", args=[profile.pk]) in response.text
    assert reverse("professionals:reject", args=[profile.pk]) in response.text


def test_approving_a_professional_from_the_admin(
    moderator_client, moderator, professionals, django_capture_on_commit_callbacks
):
    profile = professionals["pending"].pro_profile
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("professionals:approve", args=[profile.pk]), {"reason": ""}
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.APPROVED
    assert profile.reviewed_by == moderator


def test_rejecting_a_professional_without_a_reason_changes_nothing(moderator_client, professionals):
    profile = professionals["pending"].pro_profile
    response = moderator_client.post(
        reverse("professionals:reject", args=[profile.pk]), {"reason": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.PENDING
    assert mail.outbox == []


def test_verifying_a_professional_needs_the_method(moderator_client, professionals):
    profile = professionals["approved"].pro_profile
    profile.verified_in_person = False
    profile.save()
    url = reverse("professionals:verify", args=[profile.pk])

    assert moderator_client.post(url, {"method": ""}).status_code == 200
    profile.refresh_from_db()
    assert not profile.verified_in_person

    response = moderator_client.post(url, {"method": "Rencontre en personne, CNI vue."})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.verified_in_person
    assert profile.verification_method == "Rencontre en personne, CNI vue."


def test_deactivating_a_professionals_account_from_the_admin(moderator_client, professionals):
    user = professionals["approved"]
    response = moderator_client.post(
        reverse("professionals:deactivate", args=[user.pro_profile.pk]),
        {"reason": "Propos déplacés."},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active


def test_a_decision_already_taken_shows_a_clear_message(moderator_client, professionals):
    profile = professionals["approved"].pro_profile
    response = moderator_client.post(
        reverse("professionals:approve", args=[profile.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "déjà approuvé" in response.text


def test_moderator_exports_professionals_as_csv(moderator_client, professionals):
    response = moderator_client.get(reverse("professionals:index"), {"export": "csv"})
    assert response.status_code == 200
    content = _csv(response)
    for user in professionals.values():
        assert user.email in content
    assert "True" not in content  # yes/no in words
    assert ",oui," in content


# Young people


def test_young_people_listing_filters_by_status_structure_and_minority(
    moderator_client, structure, other_structure
):
    from tests.members.factories import birth_date_for_age

    YoungPersonFactory(last_name="Majeure", structure=structure)
    YoungPersonFactory(
        last_name="Mineure",
        structure=other_structure,
        profile__birth_date=birth_date_for_age(16),
        profile__status=ReviewStatus.PENDING,
    )
    url = reverse("young_people:index")

    by_structure = moderator_client.get(url, {"structure": other_structure.pk})
    assert "Mineure" in by_structure.text
    assert "Majeure" not in by_structure.text

    minors = moderator_client.get(url, {"minor": "true"})
    assert "Mineure" in minors.text
    assert "Majeure" not in minors.text

    pending = moderator_client.get(url, {"status": "pending"})
    assert "Mineure" in pending.text
    assert "Majeure" not in pending.text


def test_moderator_hides_a_young_persons_profile_with_a_reason(moderator_client, young_person):
    profile = young_person.young_profile
    profile.is_visible = True
    profile.save()
    url = reverse("young_people:hide", args=[profile.pk])

    assert moderator_client.post(url, {"reason": ""}).status_code == 200
    profile.refresh_from_db()
    assert profile.is_visible

    assert moderator_client.post(url, {"reason": "Numéro de téléphone affiché."}).status_code == 302
    profile.refresh_from_db()
    assert not profile.is_visible
    assert ModerationLog.objects.get().action == ModerationAction.HIDE_PROFILE


def test_young_person_inspect_view_shows_full_identity_and_actions(moderator_client, young_person):
    profile = young_person.young_profile
    response = moderator_client.get(reverse("young_people:inspect", args=[profile.pk]))
    assert response.status_code == 200
    assert young_person.get_full_name() in response.text
    assert young_person.email in response.text
    assert reverse("young_people:hide", args=[profile.pk]) in response.text
    assert reverse("young_people:deactivate", args=[profile.pk]) in response.text


def test_moderator_exports_young_people_as_csv(moderator_client, young_person):
    response = moderator_client.get(reverse("young_people:index"), {"export": "csv"})
    assert response.status_code == 200
    assert young_person.email in _csv(response)


# Who sees people


@pytest.mark.parametrize("url_name", ["professionals:index", "young_people:index"])
def test_editor_cannot_see_people_or_export_them(editor_client, url_name, professionals):
    assert editor_client.get(reverse(url_name)).status_code in (302, 403)
    assert editor_client.get(reverse(url_name), {"export": "csv"}).status_code in (302, 403)


def test_editor_cannot_open_the_moderation_log(editor_client):
    assert editor_client.get(reverse("moderation_log:index")).status_code in (302, 403)


def test_editor_does_not_see_the_moderation_menu(editor_client):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("professionals:index") not in response.text
    assert reverse("young_people:index") not in response.text


def test_editor_cannot_inspect_a_professional(editor_client, professionals):
    profile = professionals["pending"].pro_profile
    url = reverse("professionals:inspect", args=[profile.pk])
    assert editor_client.get(url).status_code in (302, 403)


@pytest.mark.parametrize("url_name", ["professionals:index", "young_people:index"])
def test_members_without_staff_status_cannot_reach_people(client, professional, url_name):
    client.force_login(professional)
    assert client.get(reverse(url_name)).status_code in (302, 403)
    assert client.get(reverse(url_name), {"export": "csv"}).status_code in (302, 403)


def test_moderator_sees_the_moderation_menu(moderator_client):
    response = moderator_client.get(reverse("wagtailadmin_home"))
    assert reverse("professionals:index") in response.text
    assert reverse("moderation_log:index") in response.text


# The log


def test_the_log_lists_the_actions_taken(moderator_client, moderator, professionals, structures):
    moderator_client.post(
        reverse("professionals:reject", args=[professionals["pending"].pro_profile.pk]),
        {"reason": "Entreprise introuvable."},
    )
    moderator_client.post(
        reverse("wagtailsnippets_network_structure:approve", args=[structures["pending"].pk]),
        {"reason": ""},
    )
    response = moderator_client.get(reverse("moderation_log:index"))
    assert response.status_code == 200
    assert "Entreprise introuvable." in response.text
    assert "EPIDE de Meaux" in response.text
    assert "Paula Anemone" in response.text
    assert str(moderator) in response.text

    only_rejections = moderator_client.get(
        reverse("moderation_log:index"), {"action": ModerationAction.REJECT}
    )
    assert "Entreprise introuvable." in only_rejections.text
    assert "EPIDE de Meaux" not in only_rejections.text


def test_the_log_cannot_be_edited_or_deleted(moderator_client, moderator, structures):
    log = ModerationLog.record(moderator, ModerationAction.APPROVE, structures["approved"])
    assert moderator_client.get(reverse("moderation_log:add")).status_code in (302, 403)
    edit = moderator_client.get(reverse("moderation_log:edit", args=[log.pk]))
    delete = moderator_client.post(reverse("moderation_log:delete", args=[log.pk]))
    assert edit.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    assert ModerationLog.objects.filter(pk=log.pk).exists()


def test_the_log_filters_by_date(moderator_client, moderator, structures):
    ModerationLog.record(moderator, ModerationAction.APPROVE, structures["approved"])
    today = timezone.localdate().isoformat()
    response = moderator_client.get(
        reverse("moderation_log:index"),
        {"created_at_from": "2000-01-01", "created_at_to": "2000-01-02"},
    )
    assert response.status_code == 200
    assert "E2C Seine" not in response.text
    response = moderator_client.get(
        reverse("moderation_log:index"), {"created_at_from": today, "created_at_to": today}
    )
    assert "E2C Seine" in response.text


# Sectors


def test_moderator_renames_a_sector(moderator_client):
    sector = Sector.objects.get(code="F")
    response = moderator_client.post(
        reverse("sectors:edit", args=[sector.pk]),
        {"code": "F", "name": "BTP", "name_en": "Construction"},
    )
    assert response.status_code == 302
    sector.refresh_from_db()
    assert sector.name == "BTP"
    assert Sector.objects.count() == 14


def test_the_edit_form_cannot_approve_a_structure(editor_client, structures):
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:edit", args=[structure.pk])
    form = editor_client.get(url).context["form"]
    assert "is_approved" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data["is_approved"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    structure.refresh_from_db()
    assert not structure.is_approved


def test_deactivated_accounts_can_be_listed_to_reactivate_them(moderator_client, professionals):
    user = professionals["rejected"]
    user.is_active = False
    user.save()
    response = moderator_client.get(reverse("professionals:index"), {"active": "false"})
    assert "Cerisier" in response.text
    assert "Bellerose" not in response.text
    assert reverse("professionals:reactivate", args=[user.pro_profile.pk]) in response.text


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("professionals:index", ProfessionalFactory), ("young_people:index", YoungPersonFactory)],
)
def test_people_listings_cost_the_same_queries_whatever_the_number_of_rows(
    moderator_client, url_name, factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factory.create_batch(2)
    moderator_client.get(reverse(url_name))  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(reverse(url_name))
    factory.create_batch(6)
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(reverse(url_name))
    assert len(many) == len(few)


def test_admin_home_tells_moderators_what_waits_for_them(
    moderator_client, structures, professionals
):
    response = moderator_client.get(reverse("wagtailadmin_home"))
    assert "1 structure en attente" in response.text
    assert "1 professionnel·le en attente" in response.text


def test_admin_home_tells_editors_nothing_about_people(editor_client, professionals):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert "professionnel·le en attente" not in response.text


def test_approving_a_structure_whose_referent_has_an_account_warns_the_moderator(
    moderator_client, structures
):
    UserFactory(email="awa@epide-meaux.fr")
    structure = structures["pending"]
    url = reverse("wagtailsnippets_network_structure:approve", args=[structure.pk])
    response = moderator_client.post(url, {"reason": ""}, follow=True)
    assert "Aucune invitation envoyée" in response.text
    structure.refresh_from_db()
    assert structure.is_approved


def test_only_the_moderators_group_holds_rights_on_people():
    moderators = set(
        Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True)
    )
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    people = {
        "view_professionalprofile",
        "change_professionalprofile",
        "view_youngpersonprofile",
        "change_youngpersonprofile",
        "view_moderationlog",
    }
    assert people <= moderators
    assert {"access_admin", "add_sector", "change_sector", "view_structure"} <= moderators
    assert not people & editors
