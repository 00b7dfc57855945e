"""The user account: one table for every person, a role saying who they are."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.media.storages import private_storage
from members.enums import ROLES_REQUIRING_MFA, EmailFrequency, Role


class EmailUserManager(UserManager):
    """People sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


def avatar_path(instance: User, filename: str) -> str:
    # Neither the upload's name nor the account id: a random name, so that nobody can
    # guess the address of a young person's photo. Avatars are re-encoded as WebP.
    return f"avatars/{uuid.uuid4().hex}.webp"


def public_name_of(first_name: str, last_name: str) -> str:
    """First name and initial (``User.public_name``), from the two names alone."""
    initial = f" {last_name[:1].upper()}." if last_name else ""
    return f"{first_name}{initial}".strip() or _("Membre")


class User(AbstractUser):
    wagtail_reference_index_ignore = True  # see members.models

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    role = models.CharField(
        _("rôle"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Vide pour l’équipe qui ne fait qu’éditer le site."),
    )
    # Young people, counsellors and referents belong to one structure.
    structure = models.ForeignKey(
        "network.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # A company contact (Role.COMPANY_CONTACT) reads the figures of this partner company.
    company = models.ForeignKey(
        "network.Company",
        verbose_name=_("entreprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    # In the private storage, shown only through members:avatar (see avatar_url).
    avatar = models.ImageField(
        _("photo"), upload_to=avatar_path, storage=private_storage, blank=True
    )
    language = models.CharField(
        _("langue des e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_frequency = models.CharField(
        _("e-mails de notification"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    inactivity_warned_at = models.DateTimeField(
        _("prévenu·e de l’inactivité le"), null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]
        indexes = [models.Index(fields=["role", "structure"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # Emails are compared case-insensitively everywhere; store them lower-cased.
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def is_young_person(self) -> bool:
        return self.role == Role.YOUNG_PERSON

    @property
    def is_professional(self) -> bool:
        return self.role == Role.PROFESSIONAL

    @property
    def is_counsellor(self) -> bool:
        return self.role == Role.COUNSELLOR

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT

    @property
    def is_company_contact(self) -> bool:
        return self.role == Role.COMPANY_CONTACT

    @property
    def is_moderator(self) -> bool:
        return self.role == Role.MODERATOR or self.is_superuser

    @property
    def requires_mfa(self) -> bool:
        return self.role in ROLES_REQUIRING_MFA or self.is_superuser

    @property
    def public_name(self) -> str:
        """First name and initial: how a young person appears to professionals."""
        return public_name_of(self.first_name, self.last_name)

    @property
    def avatar_url(self) -> str:
        """The photo's address in the members area, which checks who asks ("" without one).
        The file itself is private: it has no address of its own."""
        from members.avatar_access import avatar_url

        return avatar_url(self)
