import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from members.enums import HelpKind, InvitationKind, ReviewStatus, Role
from members.models import (
    Invitation,
    ProfessionalProfile,
    Sector,
    User,
    YoungPersonProfile,
)
from members.models.profiles import years_before
from tests.network.factories import CompanyFactory, StructureFactory

PASSWORD = "Un-mot-de-passe-solide-2026"


def birth_date_for_age(age: int) -> datetime.date:
    """A birth date that makes someone ``age`` today (their birthday was 30 days ago)."""
    return years_before(timezone.localdate(), age) - datetime.timedelta(days=30)


def sector(code: str = "F") -> Sector:
    """One of the 14 ROME sectors the migration creates."""
    return Sector.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Martin"
    # Hashed when the user is built: saved with the first INSERT, no second save.
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        # allauth refuses to sign in an unverified address (mandatory verification).
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def with_totp(user: User) -> str:
    """Give ``user`` a TOTP second factor; returns the secret to compute codes from."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class YoungPersonFactory(UserFactory):
    role = Role.YOUNG_PERSON
    first_name = factory.Sequence(lambda n: f"Jeune{n}")
    structure = factory.SubFactory(StructureFactory)

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            YoungPersonProfileFactory(user=self, **kwargs)


class YoungPersonProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPersonProfile

    status = ReviewStatus.APPROVED
    birth_date = factory.LazyFunction(lambda: birth_date_for_age(20))
    project = "Électricienne du bâtiment"
    sector = factory.LazyFunction(sector)
    skills = "Ponctuelle, travail en équipe"
    help_wanted = factory.LazyFunction(lambda: [HelpKind.TRADE_ADVICE, HelpKind.CV_REVIEW])
    availability = "Les après-midi"
    departement = "93"


class ProfessionalFactory(UserFactory):
    role = Role.PROFESSIONAL
    first_name = factory.Sequence(lambda n: f"Pro{n}")

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            ProfessionalProfileFactory(user=self, **kwargs)


class ProfessionalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfessionalProfile
        skip_postgeneration_save = True

    job_title = "Cheffe de chantier"
    company = factory.SubFactory(CompanyFactory)
    help_kinds = factory.LazyFunction(lambda: [HelpKind.TRADE_ADVICE, HelpKind.MOCK_INTERVIEW])
    departements = factory.LazyFunction(lambda: ["93", "75"])
    remote = True
    status = ReviewStatus.APPROVED

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(extracted or [sector()])


class CounsellorFactory(UserFactory):
    role = Role.COUNSELLOR
    first_name = factory.Sequence(lambda n: f"Conseillère{n}")
    structure = factory.SubFactory(StructureFactory)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        # Counsellors cannot use the members area without a second factor.
        if create and extracted is not False:
            with_totp(self)


class ReferentFactory(CounsellorFactory):
    role = Role.REFERENT
    first_name = factory.Sequence(lambda n: f"Référente{n}")


class ModeratorFactory(UserFactory):
    role = Role.MODERATOR
    is_staff = True
    first_name = factory.Sequence(lambda n: f"Modératrice{n}")

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            with_totp(self)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        # Wagtail's "Moderators" group gives access to the admin and its moderation views.
        if create:
            from django.contrib.auth.models import Group

            group = Group.objects.filter(name="Moderators").first()
            if group is not None:
                self.groups.add(group)


class InvitationFactory(factory.django.DjangoModelFactory):
    """Build with ``InvitationFactory.issue(...)`` to get the raw token as well."""

    class Meta:
        model = Invitation

    kind = InvitationKind.YOUNG_PERSON
    email = factory.Sequence(lambda n: f"invite{n}@example.org")
    first_name = "Inès"
    last_name = "Benali"
    birth_date = factory.LazyFunction(lambda: birth_date_for_age(19))
    structure = factory.SubFactory(StructureFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    @classmethod
    def issue(cls, **fields) -> tuple[Invitation, str]:
        """A saved invitation and the raw token of its link."""
        invitation = cls.build(**fields)
        if invitation.structure is not None and invitation.structure.pk is None:
            invitation.structure.save()
        if invitation.invited_by is not None and invitation.invited_by.pk is None:
            invitation.invited_by.save()
        raw_token = invitation._new_token()
        invitation.save()
        return invitation, raw_token


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """A request between two people, accepted unless told otherwise."""

    class Meta:
        model = "members.HelpRequest"

    young_person = factory.SubFactory(YoungPersonFactory)
    professional = factory.SubFactory(ProfessionalFactory)
    structure = factory.LazyAttribute(lambda request: request.young_person.structure)
    state = "accepted"
    kind = HelpKind.TRADE_ADVICE
    hopes = "Je voudrais découvrir votre métier."
    sent_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message on a request, by its young person unless told otherwise; the request's
    last_message_at follows, as members.conversations.services.post does."""

    class Meta:
        model = "members.Message"
        skip_postgeneration_save = True

    request = factory.SubFactory(HelpRequestFactory)
    author = factory.LazyAttribute(lambda message: message.request.young_person)
    body = "Bonjour, merci pour votre aide."

    @factory.post_generation
    def touch_request(self, create, extracted, **kwargs):
        if create:
            type(self.request).objects.filter(pk=self.request_id).update(
                last_message_at=self.created_at
            )
            self.request.last_message_at = self.created_at
