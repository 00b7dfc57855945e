"""The members area's data rules: ages, invitations, join codes, sectors, who sees whom."""

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError

from members.enums import ConsentDocument, ModerationAction, ReviewStatus
from members.models import Consent, Invitation, ModerationLog, Sector, YoungPersonProfile
from members.models.profiles import age_on, years_before
from network.models import Structure
from tests.members.factories import (
    InvitationFactory,
    YoungPersonFactory,
    birth_date_for_age,
)
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (datetime.date(2010, 11, 25), datetime.date(2026, 11, 25), 16),  # birthday today
        (datetime.date(2010, 11, 26), datetime.date(2026, 11, 25), 15),  # tomorrow
        (datetime.date(2000, 11, 26), datetime.date(2026, 11, 25), 25),  # 26 tomorrow
        (datetime.date(2008, 2, 29), datetime.date(2026, 2, 28), 17),
        (datetime.date(2008, 2, 29), datetime.date(2026, 3, 1), 18),
    ],
)
def test_age_counts_whole_years_from_the_birthday(birth, day, age):
    assert age_on(birth, day) == age


def test_years_before_a_29th_of_february_falls_on_the_28th():
    assert years_before(datetime.date(2028, 2, 29), 1) == datetime.date(2027, 2, 28)


def test_the_fourteen_rome_domains_exist_after_migration():
    assert Sector.objects.count() == 14
    assert Sector.objects.get(code="F").name == "Construction, bâtiment et travaux publics"


def test_minor_follows_the_age_of_today():
    minor = YoungPersonFactory(profile__birth_date=birth_date_for_age(17))
    adult = YoungPersonFactory(profile__birth_date=birth_date_for_age(18))
    assert minor.young_profile.is_minor
    assert not adult.young_profile.is_minor
    assert list(YoungPersonProfile.objects.minors()) == [minor.young_profile]


def test_a_locked_profile_cannot_be_visible():
    person = YoungPersonFactory()
    profile = person.young_profile
    profile.is_visible, profile.visibility_locked = True, True
    with pytest.raises(IntegrityError):
        profile.save()


def test_an_invitation_is_found_by_its_raw_token_only():
    invitation, raw_token = InvitationFactory.issue()
    assert Invitation.objects.for_token(raw_token) == invitation
    assert invitation.token_hash != raw_token
    assert Invitation.objects.for_token(raw_token[:-1] + "x") is None
    assert Invitation.objects.for_token("") is None


def test_renewing_an_invitation_kills_the_old_link_and_restarts_seven_days():
    invitation, old_token = InvitationFactory.issue()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=invitation.expires_at - datetime.timedelta(days=8)
    )
    invitation.refresh_from_db()
    assert not invitation.is_usable
    new_token = invitation.renew()
    assert Invitation.objects.for_token(old_token) is None
    assert Invitation.objects.for_token(new_token) == invitation
    assert invitation.is_usable
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)


def test_every_structure_gets_its_own_join_code():
    first, second = StructureFactory(), StructureFactory()
    assert len(first.join_code) == 8
    assert first.join_code != second.join_code
    assert Structure.objects.pending().count() == 0


def test_company_approves_only_its_own_domains_when_it_opted_in():
    company = CompanyFactory(email_domains="exemple.fr, @groupe-exemple.com")
    assert not company.approves_automatically("ana@exemple.fr")
    company.auto_approve_professionals = True
    assert company.approves_automatically("Ana@Exemple.fr")
    assert company.approves_automatically("bo@groupe-exemple.com")
    assert not company.approves_automatically("eve@exemple.fr.evil.com")


def test_a_consent_is_recorded_once_per_version():
    person = YoungPersonFactory()
    first = Consent.record(person, ConsentDocument.TERMS)
    again = Consent.record(person, ConsentDocument.TERMS)
    assert first == again
    assert first.version == settings.CONSENT_VERSIONS["terms"]


def test_an_automatic_decision_is_logged_without_an_actor():
    person = YoungPersonFactory()
    entry = ModerationLog.record(None, ModerationAction.APPROVE, person.young_profile, "auto")
    assert entry.actor is None and entry.actor_email == ""
    assert entry.target == person.young_profile


class TestYoungProfilesVisibleTo:
    def test_a_young_person_sees_only_their_own(self, young_person):
        other = YoungPersonFactory(structure=young_person.structure)
        visible = YoungPersonProfile.objects.visible_to(young_person)
        assert list(visible) == [young_person.young_profile]
        assert other.young_profile not in visible

    def test_counsellors_and_referents_see_their_structure_only(
        self, young_person, counsellor, referent, other_structure_counsellor
    ):
        assert young_person.young_profile in YoungPersonProfile.objects.visible_to(counsellor)
        assert young_person.young_profile in YoungPersonProfile.objects.visible_to(referent)
        assert not YoungPersonProfile.objects.visible_to(other_structure_counsellor).exists()

    def test_approved_professionals_see_only_visible_profiles(
        self, young_person, professional, pending_professional
    ):
        assert not YoungPersonProfile.objects.visible_to(professional).exists()
        YoungPersonProfile.objects.filter(pk=young_person.young_profile.pk).update(is_visible=True)
        assert YoungPersonProfile.objects.visible_to(professional).count() == 1
        assert not YoungPersonProfile.objects.visible_to(pending_professional).exists()

    def test_pending_applicants_are_never_shown_to_professionals(self, professional):
        YoungPersonFactory(profile__status=ReviewStatus.PENDING, profile__is_visible=True)
        assert not YoungPersonProfile.objects.visible_to(professional).exists()

    def test_moderators_see_all_and_editors_none(self, young_person, moderator, outsider):
        assert YoungPersonProfile.objects.visible_to(moderator).count() == 1
        assert not YoungPersonProfile.objects.visible_to(outsider).exists()


def test_members_records_stay_out_of_wagtails_reference_index():
    """See members.models: no usage listing names them, no save queues an index task."""
    from wagtail.models import ReferenceIndex

    from members.models import HelpRequest, User
    from tests.members.factories import HelpRequestFactory, MessageFactory

    help_request = HelpRequestFactory()
    MessageFactory(request=help_request, author=help_request.young_person, body="Bonjour")

    assert not ReferenceIndex.model_is_indexable(HelpRequest)
    assert not ReferenceIndex.model_is_indexable(User)
    assert not ReferenceIndex.objects.filter(content_type__app_label="members").exists()


def test_migration_0019_forgets_what_the_index_held_of_members(db):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from tests.members.factories import HelpRequestFactory

    help_request = HelpRequestFactory()
    structure = help_request.structure
    # As a save before this change left it: the request, source of a reference.
    ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(help_request),
        base_content_type=ContentType.objects.get_for_model(help_request),
        object_id=str(help_request.pk),
        to_content_type=ContentType.objects.get_for_model(structure),
        to_object_id=str(structure.pk),
        model_path="structure",
        content_path="structure",
        content_path_hash=ReferenceIndex._get_content_path_hash("structure"),
    )
    migration = importlib.import_module("members.migrations.0019_out_of_the_reference_index")

    migration.forget_members_records(apps, None)

    assert not ReferenceIndex.objects.filter(content_type__app_label="members").exists()
