"""The bench's members dataset, on PostgreSQL (issue 4, "Proof": `make bench`).

At scale 1: 20,000 approved professionals (and a few pending), their companies; 100,000
young people spread over the bench's approved structures (a few big ones, many small),
with counsellors and a referent in each structure; 300,000 coup-de-pouce requests in
realistic proportions of states, each non-draft one with its transition log; 1,000,000
messages on accepted and completed requests, read markers, notifications.

Rows are generated in Python and loaded with PostgreSQL's COPY (ids assigned here, the
sequences moved on afterwards); every account shares one precomputed password hash
(sessions are created directly by the bench, nobody signs in). Each phase is one
transaction recorded in ``bench_members_phase``: an interrupted build resumes at the
first phase not done. ``VERSION`` enters tests.bench.run's fingerprint, so a generator
that changes rebuilds the bench database.

The reminder command works on what is due when it runs, which depends on the time: the
sent requests (and the completed ones still waiting for their follow-up) are recorded
with their ages in ``bench_reminder_pool``, and :func:`reset_reminder_windows` puts
them back, re-based on the current time, before each run. As if the scheduler ran once
a day, each step of the ladder then has about one day of requests to handle (at scale
1: ~1,500 first reminders, ~1,500 second ones, ~1,500 counsellor alerts, ~1,500
expiries and ~250 follow-ups).
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone, translation

# Bump when this module generates different rows: saved bench databases are rebuilt.
VERSION = 5
FULL_SCALE = {
    "professionals": 20_000,
    "young_people": 100_000,
    "requests": 300_000,
    "messages": 1_000_000,
}
EMAIL_DOMAIN = "bench.example.org"
PASSWORD = "bench-members-never-signs-in"  # nobody signs in with it
# Tables of the bench's own, outside Django's models.
POOL_TABLE = "bench_reminder_pool"
BATCH = 20_000
# A request page "with about 30 messages" is measured: one eligible request in 150 has
# exactly this many, one in 4,000 a long conversation.
PAGE_MESSAGES = 30
LONG_MESSAGES = 150

# Share of requests in each final state (sums to 1).
STATE_SHARES = [
    ("draft", 0.03),
    ("awaiting_counsellor", 0.03),
    ("sent", 0.08),
    ("accepted", 0.14),
    ("completed", 0.38),
    ("declined", 0.14),
    ("expired", 0.10),
    ("withdrawn", 0.07),
    ("closed", 0.03),
]
# Sent requests are spread over the last SENT_SPAN_DAYS days; older ones have expired.
SENT_SPAN_DAYS = 15
HISTORY_DAYS = 540

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)

FIRST_NAMES = [
    "Inès", "Yanis", "Lina", "Moussa", "Sarah", "Kévin", "Aya", "Lucas", "Nora", "Théo",
    "Chloé", "Mehdi", "Manon", "Adama", "Léa", "Hugo", "Fatou", "Nathan", "Camille", "Rayan",
    "Emma", "Bilal", "Jade", "Enzo", "Zoé", "Karim", "Louise", "Samir", "Anaïs", "Jérémy",
    "Maëlle", "Sofiane", "Océane", "Mathis", "Yasmine", "Noé", "Clémence", "Idriss", "Élise",
    "Gaëtan", "Amina", "Baptiste", "Salomé", "Ibrahim", "Margaux", "Dylan", "Awa", "Romain",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Benali", "Diallo", "Traoré", "Nguyen",
    "Haddad", "Mendy", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen Van", "Boyer", "Denis",
]  # fmt: skip
# (job title, ROME sector code, what they know)
JOBS = [
    ("Électricienne", "F", "installations électriques, habilitations, lecture de plans"),
    ("Électricien", "F", "tableaux électriques, domotique, chantiers neufs"),
    ("Cheffe de chantier", "F", "organisation d'équipes, sécurité, gros œuvre"),
    ("Plombier chauffagiste", "F", "chauffage, sanitaires, pompes à chaleur"),
    ("Maçon", "F", "gros œuvre, coffrage, rénovation"),
    ("Infirmière", "J", "soins, urgences, travail de nuit"),
    ("Aide-soignant", "J", "EHPAD, soins d'hygiène, écoute"),
    ("Pharmacienne", "J", "officine, conseil, préparation"),
    ("Kinésithérapeute", "J", "rééducation, sport, libéral"),
    ("Développeuse web", "M", "Python, JavaScript, sites accessibles"),
    ("Comptable", "M", "paie, bilans, cabinet d'expertise"),
    ("Chargé de recrutement", "M", "entretiens, CV, fiches de poste"),
    ("Assistante ressources humaines", "M", "paie, contrats, intégration"),
    ("Boulanger", "D", "pâtisserie, viennoiserie, apprentissage"),
    ("Vendeuse en boutique", "D", "conseil client, caisse, mise en rayon"),
    ("Responsable de magasin", "D", "management, grande distribution, inventaires"),
    ("Coiffeuse", "D", "coupe, couleur, salon de quartier"),
    ("Cuisinier", "G", "restauration collective, brigade, hygiène"),
    ("Serveuse", "G", "service en salle, brasserie, saison"),
    ("Réceptionniste d'hôtel", "G", "accueil, anglais, réservations"),
    ("Animateur périscolaire", "G", "BAFA, enfants, projets"),
    ("Mécanicien automobile", "I", "diagnostic, entretien, garage"),
    ("Technicienne de maintenance", "I", "maintenance industrielle, électrotechnique"),
    ("Soudeur", "H", "soudure TIG, métallerie, lecture de plans"),
    ("Opératrice de production", "H", "agroalimentaire, qualité, travail posté"),
    ("Conducteur routier", "N", "permis C, logistique, longues distances"),
    ("Préparatrice de commandes", "N", "entrepôt, CACES, logistique"),
    ("Agente d'escale", "N", "aéroport, accueil, horaires décalés"),
    ("Conseillère bancaire", "C", "clientèle, crédit, agence"),
    ("Agent immobilier", "C", "transaction, location, négociation"),
    ("Journaliste", "E", "presse locale, reportage, radio"),
    ("Graphiste", "E", "identité visuelle, mise en page, illustration"),
    ("Photographe", "E", "reportage, studio, retouche"),
    ("Paysagiste", "A", "espaces verts, taille, création de jardins"),
    ("Agricultrice", "A", "maraîchage, élevage, vente directe"),
    ("Vétérinaire", "A", "soins aux animaux, clinique, urgences"),
    ("Ébéniste", "B", "menuiserie, restauration de meubles, atelier"),
    ("Bijoutière", "B", "joaillerie, création, réparation"),
    ("Éducatrice spécialisée", "K", "protection de l'enfance, handicap, accompagnement"),
    ("Auxiliaire de vie", "K", "aide à domicile, personnes âgées, autonomie"),
    ("Agent de sécurité", "K", "SSIAP, surveillance, événementiel"),
    ("Régisseur son", "L", "concerts, théâtre, montage"),
    ("Comédienne", "L", "théâtre, ateliers, prise de parole"),
    ("Technicien lumière", "L", "spectacle vivant, tournées, câblage"),
]
COMPANY_WORDS = [
    ("Bâti", "F"), ("Soins", "J"), ("Atelier", "B"), ("Transports", "N"), ("Groupe", "M"),
    ("Cabinet", "M"), ("Hôtel", "G"), ("Boulangerie", "D"), ("Garage", "I"), ("Agence", "E"),
    ("Ferme", "A"), ("Clinique", "J"), ("Logistique", "N"), ("Usine", "H"), ("Banque", "C"),
]  # fmt: skip
# Départements where most people live weigh more; then the whole mainland list.
BUSY_DEPARTEMENTS = ["75", "93", "13", "69", "59", "33", "31", "44", "92", "94", "67", "34"]
PROJECTS = {
    "A": "paysagiste", "B": "ébéniste", "C": "conseiller bancaire", "D": "vendeuse",
    "E": "graphiste", "F": "électricien", "G": "cuisinière", "H": "soudeur",
    "I": "mécanicien automobile", "J": "aide-soignante", "K": "auxiliaire de vie",
    "L": "technicienne du spectacle", "M": "développeur web", "N": "conducteur routier",
}  # fmt: skip
HOPES = [
    "J'aimerais savoir comment se passe une journée dans votre métier et ce qu'il faut "
    "pour y entrer.",
    "Pouvez-vous relire mon CV ? Je cherche une alternance à la rentrée.",
    "Je voudrais m'entraîner à un entretien d'embauche : j'en ai un dans deux semaines.",
    "J'aimerais passer une journée avec vous pour voir le métier de près.",
    "Je cherche quelqu'un qui connaît des entreprises du secteur pour un stage.",
    "Est-ce que je pourrais visiter votre entreprise avec ma conseillère ?",
]
MESSAGES = [
    "Bonjour, merci d'avoir accepté ! Quand seriez-vous disponible ?",
    "Bonjour, avec plaisir. Je peux mardi après-midi ou jeudi matin, ça vous va ?",
    "Jeudi matin c'est parfait pour moi.",
    "Voici mon CV, j'ai essayé de suivre vos conseils sur la présentation.",
    "C'est beaucoup mieux ! Mettez votre stage en premier, c'est ce qui intéresse les "
    "recruteurs. Et ajoutez une ligne sur ce que vous y avez appris.",
    "Merci beaucoup, je corrige ça ce soir.",
    "Vous pouvez regarder cette offre, elle correspond à ce que vous cherchez : "
    "https://www.example.org/offres/alternance-1234",
    "Pour l'entretien, préparez deux exemples concrets de situations où vous avez su vous "
    "organiser. On peut s'appeler la veille pour répéter si vous voulez.",
    "Oui je veux bien ! Mon numéro c'est le 06 12 34 56 78.",
    "D'accord. Je vous appelle à 18 h.",
    "J'ai eu l'entretien, ça s'est bien passé je crois. Ils me répondent la semaine prochaine.",
    "Bravo, tenez-moi au courant !",
    "Est-ce qu'il faut une tenue particulière pour la journée d'observation ?",
    "Des chaussures de sécurité si vous en avez, sinon on vous en prête. Rendez-vous à "
    "8 h devant l'atelier.",
    "Bonjour, je voulais vous remercier encore pour votre temps.",
    "Avec plaisir, c'était un échange très agréable. Bonne continuation !",
    "Je n'ai pas bien compris la différence entre un CAP et un bac pro, vous pouvez m'expliquer ?",
    "Le CAP se fait en deux ans et mène directement au métier ; le bac pro dure trois ans "
    "et permet aussi de poursuivre en BTS. Les deux existent en alternance.",
    "Ma conseillère me demande si on peut décaler au mois prochain.",
    "Pas de souci, dites-moi quelles dates vous arrangent.",
]
FEEDBACK = [
    "Très utile, merci !",
    "Un échange clair et bienveillant.",
    "J'ai appris beaucoup sur le métier.",
    "Jeune motivé·e, ponctuel·le, à encourager.",
]


def scaled(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in FULL_SCALE.items()}


def supported() -> bool:
    return connection.vendor == "postgresql"


# --- COPY ---------------------------------------------------------------------------------


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    elif not isinstance(value, str):
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


class Table:
    """COPY rows into ``model``'s table: the given columns, then every other NOT NULL
    column with its Python default (Django sets no database default)."""

    def __init__(self, model: type[models.Model], fields: list[str]):
        self.model = model
        self.table = model._meta.db_table
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        missing = [name for name in fields if name not in by_name]
        if missing:
            raise ValueError(f"{model.__name__} has no field {missing}")
        columns = [by_name[name].column for name in fields]
        defaults = []
        for field in model._meta.concrete_fields:
            if field.attname in fields or field.null:
                continue
            if field.has_default():
                value = field.get_default()
            elif field.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
            columns.append(field.column)
            defaults.append(_text(value))
        self.columns = columns
        self.suffix = ("\t" + "\t".join(defaults)) if defaults else ""

    def copy(self, rows: Iterable[tuple]) -> int:
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        count = 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN"
            ) as copy:
                lines = []
                for row in rows:
                    lines.append("\t".join(map(_text, row)) + self.suffix)
                    if len(lines) >= 5000:
                        copy.write("\n".join(lines) + "\n")
                        count += len(lines)
                        lines.clear()
                if lines:
                    copy.write("\n".join(lines) + "\n")
                    count += len(lines)
        return count


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def reset_sequences(*model_list: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            cursor.execute(sql)


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for offset in range(0, len(items), size):
        yield items[offset : offset + size]


def model(label: str) -> type[models.Model]:
    return apps.get_model(label)


# --- Phases -------------------------------------------------------------------------------


def _ensure_phase_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_members_phase (name text PRIMARY KEY, "
            "version integer NOT NULL, rows bigint NOT NULL, seconds double precision, "
            "base_time timestamptz NOT NULL, done_at timestamptz NOT NULL DEFAULT now())"
        )


def _done_phases() -> dict[str, datetime.datetime]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, base_time FROM bench_members_phase WHERE version = %s", [VERSION]
        )
        return dict(cursor.fetchall())


def _mark_done(name: str, rows: int, seconds: float, base_time: datetime.datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_members_phase (name, version, rows, seconds, base_time) "
            "VALUES (%s, %s, %s, %s, %s)",
            [name, VERSION, rows, seconds, base_time],
        )


class Context:
    """What the phases share: sizes, the time the data is relative to, the hash."""

    def __init__(self, scale: float, base_time: datetime.datetime):
        self.scale = scale
        self.sizes = scaled(scale)
        self.now = base_time
        self._password = None

    @property
    def password(self) -> str:
        if self._password is None:
            self._password = make_password(PASSWORD)
        return self._password

    def sectors(self) -> dict[str, int]:
        return dict(model("members.Sector").objects.values_list("code", "pk"))

    def bench_structures(self) -> list[tuple[int, str, bool]]:
        """(pk, département, requires_validation) of the approved bench structures."""
        from tests.bench.dataset import BENCH_SLUG_PREFIX

        Structure = model("network.Structure")
        return list(
            Structure.objects.filter(slug__startswith=BENCH_SLUG_PREFIX, is_approved=True)
            .order_by("pk")
            .values_list("pk", "departement", "requires_validation")
        )


def _user_row(ctx, pk, email, first, last, role, structure_id, rng, joined):
    return (
        pk,
        ctx.password,
        joined + datetime.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.9 else None,
        False,  # is_superuser
        first,
        last,
        False,  # is_staff
        True,  # is_active
        joined,
        email,
        role,
        structure_id,
        "en" if rng.random() < 0.08 else "fr",
        "daily" if rng.random() < 0.2 else "immediate",
    )


USER_FIELDS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "first_name",
    "last_name",
    "is_staff",
    "is_active",
    "date_joined",
    "email",
    "role",
    "structure_id",
    "language",
    "email_frequency",
]


def phase_companies(ctx: Context, rng: random.Random) -> int:
    Company = model("network.Company")
    count = max(3, round(2_000 * ctx.scale))
    existing = set(Company.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    objs = []
    for n in range(count):
        word, _ = COMPANY_WORDS[n % len(COMPANY_WORDS)]
        name = f"{word} {LAST_NAMES[n % len(LAST_NAMES)]} {n + 1}"
        slug = f"bench-entreprise-{n + 1:05d}"
        if slug in existing:
            continue
        objs.append(
            Company(
                name=name,
                slug=slug,
                website="https://example.org/",
                description=f"{name}, une entreprise partenaire.",
                is_partner=n % 3 == 0,
            )
        )
    Company.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def phase_professionals(ctx: Context, rng: random.Random) -> int:
    User = model("members.User")
    Profile = model("members.ProfessionalProfile")
    Company = model("network.Company")
    through = Profile.sectors.through
    from members.enums import HelpKind
    from members.search import refresh_search_documents
    from network.departements import DEPARTEMENT_CHOICES

    sectors = ctx.sectors()
    all_departements = [code for code, _ in DEPARTEMENT_CHOICES]
    companies = list(
        Company.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", "name")
    )
    kinds = [k for k in HelpKind.values if k != HelpKind.HOSTING]
    approved = ctx.sizes["professionals"]
    pending = max(1, round(approved * 0.025))
    total = approved + pending
    first_user = next_id(User)
    first_profile = next_id(Profile)
    first_link = next_id(through)
    users = Table(User, USER_FIELDS)
    profiles = Table(
        Profile,
        [
            "id",
            "user_id",
            "job_title",
            "company_id",
            "help_kinds",
            "departements",
            "remote",
            "monthly_capacity",
            "is_paused",
            "bio",
            "status",
            "reviewed_at",
            "verified_in_person",
            "verified_at",
            "created_at",
            "updated_at",
        ],
    )
    links = Table(through, ["id", "professionalprofile_id", "sector_id"])
    link_id = first_link
    rows = 0
    for start in range(0, total, BATCH):
        user_rows, profile_rows, link_rows = [], [], []
        for n in range(start, min(total, start + BATCH)):
            first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
            joined = ctx.now - datetime.timedelta(days=rng.randint(30, 900))
            user_id = first_user + n
            user_rows.append(
                _user_row(
                    ctx,
                    user_id,
                    f"bench.pro.{n + 1:06d}@{EMAIL_DOMAIN}",
                    first,
                    last,
                    "professional",
                    None,
                    rng,
                    joined,
                )
            )
            job, sector, skills = JOBS[rng.randrange(len(JOBS))]
            company = companies[rng.randrange(len(companies))] if rng.random() < 0.85 else None
            offered = rng.sample(kinds, rng.randint(2, 4))
            verified = rng.random() < 0.05
            if verified and rng.random() < 0.5:
                offered.append(HelpKind.HOSTING.value)
            if rng.random() < 0.7:
                places = rng.sample(BUSY_DEPARTEMENTS, rng.randint(1, 2))
            else:
                places = rng.sample(all_departements, rng.randint(1, 3))
            status = "approved" if n < approved else "pending"
            bio = (
                f"{job} depuis {rng.randint(2, 25)} ans"
                + (f" chez {company[1]}" if company else "")
                + f". Ce que je connais bien : {skills}. "
                + "J'aime transmettre et je réponds volontiers aux questions des jeunes "
                "qui découvrent le métier."
            )
            profile_id = first_profile + n
            profile_rows.append(
                (
                    profile_id,
                    user_id,
                    job,
                    company[0] if company else None,
                    offered,
                    places,
                    rng.random() < 0.4,
                    rng.choice([1, 2, 2, 2, 3, 3, 4, 5, 8, 10]),
                    rng.random() < 0.1,
                    bio,
                    status,
                    joined + DAY if status == "approved" else None,
                    verified,
                    joined + 2 * DAY if verified else None,
                    joined,
                    joined + DAY,
                )
            )
            codes = {sector}
            if rng.random() < 0.3:
                codes.add(rng.choice(list(sectors)))
            for code in sorted(codes):
                link_rows.append((link_id, profile_id, sectors[code]))
                link_id += 1
        rows += users.copy(user_rows) + profiles.copy(profile_rows) + links.copy(link_rows)
    reset_sequences(User, Profile, through)
    # What the application keeps on each save, COPY does not: the directory's documents.
    refresh_search_documents(pk__gte=first_profile)
    return rows


def structure_weight(index: int) -> float:
    """A few big structures, some medium, many small (the mean weight is about 1)."""
    if index % 50 == 0:
        return 8.0
    if index % 50 < 10:
        return 2.0
    return 0.5


def counsellors_for(index: int) -> int:
    weight = structure_weight(index)
    return 6 if weight > 4 else 3 if weight > 1 else 1 + (index % 3 == 0)


def phase_staff(ctx: Context, rng: random.Random) -> int:
    """Counsellors and a referent in each approved bench structure; two structures in
    five let a young person's request go without the counsellor's validation."""
    User = model("members.User")
    Structure = model("network.Structure")
    structures = ctx.bench_structures()
    Structure.objects.filter(pk__in=[pk for pk, *_ in structures if pk % 5 < 2]).update(
        requires_validation=False
    )
    table = Table(User, USER_FIELDS)
    pk = next_id(User)
    rows = []
    for index, (structure_id, _dep, _validation) in enumerate(structures):
        for k in range(counsellors_for(index)):
            joined = ctx.now - datetime.timedelta(days=rng.randint(100, 900))
            rows.append(
                _user_row(
                    ctx,
                    pk,
                    f"bench.conseiller.{structure_id}.{k + 1}@{EMAIL_DOMAIN}",
                    FIRST_NAMES[rng.randrange(len(FIRST_NAMES))],
                    LAST_NAMES[rng.randrange(len(LAST_NAMES))],
                    "counsellor",
                    structure_id,
                    rng,
                    joined,
                )
            )
            pk += 1
        rows.append(
            _user_row(
                ctx,
                pk,
                f"bench.referent.{structure_id}@{EMAIL_DOMAIN}",
                FIRST_NAMES[rng.randrange(len(FIRST_NAMES))],
                LAST_NAMES[rng.randrange(len(LAST_NAMES))],
                "referent",
                structure_id,
                rng,
                ctx.now - 900 * DAY,
            )
        )
        pk += 1
    count = table.copy(rows)
    reset_sequences(User)
    return count


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def phase_young_people(ctx: Context, rng: random.Random) -> int:
    User = model("members.User")
    Profile = model("members.YoungPersonProfile")
    from members.enums import HelpKind

    sectors = ctx.sectors()
    codes = sorted(sectors)
    structures = ctx.bench_structures()
    if not structures:
        raise RuntimeError("No approved bench structure: the public dataset comes first.")
    counsellors: dict[int, list[int]] = {}
    for user_id, structure_id in (
        User.objects.filter(role="counsellor", email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("pk")
        .values_list("pk", "structure_id")
    ):
        counsellors.setdefault(structure_id, []).append(user_id)
    sizes = _spread(
        ctx.sizes["young_people"], [structure_weight(i) for i in range(len(structures))]
    )
    today = ctx.now.date()
    users = Table(User, USER_FIELDS)
    profiles = Table(
        Profile,
        [
            "id",
            "user_id",
            "counsellor_id",
            "status",
            "birth_date",
            "minor_at_signup",
            "project",
            "sector_id",
            "skills",
            "help_wanted",
            "availability",
            "departement",
            "is_visible",
            "completed_at",
            "created_at",
            "updated_at",
        ],
    )
    first_user, first_profile = next_id(User), next_id(Profile)
    kinds = [k for k in HelpKind.values if k != HelpKind.OTHER]
    people = [(structures[s], index) for s, size in enumerate(sizes) for index in range(size)]
    rows = 0
    n = 0
    for batch in _batches(people):
        user_rows, profile_rows = [], []
        for (structure_id, departement, _validation), index in batch:
            first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
            joined = ctx.now - datetime.timedelta(days=rng.randint(1, 700))
            user_id, profile_id = first_user + n, first_profile + n
            user_rows.append(
                _user_row(
                    ctx,
                    user_id,
                    f"bench.jeune.{n + 1:06d}@{EMAIL_DOMAIN}",
                    first,
                    last,
                    "young",
                    structure_id,
                    rng,
                    joined,
                )
            )
            minor = rng.random() < 0.18
            age_days = (
                rng.randint(16 * 365 + 5, 18 * 365 - 5)
                if minor
                else rng.randint(18 * 365 + 5, 25 * 365)
            )
            birth = today - datetime.timedelta(days=age_days)
            roll = rng.random()
            status = "approved" if roll < 0.92 else "pending" if roll < 0.98 else "rejected"
            sector = codes[rng.randrange(len(codes))]
            complete = rng.random() < 0.85
            wanted = rng.sample(kinds, rng.randint(1, 3)) if complete else []
            if minor and "hosting" in wanted:
                wanted.remove("hosting")
            team = counsellors.get(structure_id) or [None]
            profile_rows.append(
                (
                    profile_id,
                    user_id,
                    team[index % len(team)] if rng.random() < 0.9 else None,
                    status,
                    birth,
                    minor,
                    PROJECTS[sector] if complete else "",
                    sectors[sector] if complete else None,
                    "Ponctuel·le, à l'écoute, stage de trois semaines" if complete else "",
                    wanted,
                    "Le mercredi après-midi et le vendredi" if rng.random() < 0.6 else "",
                    departement if complete else "",
                    status == "approved" and rng.random() < (0.1 if minor else 0.35),
                    joined + DAY if complete else None,
                    joined,
                    joined + DAY,
                )
            )
            n += 1
        rows += users.copy(user_rows) + profiles.copy(profile_rows)
    reset_sequences(User, Profile)
    return rows


# --- Requests -----------------------------------------------------------------------------

REQUEST_FIELDS = [
    "id",
    "young_person_id",
    "professional_id",
    "structure_id",
    "state",
    "kind",
    "hopes",
    "availability",
    "offered_by_professional",
    "counsellor_comment",
    "decline_reason",
    "decline_text",
    "close_reason",
    "outcome",
    "young_feedback",
    "professional_feedback",
    "follow_up_outcome",
    "created_at",
    "updated_at",
    "sent_at",
    "answered_at",
    "completed_at",
    "reminder_level",
    "follow_up_sent_at",
]
TRANSITION_FIELDS = ["id", "request_id", "name", "from_state", "to_state", "actor_id", "reason"]
TRANSITION_FIELDS.append("created_at")


def _level(age: datetime.timedelta) -> int:
    """The step an up-to-date ladder has reached for a request sent ``age`` ago."""
    from members.requests.reminders import days

    if age >= days("counsellor_alert_days"):
        return 3
    if age >= days("second_reminder_days"):
        return 2
    if age >= days("first_reminder_days"):
        return 1
    return 0


def _delay(rng: random.Random) -> datetime.timedelta:
    """How long a professional takes to answer: hours for most, days for some."""
    return datetime.timedelta(hours=min(13 * 24, rng.lognormvariate(2.8, 1.2)))


def phase_requests(ctx: Context, rng: random.Random) -> int:
    """Requests and their transition logs; then the reminder pool."""
    HelpRequest = model("members.HelpRequest")
    Transition = model("members.HelpRequestTransition")
    User = model("members.User")
    from members.enums import DeclineReason, Outcome

    now = ctx.now
    young = list(
        model("members.YoungPersonProfile")
        .objects.filter(status="approved", user__email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("user_id")
        .values_list("user_id", "user__structure_id", "birth_date", "help_wanted")
    )
    pros = list(
        model("members.ProfessionalProfile")
        .objects.filter(status="approved", user__email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("user_id")
        .values_list("user_id", "help_kinds", "monthly_capacity")
    )
    counsellors: dict[int, list[int]] = {}
    for user_id, structure_id in User.objects.filter(
        role="counsellor", email__endswith=f"@{EMAIL_DOMAIN}"
    ).values_list("pk", "structure_id"):
        counsellors.setdefault(structure_id, []).append(user_id)
    validation = {pk: needs for pk, _dep, needs in ctx.bench_structures()}
    # Some young people ask much more than others, some professionals are asked more,
    # within what the abuse limits and monthly capacities allow over 18 months.
    young_weights = [min(rng.paretovariate(2.5), 6.0) for _ in young]
    pro_weights = [capacity * min(rng.paretovariate(2.0), 5.0) for _, _, capacity in pros]
    total = ctx.sizes["requests"]
    states = [name for name, _ in STATE_SHARES]
    shares = _spread(total, [share for _, share in STATE_SHARES])
    state_of = [states[i] for i, count in enumerate(shares) for _ in range(count)]
    rng.shuffle(state_of)
    young_picks = rng.choices(range(len(young)), weights=young_weights, k=total)
    pro_picks = rng.choices(range(len(pros)), weights=pro_weights, k=total)
    majority = now.date() - datetime.timedelta(days=18 * 365 + 4)
    open_pairs: set[tuple[int, int]] = set()
    requests_table = Table(HelpRequest, REQUEST_FIELDS)
    transitions_table = Table(Transition, TRANSITION_FIELDS)
    first_request, transition_id = next_id(HelpRequest), next_id(Transition)
    reasons = list(DeclineReason.values)
    outcomes = list(Outcome.values)
    rows = 0
    request_rows, transition_rows = [], []

    def flush():
        nonlocal rows
        rows += requests_table.copy(request_rows) + transitions_table.copy(transition_rows)
        request_rows.clear()
        transition_rows.clear()

    for n in range(total):
        state = state_of[n]
        young_id, structure_id, birth, wanted = young[young_picks[n]]
        pro_index = pro_picks[n]
        pro_id, offered, _capacity = pros[pro_index]
        if state in ("draft", "awaiting_counsellor", "sent", "accepted"):
            while (young_id, pro_id) in open_pairs:
                pro_index = (pro_index + 1) % len(pros)
                pro_id, offered, _capacity = pros[pro_index]
            open_pairs.add((young_id, pro_id))
        minor = birth > majority
        choices = [k for k in wanted if k in offered] or list(offered)
        if minor:
            choices = [k for k in choices if k != "hosting"] or ["trade_advice"]
        kind = choices[rng.randrange(len(choices))]
        offer = rng.random() < 0.05
        needs = minor or kind == "hosting" or validation.get(structure_id, True)
        author, recipient = (pro_id, young_id) if offer else (young_id, pro_id)
        team = counsellors.get(structure_id) or [None]
        counsellor = team[n % len(team)]
        pk = first_request + n
        log: list[tuple] = []  # (name, from, to, actor, reason, at)
        values = {
            "counsellor_comment": "",
            "decline_reason": "",
            "decline_text": "",
            "close_reason": "",
            "outcome": "",
            "young_feedback": "",
            "professional_feedback": "",
            "follow_up_outcome": "",
            "sent_at": None,
            "answered_at": None,
            "completed_at": None,
            "reminder_level": 0,
            "follow_up_sent_at": None,
        }
        # When it was sent (or when it stopped before being sent).
        if state == "sent":
            sent = now - datetime.timedelta(seconds=rng.uniform(0, SENT_SPAN_DAYS * 86400))
        elif state == "accepted":
            sent = now - datetime.timedelta(seconds=rng.uniform(1 * 86400, 60 * 86400))
        elif state in ("draft", "awaiting_counsellor"):
            sent = now - datetime.timedelta(seconds=rng.uniform(600, 20 * 86400))
        else:
            sent = now - datetime.timedelta(
                seconds=rng.uniform(SENT_SPAN_DAYS * 86400, HISTORY_DAYS * 86400)
            )
        reached_sent = state not in ("draft", "awaiting_counsellor") and not (
            state in ("withdrawn", "closed") and rng.random() < 0.3
        )
        if state == "draft":
            created = sent
            if rng.random() < 0.2:  # written, sent to the counsellor, returned
                log.append(("submit", "draft", "awaiting_counsellor", author, "", created + HOUR))
                reason = "Peux-tu préciser tes disponibilités ?"
                log.append(
                    ("return", "awaiting_counsellor", "draft", counsellor, reason, created + DAY)
                )
        elif state == "awaiting_counsellor" or not reached_sent:
            created = sent - HOUR
            log.append(("submit", "draft", "awaiting_counsellor", author, "", sent))
        else:
            created = sent - datetime.timedelta(minutes=rng.randint(5, 3 * 24 * 60))
            if needs:
                submitted = sent - datetime.timedelta(minutes=rng.randint(30, 2 * 24 * 60))
                created = min(created, submitted - MINUTE)
                log.append(("submit", "draft", "awaiting_counsellor", author, "", submitted))
                log.append(("validate", "awaiting_counsellor", "sent", counsellor, "", sent))
            else:
                log.append(("submit", "draft", "sent", author, "", sent))
            values["sent_at"] = sent
        if state == "sent":
            values["reminder_level"] = _level(max(datetime.timedelta(0), now - sent - DAY))
        elif state in ("accepted", "completed", "declined"):
            answered = min(sent + _delay(rng), now - MINUTE)
            values["answered_at"] = answered
            if state == "declined":
                reason = reasons[rng.randrange(len(reasons))]
                values["decline_reason"] = reason
                values["decline_text"] = (
                    "Je suis désolé·e, pas en ce moment." if reason == ("other") else ""
                )
                log.append(("decline", "sent", "declined", recipient, "", answered))
            else:
                log.append(("accept", "sent", "accepted", recipient, "", answered))
            if state == "completed":
                completed = min(
                    answered + datetime.timedelta(days=rng.uniform(2, 60)), now - 2 * HOUR
                )
                values["completed_at"] = completed
                values["outcome"] = outcomes[rng.randrange(len(outcomes))]
                values["young_feedback"] = FEEDBACK[n % 3] if rng.random() < 0.7 else ""
                values["professional_feedback"] = FEEDBACK[3] if rng.random() < 0.5 else ""
                by = young_id if rng.random() < 0.6 else pro_id
                log.append(("complete", "accepted", "completed", by, "", completed))
                # The follow-up of an up-to-date scheduler, one day ago.
                follow = completed + datetime.timedelta(days=90)
                if follow <= now - DAY:
                    values["follow_up_sent_at"] = follow
                    if rng.random() < 0.35:
                        values["follow_up_outcome"] = outcomes[rng.randrange(len(outcomes))]
        elif state == "expired":
            values["reminder_level"] = 3
            log.append(("expire", "sent", "expired", None, "", sent + 14 * DAY))
        elif state in ("withdrawn", "closed"):
            from_state = "sent" if reached_sent else "awaiting_counsellor"
            if reached_sent and rng.random() < 0.3:
                answered = min(sent + _delay(rng), now - MINUTE)
                values["answered_at"] = answered
                log.append(("accept", "sent", "accepted", recipient, "", answered))
                from_state = "accepted"
            at = min(log[-1][5] + datetime.timedelta(days=rng.uniform(0.1, 10)), now - MINUTE)
            if state == "withdrawn":
                log.append(("withdraw", from_state, "withdrawn", young_id, "", at))
            else:
                reason = "Le ou la jeune a trouvé un stage par un autre moyen."
                values["close_reason"] = reason
                log.append(("close", from_state, "closed", counsellor, reason, at))
        if needs and any(entry[0] == "validate" for entry in log) and rng.random() < 0.3:
            values["counsellor_comment"] = "Demande relue, bonne chance !"
        updated = log[-1][5] if log else created
        request_rows.append(
            (
                pk,
                young_id,
                pro_id,
                structure_id,
                state,
                kind,
                HOPES[n % len(HOPES)],
                "En semaine après 16 h" if n % 3 else "",
                offer,
                values["counsellor_comment"],
                values["decline_reason"],
                values["decline_text"],
                values["close_reason"],
                values["outcome"],
                values["young_feedback"],
                values["professional_feedback"],
                values["follow_up_outcome"],
                created,
                updated,
                values["sent_at"],
                values["answered_at"],
                values["completed_at"],
                values["reminder_level"],
                values["follow_up_sent_at"],
            )
        )
        for name, from_state, to_state, actor, reason, at in log:
            transition_rows.append(
                (transition_id, pk, name, from_state, to_state, actor, reason, at)
            )
            transition_id += 1
        if len(request_rows) >= BATCH:
            flush()
    flush()
    reset_sequences(HelpRequest, Transition)
    fill_capacity_counters(now)
    create_reminder_pool(now)
    return rows


def fill_capacity_counters(now: datetime.datetime | None = None) -> int:
    """The professionals' monthly counters (capacity left) from the requests COPY loaded:
    the application keeps them as it sends requests, COPY does not. One UPDATE."""
    from members.directory.capacity import recount

    return recount(now=now)


def create_reminder_pool(base_time: datetime.datetime) -> None:
    """The requests the reminder command may act on, with their ages at ``base_time``."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_reminder_pool")
        cursor.execute(
            """
            CREATE TABLE bench_reminder_pool AS
            SELECT id, state, reminder_level, follow_up_sent_at, updated_at,
                   %s::timestamptz - sent_at AS sent_age,
                   %s::timestamptz - completed_at AS completed_age,
                   %s::timestamptz AS generated_at
            FROM members_helprequest
            WHERE state = 'sent' OR (state = 'completed' AND follow_up_sent_at IS NULL)
            """,
            [base_time, base_time, base_time],
        )
        cursor.execute("ALTER TABLE bench_reminder_pool ADD PRIMARY KEY (id)")


def reset_reminder_windows() -> int:
    """Put the pool back as generated, re-based on now: undo a previous run's reminders,
    expiries and follow-ups, so that every run finds the same work due."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The emails a previous run queued (the bench database has no worker).
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
        cursor.execute(
            "DELETE FROM members_helprequesttransition t USING bench_reminder_pool p "
            "WHERE t.request_id = p.id AND t.created_at > p.generated_at"
        )
        cursor.execute(
            "DELETE FROM members_notification n USING bench_reminder_pool p "
            "WHERE n.help_request_id = p.id AND n.created_at > p.generated_at"
        )
        cursor.execute(
            """
            UPDATE members_helprequest h
            SET state = p.state, reminder_level = p.reminder_level,
                follow_up_sent_at = p.follow_up_sent_at, updated_at = p.updated_at,
                sent_at = now() - p.sent_age, completed_at = now() - p.completed_age
            FROM bench_reminder_pool p WHERE h.id = p.id
            """
        )
        rows = cursor.rowcount
        # Sent dates moved with the clock: the month's counters follow them.
        fill_capacity_counters()
        return rows


# --- Messages, read markers, notifications ----------------------------------------------


def phase_messages(ctx: Context, rng: random.Random) -> int:
    """Messages on accepted and completed requests, ``last_message_at``, read markers."""
    HelpRequest = model("members.HelpRequest")
    Message = model("members.Message")
    ReadMarker = model("members.ReadMarker")
    now = ctx.now
    conversations = list(
        HelpRequest.objects.filter(
            state__in=["accepted", "completed"],
            young_person__email__endswith=f"@{EMAIL_DOMAIN}",
        )
        .order_by("pk")
        .values_list("pk", "young_person_id", "professional_id", "answered_at", "completed_at")
    )
    if not conversations:
        return 0
    target = ctx.sizes["messages"]
    forced = {}
    for index in range(len(conversations)):
        if index % 4000 == 7:
            forced[index] = LONG_MESSAGES
        elif index % 150 == 3:
            forced[index] = PAGE_MESSAGES
    rest = max(0, target - sum(forced.values()))
    free = len(conversations) - len(forced)
    mean = rest / free if free else 0
    counts = []
    for index in range(len(conversations)):
        if index in forced:
            counts.append(forced[index])
        elif rng.random() < 0.08:
            counts.append(0)  # accepted, nothing written yet
        else:
            counts.append(1 + int(rng.expovariate(1 / max(mean / 0.92 - 1, 0.1))))
    # Trim or pad the free conversations so that the total is exactly the target.
    difference = target - sum(counts)
    free_indexes = [i for i in range(len(conversations)) if i not in forced]
    step = 1 if difference > 0 else -1
    position = 0
    while difference and free_indexes:
        i = free_indexes[position % len(free_indexes)]
        if step > 0 or counts[i] > 0:
            counts[i] += step
            difference -= step
        position += 1
        if position > 50 * len(free_indexes):
            break
    messages_table = Table(Message, ["id", "request_id", "author_id", "body", "created_at"])
    messages_table_hidden = Table(
        Message, ["id", "request_id", "author_id", "body", "created_at", "hidden_at"]
    )
    markers_table = Table(ReadMarker, ["id", "request_id", "user_id", "read_at"])
    message_id, marker_id = next_id(Message), next_id(ReadMarker)
    rows = 0
    last_seen: list[tuple[int, datetime.datetime]] = []
    message_rows, hidden_rows, marker_rows = [], [], []

    def flush():
        nonlocal rows
        rows += messages_table.copy(message_rows) + messages_table_hidden.copy(hidden_rows)
        rows += markers_table.copy(marker_rows)
        message_rows.clear()
        hidden_rows.clear()
        marker_rows.clear()

    for (pk, young_id, pro_id, answered, completed), count in zip(
        conversations, counts, strict=True
    ):
        if not count or answered is None:
            continue
        end = completed or now
        span = max((end - answered).total_seconds(), 120.0)
        offsets = sorted(rng.uniform(60, span) for _ in range(count))
        times = [answered + datetime.timedelta(seconds=offset) for offset in offsets]
        for k, at in enumerate(times):
            author = young_id if k % 2 == 0 else pro_id
            body = MESSAGES[(pk + k) % len(MESSAGES)]
            if rng.random() < 0.001:
                hidden_rows.append((message_id, pk, author, body, at, at + HOUR))
            else:
                message_rows.append((message_id, pk, author, body, at))
            message_id += 1
        last = times[-1]
        last_seen.append((pk, last))
        # Most have read everything; some have not opened the last messages yet.
        for user_id in (young_id, pro_id):
            read = last if rng.random() < 0.75 else times[max(0, len(times) - 3)] - MINUTE
            marker_rows.append((marker_id, pk, user_id, read))
            marker_id += 1
        if len(message_rows) >= BATCH:
            flush()
    flush()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_last_message (id bigint PRIMARY KEY, at timestamptz)"
        )
        with cursor.cursor.copy("COPY bench_last_message (id, at) FROM STDIN") as copy:
            copy.write("".join(f"{pk}\t{at.isoformat()}\n" for pk, at in last_seen))
        cursor.execute(
            "UPDATE members_helprequest h SET last_message_at = b.at "
            "FROM bench_last_message b WHERE h.id = b.id"
        )
        cursor.execute("DROP TABLE bench_last_message")
    reset_sequences(Message, ReadMarker)
    return rows


NOTIFICATION_TEXT = {
    "request_sent": "Nouvelle demande de coup de pouce",
    "request_awaiting_counsellor": "Une demande attend votre validation",
    "request_accepted": "Votre demande a été acceptée",
    "request_declined": "Votre demande a été déclinée",
    "request_completed": "Coup de pouce terminé : donnez votre avis",
    "request_expired": "Votre demande a expiré",
    "new_message": "Nouveau message",
}


NOTIFICATION_SOURCE = [
    "pk",
    "state",
    "young_person_id",
    "professional_id",
    "offered_by_professional",
    "updated_at",
    "last_message_at",
]


def _request_paths() -> dict[str, str]:
    """{language: the address of a request's page, "{pk}" where its id goes}, in the
    recipient's language as the site writes it (HelpRequest.path_in)."""
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse("members:request-detail", kwargs={"pk": 0}).replace(
                "/0/", "/{pk}/"
            )
    return paths


def phase_notifications(ctx: Context, rng: random.Random) -> int:
    """The in-app notification of each request's last event, and of some messages."""
    HelpRequest = model("members.HelpRequest")
    Notification = model("members.Notification")
    User = model("members.User")
    people = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    frequency = dict(people.values_list("pk", "email_frequency"))
    language = dict(people.values_list("pk", "language"))
    request_paths = _request_paths()
    table = Table(
        Notification,
        ["id", "recipient_id", "event", "help_request_id", "text", "url", "created_at"]
        + ["read_at", "emailed_at"],
    )
    pk = next_id(Notification)
    rows = 0
    batch = []
    requests = (
        HelpRequest.objects.filter(young_person__email__endswith=f"@{EMAIL_DOMAIN}")
        .exclude(state="draft")
        .order_by("pk")
        .values_list(*NOTIFICATION_SOURCE)
    )
    for row in requests.iterator(chunk_size=BATCH):
        request_id, state, young_id, pro_id, offer, updated, last_message = row
        author, recipient = (pro_id, young_id) if offer else (young_id, pro_id)
        event = {
            "sent": "request_sent",
            "accepted": "request_accepted",
            "completed": "request_completed",
            "declined": "request_declined",
            "expired": "request_expired",
        }.get(state)
        person = {
            "request_sent": recipient,
            "request_accepted": author,
            "request_completed": pro_id,
            "request_declined": author,
            "request_expired": young_id,
        }.get(event)
        events = [(event, person, updated)] if event and person else []
        if last_message and rng.random() < 0.3:
            events.append(("new_message", young_id if rng.random() < 0.5 else pro_id, last_message))
        for name, user_id, at in events:
            age = ctx.now - at
            read = at + HOUR if age > 3 * DAY or rng.random() < 0.3 else None
            emailed = at if frequency.get(user_id) != "daily" or age > DAY else None
            batch.append(
                (
                    pk,
                    user_id,
                    name,
                    request_id,
                    NOTIFICATION_TEXT[name],
                    request_paths[language[user_id]].format(pk=request_id),
                    at,
                    read,
                    emailed,
                )
            )
            pk += 1
        if len(batch) >= BATCH:
            rows += table.copy(batch)
            batch.clear()
    rows += table.copy(batch)
    reset_sequences(Notification)
    return rows


PHASES = [
    ("companies", phase_companies),
    ("professionals", phase_professionals),
    ("staff", phase_staff),
    ("young_people", phase_young_people),
    ("requests", phase_requests),
    ("messages", phase_messages),
    ("notifications", phase_notifications),
]
MEMBER_TABLES = [
    "members_user",
    "members_professionalprofile",
    "members_professionalprofile_sectors",
    "members_youngpersonprofile",
    "members_helprequest",
    "members_helprequesttransition",
    "members_message",
    "members_readmarker",
    "members_notification",
    "network_company",
    "network_structure",
    POOL_TABLE,
]


def build(scale: float, stdout) -> dict[str, int]:
    """Generate what is missing at ``scale``, then VACUUM ANALYZE the members tables."""
    if not supported():
        raise RuntimeError("The members dataset is built on PostgreSQL only.")
    started = time.perf_counter()
    _ensure_phase_table()
    done = _done_phases()
    # Every phase's dates are relative to the first phase's time, kept across resumes.
    base_time = min(done.values()) if done else timezone.now()
    ctx = Context(scale, base_time)
    built_any = False
    for index, (name, phase) in enumerate(PHASES):
        if name in done:
            continue
        began = time.perf_counter()
        with transaction.atomic():
            rows = phase(ctx, random.Random(f"{VERSION}:{index}:{scale}"))
            # The next phase reads what this one wrote: plans made on the statistics of
            # empty tables take minutes (nested loops over thousands of rows).
            analyze(MEMBER_TABLES, None)
            _mark_done(name, rows, time.perf_counter() - began, base_time)
        built_any = True
        stdout.write(f"  members {name}: {rows} rows in {time.perf_counter() - began:.1f} s\n")
    if built_any:
        analyze(MEMBER_TABLES, stdout, vacuum=True)
        stdout.write(f"  members dataset ready in {time.perf_counter() - started:.1f} s\n")
    return counts()


def analyze(tables: list[str], stdout, vacuum: bool = False) -> None:
    """Fresh planner statistics (and a visibility map, for index-only scans) after a bulk
    load: autovacuum would get there, later than the bench's first measure."""
    began = time.perf_counter()
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
                [table],
            )
            if cursor.fetchone():
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    if stdout is not None:
        seconds = time.perf_counter() - began
        stdout.write(f"  {command} of {len(tables)} tables: {seconds:.1f} s\n")


def counts() -> dict[str, int]:
    User = model("members.User")
    bench_users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    result = {
        "professionals": bench_users.filter(role="professional").count(),
        "young_people": bench_users.filter(role="young").count(),
        "counsellors": bench_users.filter(role="counsellor").count(),
    }
    with connection.cursor() as cursor:
        for name, table in [
            ("requests", "members_helprequest"),
            ("transitions", "members_helprequesttransition"),
            ("messages", "members_message"),
            ("read_markers", "members_readmarker"),
            ("notifications", "members_notification"),
        ]:
            # The planner's estimate: exact counts of a million rows cost a second each.
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            result[name] = max(0, row[0]) if row else 0
    return result
