"""What each kind of member tells about themselves."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, IntegerField, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import HelpKind, ReviewStatus, Role
from network.departements import DEPARTEMENT_CHOICES

MIN_AGE = 16
MAX_AGE = 25
MAJORITY = 18


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on ``day`` (a birthday counts from the morning of that day)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class YoungPersonProfileQuerySet(models.QuerySet):
    def minors(self, today: datetime.date | None = None) -> YoungPersonProfileQuerySet:
        today = today or timezone.localdate()
        return self.filter(birth_date__gt=years_before(today, MAJORITY))

    def visible_to(self, user) -> YoungPersonProfileQuerySet:
        """The profiles ``user`` may open (DESIGN.md, "Roles and what each may see").

        Professionals see only the limited profile of young people who chose to show it;
        that limit is applied by the templates and views showing it, not here.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_moderator:
            return self.all()
        if user.role == Role.YOUNG_PERSON:
            return self.filter(user=user)
        if user.role in (Role.COUNSELLOR, Role.REFERENT) and user.structure_id:
            return self.filter(user__structure_id=user.structure_id)
        if user.role == Role.PROFESSIONAL:
            if not ProfessionalProfile.objects.filter(
                user=user, status=ReviewStatus.APPROVED
            ).exists():
                return self.none()
            return self.filter(is_visible=True, status=ReviewStatus.APPROVED, user__is_active=True)
        return self.none()


class YoungPersonProfile(models.Model):
    wagtail_reference_index_ignore = True  # see members.models

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="young_profile",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseiller·ère"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_young_people",
    )
    # Invited young people are approved at once; those who apply with a structure's join
    # code wait until a counsellor of that structure confirms them.
    status = models.CharField(
        _("statut"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    birth_date = models.DateField(_("date de naissance"))
    minor_at_signup = models.BooleanField(_("mineur·e à l’inscription"), default=False)
    project = models.CharField(
        _("projet"),
        max_length=200,
        blank=True,
        help_text=_("Le métier ou le secteur que vous visez, par exemple « aide-soignante »."),
    )
    sector = models.ForeignKey(
        "members.Sector",
        verbose_name=_("secteur visé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="young_people",
    )
    skills = models.TextField(_("compétences"), max_length=1000, blank=True)
    help_wanted = models.JSONField(_("coups de pouce recherchés"), default=list, blank=True)
    availability = models.CharField(_("disponibilités"), max_length=300, blank=True)
    departement = models.CharField(
        _("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True
    )
    is_visible = models.BooleanField(
        _("profil visible des professionnel·les"),
        default=False,
        help_text=_(
            "Les professionnel·les approuvé·es voient votre prénom et l’initiale de votre "
            "nom, votre projet, vos compétences et votre département. Jamais votre nom, "
            "votre e-mail, votre téléphone ni votre adresse."
        ),
    )
    visibility_locked = models.BooleanField(
        _("visibilité coupée par le ou la conseiller·ère"), default=False
    )
    completed_at = models.DateTimeField(_("profil complété le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = YoungPersonProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de jeune")
        verbose_name_plural = _("profils de jeunes")
        indexes = [models.Index(fields=["status", "is_visible"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_visible=False) | Q(visibility_locked=False),
                name="young_profile_locked_is_hidden",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def is_minor(self) -> bool:
        """Minor today: the safety rules follow the person's age, not the sign-up date."""
        return self.age < MAJORITY

    @property
    def is_complete(self) -> bool:
        return bool(self.project and self.sector_id and self.help_wanted and self.departement)

    @property
    def is_approved(self) -> bool:
        """Confirmed by a counsellor of their structure (members.access.young_person_may_act)."""
        return self.status == ReviewStatus.APPROVED

    def help_wanted_labels(self) -> list[str]:
        return [HelpKind(kind).label for kind in self.help_wanted if kind in HelpKind.values]


def json_list_has(field: str, value: str) -> Q:
    """``field``, a JSON list of codes (départements, kinds of help), holds ``value``.

    PostgreSQL: JSON containment (``@>``), about twice as cheap as matching the JSON's
    text, which every row of the directory and of the suggestions paid. SQLite has no
    containment: the quoted value in the JSON text. The codes are validated on the way in
    (exact, no quote inside), so both find the same rows.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


class ProfessionalProfileQuerySet(models.QuerySet):
    def approved(self) -> ProfessionalProfileQuerySet:
        """Shown to members: approved by a moderator, account still active."""
        return self.filter(status=ReviewStatus.APPROVED, user__is_active=True)

    def offering(self, kind: str) -> ProfessionalProfileQuerySet:
        return self.filter(json_list_has("help_kinds", kind))

    def in_departement(self, code: str) -> ProfessionalProfileQuerySet:
        return self.filter(json_list_has("departements", code))

    def with_capacity_left(
        self, now: datetime.datetime | None = None
    ) -> ProfessionalProfileQuerySet:
        """Annotate ``capacity_left`` (may be negative), read from the row: no subquery."""
        return self.annotate(capacity_left=capacity_left_expression(now))


# Written by members.directory.capacity only (see ProfessionalProfile.save).
COUNTER_FIELDS = ("capacity_month", "sent_in_month")
# Written by members.search.refresh_search_documents only (see ProfessionalProfile.save).
SEARCH_DOCUMENT_FIELD = "search_document"


def capacity_month_of(now: datetime.datetime | None = None) -> datetime.date:
    """First day of the month ``now`` is in (default: now), in the site's time zone."""
    return timezone.localdate(now).replace(day=1)


def capacity_left_expression(now: datetime.datetime | None = None) -> Case:
    """monthly_capacity − the month's counter, when the counter is for this month."""
    return Case(
        When(
            capacity_month=capacity_month_of(now),
            then=F("monthly_capacity") - F("sent_in_month"),
        ),
        default=F("monthly_capacity"),
        output_field=IntegerField(),
    )


class ProfessionalProfile(models.Model):
    wagtail_reference_index_ignore = True  # see members.models

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="pro_profile",
    )
    job_title = models.CharField(_("métier"), max_length=150)
    company = models.ForeignKey(
        "network.Company",
        verbose_name=_("entreprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="professionals",
    )
    sectors = models.ManyToManyField(
        "members.Sector", verbose_name=_("secteurs"), related_name="professionals"
    )
    help_kinds = models.JSONField(_("coups de pouce proposés"), default=list)
    departements = models.JSONField(_("départements"), default=list, blank=True)
    remote = models.BooleanField(_("à distance"), default=False)
    monthly_capacity = models.PositiveSmallIntegerField(
        _("demandes par mois"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    is_paused = models.BooleanField(_("en pause"), default=False)
    # Requests sent to them during ``capacity_month`` (its first day). Counted up by
    # members.requests.services under the lock of this row when a request becomes
    # ``sent``; never counted down: a request sent this month uses a place whatever
    # becomes of it (declined, withdrawn, expired, closed). A counter for an earlier
    # month means nothing was sent this month yet.
    capacity_month = models.DateField(_("mois du compteur de demandes"), null=True, blank=True)
    sent_in_month = models.PositiveIntegerField(_("demandes reçues ce mois-là"), default=0)
    bio = models.TextField(_("présentation"), max_length=2000, blank=True)

    status = models.CharField(
        _("statut"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    status_reason = models.TextField(_("motif"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examiné par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)

    # Only professionals a moderator checked may be asked for hosting (DESIGN.md).
    verified_in_person = models.BooleanField(
        _("vérifié·e pour l’accueil en personne et l’hébergement"), default=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    verification_method = models.TextField(_("comment la vérification a été faite"), blank=True)

    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    # What the directory searches on PostgreSQL: name and job, company and sectors,
    # presentation, weighted in that order (members.search). It spans four tables, so it
    # is stored and kept by members.search.refresh_search_documents; NULL on SQLite.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ProfessionalProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de professionnel·le")
        verbose_name_plural = _("profils de professionnel·les")
        indexes = [
            models.Index(fields=["status", "is_paused"]),
            # The directory's count (approved profiles joined to their active account) reads
            # this small index in user order instead of the whole table.
            models.Index(
                fields=["user"],
                condition=Q(status=ReviewStatus.APPROVED),
                name="pro_profile_approved_user_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def save(self, *args, **kwargs) -> None:
        """The monthly counter is written only by members.directory.capacity (an UPDATE
        under the row's lock): a profile read before a request was sent (a form, the
        pause switch) saved afterwards must not put an older count back. The search
        document, built from other tables too, is never written from the instance."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in COUNTER_FIELDS
                and field.name != SEARCH_DOCUMENT_FIELD
            ]
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == ReviewStatus.REJECTED

    def help_kind_labels(self) -> list[str]:
        return [HelpKind(kind).label for kind in self.help_kinds if kind in HelpKind.values]

    def sent_this_month(self, now: datetime.datetime | None = None) -> int:
        """Requests sent to them this month (from the counter as loaded on this instance)."""
        return self.sent_in_month if self.capacity_month == capacity_month_of(now) else 0

    def capacity_left_this_month(self, now: datetime.datetime | None = None) -> int:
        """Requests they may still receive this month (may be negative; pause aside)."""
        return self.monthly_capacity - self.sent_this_month(now)
