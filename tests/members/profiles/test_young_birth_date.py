"""Only a counsellor decides a young person's birth date (issue 13, point 2).

Every safety rule keyed on age (validation of every request, masked contact details, no
hosting) reads ``YoungPersonProfile.birth_date``. An invited minor could replace the date
their counsellor entered with an adult's and switch them all off, unseen. Now: the date
the counsellor entered is shown read-only and kept whatever is posted; a young person who
says it is wrong writes theirs beside it and the counsellor is told, nothing changes until
they correct it. The young person's own profile form never writes it. A join-code
applicant's typed date is checked, and corrected if need be, by the counsellor who
confirms them; afterwards only a counsellor of the structure corrects it.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats

from members.enums import HelpKind, InvitationKind, ModerationAction, ReviewStatus
from members.models import ModerationLog, Notification, User
from members.requests import services as request_services
from tests.members.factories import (
    CounsellorFactory,
    InvitationFactory,
    ProfessionalFactory,
    YoungPersonFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une-phrase-de-passe-longue-2026"
MINOR = birth_date_for_age(17)
ADULT = birth_date_for_age(22)


@pytest.fixture
def minor_invitation(structure, counsellor):
    return InvitationFactory.issue(
        kind=InvitationKind.YOUNG_PERSON,
        structure=structure,
        invited_by=counsellor,
        email="lina@example.org",
        first_name="Lina",
        last_name="Morel",
        birth_date=MINOR,
    )


def accept(client, token, **overrides):
    data = {
        "first_name": "Lina",
        "last_name": "Morel",
        "project": "Boulangère",
        "departement": "93",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return client.post(reverse("members:invitation-accept", kwargs={"token": token}), data)


def profile_of(email="lina@example.org"):
    return User.objects.get(email=email).young_profile


# The invitation ---------------------------------------------------------------------------


def test_the_invitation_shows_the_counsellors_birth_date_read_only(client, minor_invitation):
    _invitation, token = minor_invitation
    html = client.get(reverse("members:invitation-accept", kwargs={"token": token})).content
    html = html.decode()
    field = html[html.index('name="birth_date"') - 200 : html.index('name="birth_date"') + 200]
    assert "disabled" in field
    assert MINOR.isoformat() in field
    assert 'name="birth_date_claimed"' in html


def test_a_forged_birth_date_on_the_invitation_is_ignored(client, minor_invitation):
    """The issue's attack: 17 entered by the counsellor, 22 posted by the young person."""
    _invitation, token = minor_invitation
    response = accept(client, token, birth_date=ADULT.isoformat())
    assert response.status_code == 302
    profile = profile_of()
    assert profile.birth_date == MINOR
    assert profile.is_minor and profile.minor_at_signup
    # Every rule keyed on age still holds: hosting refused, validation required.
    pro = ProfessionalFactory(profile__help_kinds=[HelpKind.HOSTING, HelpKind.TRADE_ADVICE])
    pro.pro_profile.verified_in_person = True
    pro.pro_profile.save()
    assert request_services.kind_error(HelpKind.HOSTING, profile.user, pro.pro_profile)


def test_a_different_date_is_flagged_to_the_counsellor_and_not_applied(
    client, minor_invitation, counsellor, django_capture_on_commit_callbacks
):
    _invitation, token = minor_invitation
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(client, token, birth_date_claimed=ADULT.strftime("%d/%m/%Y"))
    assert response.status_code == 302
    profile = profile_of()
    assert profile.birth_date == MINOR
    notification = Notification.objects.get(
        recipient=counsellor, event="onboarding_birth_date_claimed"
    )
    assert notification.url == reverse("members:young-person", kwargs={"pk": profile.pk})
    assert "Lina Morel" in notification.text
    email = next(m for m in mail.outbox if m.to == [counsellor.email])
    assert formats.date_format(ADULT, "SHORT_DATE_FORMAT") in email.body
    assert formats.date_format(MINOR, "SHORT_DATE_FORMAT") in email.body


def test_the_same_date_or_none_tells_nobody(client, minor_invitation, counsellor):
    _invitation, token = minor_invitation
    accept(client, token, birth_date_claimed=MINOR.isoformat())
    assert not Notification.objects.filter(event="onboarding_birth_date_claimed").exists()


def test_without_the_inviter_the_structures_counsellors_are_told(client, structure, counsellor):
    _invitation, token = InvitationFactory.issue(
        structure=structure, invited_by=None, email="lina@example.org", birth_date=MINOR
    )
    accept(client, token, birth_date_claimed=ADULT.isoformat())
    assert Notification.objects.filter(
        recipient=counsellor, event="onboarding_birth_date_claimed"
    ).exists()


# The young person's own profile -------------------------------------------------------------


def test_a_forged_birth_date_on_the_profile_form_is_ignored(client, structure):
    young = YoungPersonFactory(structure=structure, profile__birth_date=MINOR)
    client.force_login(young)
    response = client.post(
        reverse("members:young-profile-edit"),
        {
            "first_name": "Lina",
            "last_name": "Morel",
            "language": "fr",
            "project": "Boulangère",
            "sector": str(young.young_profile.sector_id),
            "help_wanted": [HelpKind.TRADE_ADVICE],
            "departement": "93",
            "birth_date": ADULT.isoformat(),
            "minor_at_signup": "",
        },
    )
    assert response.status_code == 302
    young.young_profile.refresh_from_db()
    assert young.young_profile.project == "Boulangère"
    assert young.young_profile.birth_date == MINOR


# The counsellor corrects it --------------------------------------------------------------


def test_the_counsellor_of_the_structure_corrects_the_birth_date(client, structure, counsellor):
    young = YoungPersonFactory(structure=structure, profile__birth_date=ADULT)
    url = reverse("members:young-person", kwargs={"pk": young.young_profile.pk})
    client.force_login(counsellor)
    assert 'name="birth_date"' in client.get(url).content.decode()
    response = client.post(url, {"birth_date": MINOR.isoformat()})
    assert response.status_code == 302
    young.young_profile.refresh_from_db()
    assert young.young_profile.birth_date == MINOR
    log = ModerationLog.objects.get(actor=counsellor)
    assert MINOR.isoformat() in log.reason and ADULT.isoformat() in log.reason


def test_a_wrong_correction_gets_a_message_and_changes_nothing(client, structure, counsellor):
    young = YoungPersonFactory(structure=structure, profile__birth_date=ADULT)
    client.force_login(counsellor)
    response = client.post(
        reverse("members:young-person", kwargs={"pk": young.young_profile.pk}),
        {"birth_date": birth_date_for_age(40).isoformat()},
    )
    assert response.status_code == 200
    assert "de 16 à 25 ans" in response.content.decode()
    young.young_profile.refresh_from_db()
    assert young.young_profile.birth_date == ADULT


@pytest.mark.parametrize(
    ("who", "status"),
    [("referent", 403), ("young", 403), ("elsewhere", 404), ("moderator", 403)],
)
def test_nobody_else_corrects_a_birth_date(
    client, structure, referent, other_structure_counsellor, moderator, who, status
):
    young = YoungPersonFactory(structure=structure, profile__birth_date=MINOR)
    person = {
        "referent": referent,
        "young": young,
        "elsewhere": other_structure_counsellor,
        "moderator": moderator,
    }[who]
    client.force_login(person)
    response = client.post(
        reverse("members:young-person", kwargs={"pk": young.young_profile.pk}),
        {"birth_date": ADULT.isoformat()},
    )
    assert response.status_code == status
    young.young_profile.refresh_from_db()
    assert young.young_profile.birth_date == MINOR


# Join-code applicants: the counsellor checks the typed date when confirming ----------------


@pytest.fixture
def applicant(structure):
    return YoungPersonFactory(
        structure=structure,
        email="sofia@example.org",
        profile__status=ReviewStatus.PENDING,
        profile__birth_date=ADULT,
    )


def test_the_applicants_page_shows_the_typed_birth_date_to_check(client, counsellor, applicant):
    client.force_login(counsellor)
    html = client.get(reverse("members:applicants")).content.decode()
    assert f'name="birth_date" value="{ADULT.isoformat()}"' in html


def test_confirming_with_a_corrected_birth_date_stores_the_counsellors(
    client, counsellor, applicant
):
    client.force_login(counsellor)
    client.post(
        reverse("members:applicant-confirm", args=[applicant.young_profile.pk]),
        {"birth_date": MINOR.isoformat()},
    )
    profile = applicant.young_profile
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.APPROVED
    assert profile.birth_date == MINOR and profile.minor_at_signup
    log = ModerationLog.objects.get(action=ModerationAction.APPROVE)
    assert MINOR.isoformat() in log.reason


def test_confirming_with_an_impossible_date_confirms_nothing(client, counsellor, applicant):
    client.force_login(counsellor)
    response = client.post(
        reverse("members:applicant-confirm", args=[applicant.young_profile.pk]),
        {"birth_date": "2999-01-01"},
        follow=True,
    )
    assert "dans le futur" in response.content.decode()
    profile = applicant.young_profile
    profile.refresh_from_db()
    assert profile.status == ReviewStatus.PENDING
    assert profile.birth_date == ADULT


def test_a_counsellor_of_another_structure_cannot_confirm_or_correct(client, applicant):
    other = CounsellorFactory(email="ailleurs@example.org")
    client.force_login(other)
    response = client.post(
        reverse("members:applicant-confirm", args=[applicant.young_profile.pk]),
        {"birth_date": MINOR.isoformat()},
    )
    assert response.status_code == 404
    applicant.young_profile.refresh_from_db()
    assert applicant.young_profile.birth_date == ADULT
