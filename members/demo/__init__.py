"""Demo accounts of the members area, one or two per role (`manage.py load_demo`).

Idempotent: each account is looked up by email and left alone when it exists. The
structures and companies come from the network demo (loaded before this one).

Counsellors, referents, moderators and the administrator must sign in with a second
factor. Their TOTP secret here is FIXED and PUBLIC (it is in this file): demo only. Print
an account's current 6-digit code with ``manage.py demo_totp_code <email>``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from home import demo as home_demo
from members.demo import requests as demo_requests
from members.enums import ConsentDocument, HelpKind, ModerationAction, ReviewStatus, Role
from members.models import (
    Consent,
    ModerationLog,
    ProfessionalProfile,
    Sector,
    User,
    YoungPersonProfile,
)
from members.models.profiles import MAJORITY, years_before
from network.enums import StructureKind
from network.models import Company, Structure

# Demo only: these secrets are public. Each is the base32 of a 20-byte readable seed.
DEMO_TOTP_SECRETS = {
    "admin@undebutdereseau.fr": "OVSHELLEMVWW6LLBMRWWS3ROFYXC4LRO",
    "moderateur@undebutdereseau.fr": "OVSHELLEMVWW6LLNN5SGK4TBORSXK4RO",
    "referente@undebutdereseau.fr": "OVSHELLEMVWW6LLSMVTGK4TFNZ2GKLRO",
    "conseillere@undebutdereseau.fr": "OVSHELLEMVWW6LLDN5XHGZLJNRWGK4TF",
    "conseiller@undebutdereseau.fr": "OVSHELLEMVWW6LLDN5XHGZLJNRWGK4RO",
}

# The two structures and two companies of the network demo the accounts belong to.
FIRST_STRUCTURE = "E2C Seine-Saint-Denis"
SECOND_STRUCTURE = "Mission locale de Paris Nord"
FIRST_COMPANY = "hexa-conseil"
SECOND_COMPANY = "constructa-batiment"


@dataclass(frozen=True)
class DemoMember:
    label: str  # the role as printed in the table
    role: Role
    email: str
    password: str
    first_name: str
    last_name: str
    structure: str = ""  # name of the structure, for young people, counsellors, referents
    profile: dict[str, Any] = field(default_factory=dict)
    company: str = ""  # slug of the company, for a company contact


MEMBERS = [
    DemoMember(
        "jeune (majeure, profil visible)",
        Role.YOUNG_PERSON,
        "jeune@undebutdereseau.fr",
        "Jeune-demo-2026!",
        "Inès",
        "Benali",
        FIRST_STRUCTURE,
        {
            "age": 20,
            "project": "Aide-soignante",
            "sector": "J",
            "skills": "À l’écoute, ponctuelle, stage en EHPAD de trois semaines",
            "help_wanted": [HelpKind.TRADE_ADVICE, HelpKind.CV_REVIEW, HelpKind.MOCK_INTERVIEW],
            "availability": "Les mardis et jeudis après-midi",
            "departement": "93",
            "is_visible": True,
        },
    ),
    DemoMember(
        "jeune (mineur, 17 ans)",
        Role.YOUNG_PERSON,
        "jeune.mineur@undebutdereseau.fr",
        "Jeune-mineur-demo-2026!",
        "Lucas",
        "Moreau",
        SECOND_STRUCTURE,
        {
            "age": 17,
            "project": "Électricien du bâtiment",
            "sector": "F",
            "skills": "Bricoleur, à l’aise avec les outils, permis AM",
            "help_wanted": [HelpKind.OBSERVATION, HelpKind.TRADE_ADVICE],
            "availability": "Le mercredi",
            "departement": "75",
            "is_visible": False,
        },
    ),
    DemoMember(
        "jeune (majeure, 22 ans, profil visible)",
        Role.YOUNG_PERSON,
        "jeune.sarah@undebutdereseau.fr",
        "Jeune-sarah-demo-2026!",
        "Sarah",
        "Koné",
        FIRST_STRUCTURE,
        {
            "age": 22,
            "project": "Agente de maintenance des bâtiments",
            "sector": "I",
            "skills": "Habilitation électrique B0, peinture, petite plomberie, permis B",
            "help_wanted": [HelpKind.MOCK_INTERVIEW, HelpKind.COMPANY_VISIT],
            "availability": "Tous les matins sauf le vendredi",
            "departement": "93",
            "is_visible": True,
        },
    ),
    DemoMember(
        "professionnel",
        Role.PROFESSIONAL,
        "pro@undebutdereseau.fr",
        "Pro-demo-2026!",
        "Thomas",
        "Lefèvre",
        profile={
            "company": FIRST_COMPANY,
            "job_title": "Consultant en recrutement",
            "sectors": ["M", "J"],
            "help_kinds": [HelpKind.CV_REVIEW, HelpKind.MOCK_INTERVIEW, HelpKind.TRADE_ADVICE],
            "departements": ["75", "93"],
            "remote": True,
            "monthly_capacity": 3,
            "bio": "Quinze ans de recrutement : je relis votre CV et je vous fais répéter.",
        },
    ),
    DemoMember(
        "professionnelle (vérifiée pour l’accueil en personne)",
        Role.PROFESSIONAL,
        "pro.verifiee@undebutdereseau.fr",
        "Pro-verifiee-demo-2026!",
        "Nadia",
        "Ferreira",
        profile={
            "company": SECOND_COMPANY,
            "job_title": "Cheffe de chantier",
            "sectors": ["F"],
            "help_kinds": [
                HelpKind.OBSERVATION,
                HelpKind.COMPANY_VISIT,
                HelpKind.TRADE_ADVICE,
                HelpKind.HOSTING,
            ],
            "departements": ["69", "75"],
            "remote": False,
            "monthly_capacity": 2,
            "bio": "Je fais découvrir les métiers du chantier, sur le terrain.",
            "verified": True,
        },
    ),
    DemoMember(
        "professionnel (santé)",
        Role.PROFESSIONAL,
        "pro.sante@undebutdereseau.fr",
        "Pro-sante-demo-2026!",
        "Karim",
        "Bensaïd",
        profile={
            "company": "residence-les-tilleuls",
            # Not a partner of the network demo: a company named at sign-up.
            "company_name": "Résidence Les Tilleuls",
            "job_title": "Infirmier coordinateur en EHPAD",
            "sectors": ["J", "K"],
            "help_kinds": [HelpKind.TRADE_ADVICE, HelpKind.OBSERVATION, HelpKind.MOCK_INTERVIEW],
            "departements": ["93", "95"],
            "remote": True,
            "monthly_capacity": 2,
            "bio": "Vingt ans à l’hôpital puis en EHPAD : je vous raconte le soin, le vrai.",
        },
    ),
    DemoMember(
        "conseillère",
        Role.COUNSELLOR,
        "conseillere@undebutdereseau.fr",
        "Conseillere-demo-2026!",
        "Aïcha",
        "Diallo",
        FIRST_STRUCTURE,
    ),
    DemoMember(
        "conseiller",
        Role.COUNSELLOR,
        "conseiller@undebutdereseau.fr",
        "Conseiller-demo-2026!",
        "Julien",
        "Petit",
        SECOND_STRUCTURE,
    ),
    DemoMember(
        "référente",
        Role.REFERENT,
        "referente@undebutdereseau.fr",
        "Referente-demo-2026!",
        "Marie",
        "Laurent",
        FIRST_STRUCTURE,
    ),
    # Hexa Conseil opts in to the partner companies page (network demo); its contact reads
    # its figures (all "moins de 5" with one consultant) and the feedback shared with it.
    DemoMember(
        "contact entreprise (Hexa Conseil)",
        Role.COMPANY_CONTACT,
        "entreprise@undebutdereseau.fr",
        "Entreprise-demo-2026!",
        "Claire",
        "Martin",
        company=FIRST_COMPANY,
    ),
]
MODERATOR_EMAIL = "moderateur@undebutdereseau.fr"
ADMIN_EMAIL = "admin@undebutdereseau.fr"
EDITOR_EMAIL = "editrice@undebutdereseau.fr"

TOTP_NOTE = "code à 6 chiffres : python manage.py demo_totp_code <email>"


def load(home_fr: Any, home_en: Any, stdout: TextIO) -> list[tuple[str, str, str]]:
    """Create the demo members; returns rows (role, email, password) for the printed table."""
    with transaction.atomic():
        # The staff accounts (home app) first: the moderator becomes a member moderator.
        home_demo.ensure_accounts(stdout)
        structures = {name: _structure(name) for name in (FIRST_STRUCTURE, SECOND_STRUCTURE)}
        moderator = _staff_member(MODERATOR_EMAIL, Role.MODERATOR)
        _staff_member(ADMIN_EMAIL, "")
        _staff_member(EDITOR_EMAIL, "")
        users = {}
        for spec in MEMBERS:
            users[spec.email] = _member(spec, structures.get(spec.structure), stdout)
        counsellors = {
            user.structure_id: user for user in users.values() if user.role == Role.COUNSELLOR
        }
        for spec in MEMBERS:
            user = users[spec.email]
            if spec.role == Role.YOUNG_PERSON:
                _young_profile(user, spec.profile, counsellors.get(user.structure_id))
            elif spec.role == Role.PROFESSIONAL:
                _pro_profile(user, spec.profile, moderator)
        demo_requests.load(users, stdout)
    return [(spec.label, spec.email, spec.password) for spec in MEMBERS]


def _structure(name: str) -> Structure:
    structure = Structure.objects.filter(slug=slugify(name)).first()
    if structure is None:  # the network demo did not run: a minimal approved structure
        structure = Structure(
            name=name, kind=StructureKind.OTHER, postcode="93200", city="Saint-Denis"
        )
        structure.is_approved = True
        structure.save()
    return structure


def _verified_email(user: User) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _demo_totp(user: User) -> None:
    secret = DEMO_TOTP_SECRETS.get(user.email)
    if secret and not user.authenticator_set.filter(type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)


def _staff_member(email: str, role: str) -> User | None:
    """A staff account of the home demo: its role, a verified address (allauth refuses an
    unverified one), and the demo second factor where the role needs one."""
    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    if user.role != role:
        user.role = role
        user.save(update_fields=["role"])
    _verified_email(user)
    _demo_totp(user)
    return user


def _member(spec: DemoMember, structure: Structure | None, stdout: TextIO) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User(
            email=spec.email,
            first_name=spec.first_name,
            last_name=spec.last_name,
            role=spec.role,
            structure=structure,
            company=Company.objects.filter(slug=spec.company).first() if spec.company else None,
        )
        user.set_password(spec.password)
        user.save()
        Consent.record(user, ConsentDocument.TERMS)
        if spec.role == Role.PROFESSIONAL:
            Consent.record(user, ConsentDocument.CHARTER)
        stdout.write(f"  Compte {spec.label} créé.")
    _verified_email(user)
    _demo_totp(user)
    return user


def _young_profile(user: User, spec: dict[str, Any], counsellor: User | None) -> None:
    if YoungPersonProfile.objects.filter(user=user).exists():
        return
    # The birthday was 60 days ago: the age stays right for the weeks of a demo.
    birth_date = years_before(timezone.localdate(), spec["age"]) - datetime.timedelta(days=60)
    YoungPersonProfile.objects.create(
        user=user,
        counsellor=counsellor,
        status=ReviewStatus.APPROVED,
        birth_date=birth_date,
        minor_at_signup=spec["age"] < MAJORITY,
        project=spec["project"],
        sector=Sector.objects.get(code=spec["sector"]),
        skills=spec["skills"],
        help_wanted=list(spec["help_wanted"]),
        availability=spec["availability"],
        departement=spec["departement"],
        is_visible=spec["is_visible"],
        completed_at=timezone.now(),
    )


def _pro_profile(user: User, spec: dict[str, Any], moderator: User | None) -> None:
    if ProfessionalProfile.objects.filter(user=user).exists():
        return
    now = timezone.now()
    verified = spec.get("verified", False)
    profile = ProfessionalProfile.objects.create(
        user=user,
        job_title=spec["job_title"],
        company=_company(spec),
        help_kinds=list(spec["help_kinds"]),
        departements=spec["departements"],
        remote=spec["remote"],
        monthly_capacity=spec["monthly_capacity"],
        bio=spec["bio"],
        status=ReviewStatus.APPROVED,
        reviewed_by=moderator,
        reviewed_at=now,
        verified_in_person=verified,
        verified_by=moderator if verified else None,
        verified_at=now if verified else None,
        verification_method="Rencontre sur le chantier et pièce d’identité (démo)"
        if verified
        else "",
    )
    profile.sectors.set(Sector.objects.filter(code__in=spec["sectors"]))
    ModerationLog.record(moderator, ModerationAction.APPROVE, profile, "Profil de démonstration")
    if verified:
        ModerationLog.record(
            moderator, ModerationAction.VERIFY_IN_PERSON, profile, profile.verification_method
        )


def _company(spec: dict[str, Any]) -> Company | None:
    company = Company.objects.filter(slug=spec["company"]).first()
    if company is None and "company_name" in spec:
        company = Company.objects.create(
            slug=spec["company"], name=spec["company_name"], is_partner=False
        )
    return company


def demo_totp_secret(email: str) -> str | None:
    """The secret of a demo account's TOTP if it is still the demo one, else None."""
    secret = DEMO_TOTP_SECRETS.get(email.strip().lower())
    if secret is None:
        return None
    authenticator = Authenticator.objects.filter(
        user__email=email.strip().lower(), type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None or decrypt(authenticator.data["secret"]) != secret:
        return None
    return secret
