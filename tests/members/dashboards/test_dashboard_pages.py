"""The home of the members area: one page per role, saying what to do next."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from members import dashboard_cache
from members.enums import InvitationKind, ReviewStatus
from tests.members.factories import (
    InvitationFactory,
    ProfessionalFactory,
    UserFactory,
    YoungPersonFactory,
    birth_date_for_age,
)
from tests.network.factories import StructureFactory
from tests.stories.factories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.usefixtures("home_page")


def _dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("members:dashboard"))


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("members:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_editor_without_role_goes_to_the_wagtail_admin(client, outsider):
    response = _dashboard(client, outsider)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_member_without_role_and_not_staff_sees_a_plain_page(client, db):
    response = _dashboard(client, UserFactory())

    assert response.status_code == 200
    assert "pas encore de rôle" in response.content.decode()


# --- young person ---------------------------------------------------------------------
def test_young_person_with_complete_profile_is_told_it_is_complete(client, young_person):
    response = _dashboard(client, young_person)

    assert response.status_code == 200
    assert "members/dashboards/young.html" in [t.name for t in response.templates]
    assert response.context["missing_fields"] == []
    assert "Votre profil est complet" in response.content.decode()


def test_young_person_sees_which_profile_fields_are_missing(client, structure):
    young = YoungPersonFactory(
        structure=structure, profile__project="", profile__sector=None, profile__help_wanted=[]
    )

    response = _dashboard(client, young)

    missing = [str(label) for label in response.context["missing_fields"]]
    assert missing == ["projet", "secteur visé", "coups de pouce recherchés"]
    body = response.content.decode()
    assert "Projet" in body and "Secteur visé" in body
    assert response.context["completion"] == 3


def test_young_person_who_applied_with_a_join_code_sees_it_is_pending(client, structure):
    young = YoungPersonFactory(structure=structure, profile__status=ReviewStatus.PENDING)

    response = _dashboard(client, young)

    assert response.context["is_pending"]
    assert "En attente" in response.content.decode()
    assert structure.name in response.content.decode()


# --- professional ---------------------------------------------------------------------
def test_pending_professional_is_told_the_profile_is_being_checked(client, pending_professional):
    response = _dashboard(client, pending_professional)

    body = response.content.decode()
    assert "members/dashboards/professional.html" in [t.name for t in response.templates]
    assert "En attente" in body and "vérifie votre profil" in body


def test_rejected_professional_sees_the_reason(client, db):
    pro = ProfessionalFactory(
        profile__status=ReviewStatus.REJECTED, profile__status_reason="Profil sans métier"
    )

    body = _dashboard(client, pro).content.decode()

    assert "Refusé" in body and "Profil sans métier" in body


def test_approved_professional_sees_capacity_and_pause(client, db):
    pro = ProfessionalFactory(profile__monthly_capacity=4, profile__is_paused=True)

    body = _dashboard(client, pro).content.decode()

    assert "Approuvé" in body
    assert "au plus 4 demandes par mois" in body
    assert "Vous êtes en pause" in body


# --- counsellor -----------------------------------------------------------------------
def test_counsellor_sees_invitations_applicants_incomplete_profiles_and_minors(
    client, structure, counsellor, other_structure
):
    InvitationFactory(structure=structure, invited_by=counsellor)
    InvitationFactory(
        structure=structure,
        first_name="Expirée",
        last_name="Durand",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    InvitationFactory(structure=structure, kind=InvitationKind.COUNSELLOR)
    InvitationFactory(structure=other_structure)
    YoungPersonFactory(structure=structure, first_name="Complète")
    YoungPersonFactory(structure=structure, first_name="Incomplète", profile__project="")
    YoungPersonFactory(structure=structure, first_name="SansAide", profile__help_wanted=[])
    YoungPersonFactory(
        structure=structure, first_name="Candidate", profile__status=ReviewStatus.PENDING
    )
    YoungPersonFactory(
        structure=structure, first_name="Mineure", profile__birth_date=birth_date_for_age(17)
    )
    YoungPersonFactory(structure=other_structure, first_name="Ailleurs", profile__project="")

    response = _dashboard(client, counsellor)

    context = response.context
    assert context["pending_invitations"] == 1
    assert context["expired_count"] == 1
    assert [inv.first_name for inv in context["expired_invitations"]] == ["Expirée"]
    assert [p.user.first_name for p in context["incomplete"]] == ["Incomplète", "SansAide"]
    assert [p.user.first_name for p in context["applicants"]] == ["Candidate"]
    assert [p.user.first_name for p in context["minors"]] == ["Mineure"]
    body = response.content.decode()
    assert "Ailleurs" not in body
    assert "Expirée Durand" in body
    assert "17 ans" in body


def test_counsellor_dashboard_costs_the_same_queries_for_3_and_30_young_people(
    client, structure, counsellor, django_assert_max_num_queries
):
    def measure():
        dashboard_cache.outdate_all()  # the panels built, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("members:dashboard"))
        assert response.status_code == 200
        return len(queries)

    client.force_login(counsellor)
    for index in range(3):
        YoungPersonFactory(structure=structure, profile__project="" if index % 2 else "Cuisine")
        InvitationFactory(structure=structure, expires_at=timezone.now())
    client.get(reverse("members:dashboard"))  # warm the session and the layout cache
    few = measure()
    for index in range(27):
        YoungPersonFactory(
            structure=structure,
            profile__project="" if index % 2 else "Cuisine",
            profile__birth_date=birth_date_for_age(16 + index % 8),
        )
        InvitationFactory(structure=structure, expires_at=timezone.now())

    assert measure() == few
    with django_assert_max_num_queries(20):
        client.get(reverse("members:dashboard"))


def test_counsellor_lists_are_bounded(client, structure, counsellor):
    for _ in range(12):
        YoungPersonFactory(structure=structure, profile__project="")

    response = _dashboard(client, counsellor)

    assert len(response.context["incomplete"]) == 10
    assert response.context["incomplete_count"] == 12


def test_a_young_person_is_on_every_counsellor_list_they_belong_to(client, structure, counsellor):
    YoungPersonFactory(
        structure=structure,
        first_name="Mineure",
        profile__project="",
        profile__birth_date=birth_date_for_age(16),
    )
    YoungPersonFactory(
        structure=structure, first_name="Cadette", profile__birth_date=birth_date_for_age(15)
    )
    YoungPersonFactory(
        structure=structure,
        first_name="Refusée",
        profile__status=ReviewStatus.REJECTED,
        profile__birth_date=birth_date_for_age(15),
    )
    for number in range(11):
        YoungPersonFactory(
            structure=structure,
            first_name=f"Attente{number:02d}",
            profile__status=ReviewStatus.PENDING,
        )

    context = _dashboard(client, counsellor).context

    assert [p.user.first_name for p in context["incomplete"]] == ["Mineure"]
    assert [p.user.first_name for p in context["minors"]] == [
        "Cadette",
        "Mineure",
    ]  # youngest first
    assert [p.user.first_name for p in context["applicants"]] == [
        f"Attente{number:02d}" for number in range(10)
    ]
    assert (
        context["incomplete_count"],
        context["minors_count"],
        context["applicants_count"],
    ) == (1, 2, 11)


def test_a_young_person_first_on_one_list_stays_off_the_end_of_another(
    client, structure, counsellor
):
    for number in range(10):
        YoungPersonFactory(
            structure=structure,
            first_name=f"Mineur{number}",
            profile__birth_date=birth_date_for_age(15),
        )
    # First of the applicants, eleventh of the minors (the oldest of them).
    YoungPersonFactory(
        structure=structure,
        first_name="Candidate",
        profile__status=ReviewStatus.PENDING,
        profile__birth_date=birth_date_for_age(17),
    )

    context = _dashboard(client, counsellor).context

    assert [p.user.first_name for p in context["applicants"]] == ["Candidate"]
    assert len(context["minors"]) == 10
    assert "Candidate" not in [p.user.first_name for p in context["minors"]]
    assert context["minors_count"] == 11


# --- referent -------------------------------------------------------------------------
def test_referent_sees_the_figures_of_the_structure(client, structure, referent, counsellor):
    from tests.members.factories import CounsellorFactory

    CounsellorFactory(structure=structure, is_active=False)
    CounsellorFactory(structure=StructureFactory())
    InvitationFactory(structure=structure, kind=InvitationKind.COUNSELLOR)
    young_people = [
        YoungPersonFactory(structure=structure),
        YoungPersonFactory(structure=structure, profile__project=""),
        YoungPersonFactory(structure=structure, profile__birth_date=birth_date_for_age(16)),
    ]

    response = _dashboard(client, referent)

    assert response.context["counsellors"] == 1
    assert response.context["pending_invitations"] == 1
    assert response.context["figures"] == {"young_people": 3, "complete": 2, "minors": 1}
    body = response.content.decode()
    assert "members/dashboards/referent.html" in [t.name for t in response.templates]
    # Figures only: no young person's name.
    assert not any(young.first_name in body for young in young_people)


def test_referent_dashboard_queries_do_not_grow_with_the_structure(
    client, structure, referent, django_assert_max_num_queries
):
    client.force_login(referent)
    for _ in range(3):
        YoungPersonFactory(structure=structure)
    client.get(reverse("members:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:dashboard"))
    for _ in range(27):
        YoungPersonFactory(structure=structure)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("members:dashboard"))

    assert len(many) == len(few)


# --- moderator ------------------------------------------------------------------------
def test_moderator_sees_pending_structures_and_professionals_with_admin_links(
    client, moderator, pending_professional
):
    StructureFactory(is_approved=False)
    StructureFactory(is_approved=False, rejected_at=timezone.now())

    response = _dashboard(client, moderator)

    assert response.context["pending_structures"] == 1
    assert response.context["pending_professionals"] == 1
    body = response.content.decode()
    assert "1 structure en attente" in body
    assert "1 professionnel·le en attente" in body
    assert response.context["structures_url"].startswith(reverse("wagtailadmin_home"))
    assert response.context["professionals_url"].startswith(reverse("wagtailadmin_home"))


def test_moderator_sees_pages_waiting_for_review_with_a_link_to_them(client, moderator, home_page):
    workflow = Workflow.objects.create(name="Relecture")
    task = GroupApprovalTask.objects.create(name="Modérateurs")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    story = StoryPageFactory(parent=StoryIndexPageFactory(parent=home_page), live=False)
    story.save_revision(user=moderator)
    workflow.start(story, moderator)

    response = _dashboard(client, moderator)

    assert response.context["pages_to_review"] == 1
    assert "1 page en attente de relecture" in response.content.decode()
    assert client.get(response.context["pages_url"]).status_code == 200


def test_moderator_links_open_the_filtered_admin_listings(client, moderator, pending_professional):
    response = _dashboard(client, moderator)

    StructureFactory(name="Structure en attente", is_approved=False)
    StructureFactory(name="Structure approuvée")
    for key in ("structures_url", "professionals_url"):
        listing = client.get(response.context[key])
        assert listing.status_code == 200, key
    structures = client.get(response.context["structures_url"]).content.decode()
    assert "Structure en attente" in structures
    assert "Structure approuvée" not in structures
    professionals = client.get(response.context["professionals_url"]).content.decode()
    assert pending_professional.email in professionals
