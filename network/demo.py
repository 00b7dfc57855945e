"""Demo content of the network app: structures, companies, volunteer calls and answers.

Called by `manage.py load_demo` (home app) as ``load(home_fr, home_en, stdout)``.
Idempotent: everything is looked up by slug (or translation) before being created, and
nothing that exists is changed, so a second run creates nothing.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from network.enums import StructureKind
from network.models import (
    Company,
    CompanyIndexPage,
    Structure,
    StructureIndexPage,
    VolunteerAnswer,
    VolunteerCallIndexPage,
    VolunteerCallPage,
)

E2C, EPIDE, ML, OTHER = (
    StructureKind.E2C,
    StructureKind.EPIDE,
    StructureKind.MISSION_LOCALE,
    StructureKind.OTHER,
)

# name, kind, address, postcode, city, approved
STRUCTURES: list[tuple[str, StructureKind, str, str, str, bool]] = [
    ("E2C Seine-Saint-Denis", E2C, "14 rue Gabriel Péri", "93200", "Saint-Denis", True),
    ("E2C Paris", E2C, "22 rue de Flandre", "75019", "Paris", True),
    ("E2C Marseille", E2C, "360 chemin de la Madrague-Ville", "13015", "Marseille", True),
    ("E2C Grand Lille", E2C, "8 rue du Molinel", "59000", "Lille", True),
    ("E2C Lyon Métropole", E2C, "45 avenue Jean Jaurès", "69007", "Lyon", True),
    ("E2C La Réunion", E2C, "12 rue des Flamboyants", "97490", "Sainte-Clotilde", True),
    ("Centre EPIDE de Meaux", EPIDE, "3 route de Varreddes", "77100", "Meaux", True),
    ("Centre EPIDE de Lanrodec", EPIDE, "Domaine de Kerlann", "22170", "Lanrodec", True),
    ("Centre EPIDE de Toulouse", EPIDE, "120 chemin de Lestang", "31200", "Toulouse", True),
    ("Centre EPIDE de Strasbourg", EPIDE, "5 rue du Rhin Napoléon", "67100", "Strasbourg", True),
    ("Mission locale de Lille", ML, "27 rue Nationale", "59000", "Lille", True),
    ("Mission locale de Roubaix", ML, "1 place de la Liberté", "59100", "Roubaix", True),
    ("Mission locale de Paris Nord", ML, "9 rue du Faubourg Saint-Denis", "75010", "Paris", True),
    ("Mission locale de Nantes", ML, "4 quai de Versailles", "44000", "Nantes", True),
    ("Mission locale de Rennes", ML, "18 boulevard de la Liberté", "35000", "Rennes", True),
    ("Mission locale de Montpellier", ML, "7 rue de la Loge", "34000", "Montpellier", True),
    ("Mission locale d'Ajaccio", ML, "2 cours Napoléon", "20000", "Ajaccio", True),
    ("Mission locale de Bastia", ML, "11 boulevard Paoli", "20200", "Bastia", True),
    ("Mission locale de Fort-de-France", ML, "6 rue Victor Hugo", "97200", "Fort-de-France", True),
    ("Mission locale de Bobigny", ML, "31 avenue Jean Lolive", "93000", "Bobigny", True),
    ("Mission locale de Grenoble", ML, "15 rue Félix Poulat", "38000", "Grenoble", True),
    ("Association Tremplin Jeunes", OTHER, "10 rue de Strasbourg", "44000", "Nantes", True),
    ("Les Ateliers de l'Avenir", OTHER, "24 rue du Jeu des Enfants", "67000", "Strasbourg", True),
    ("Mission locale de Brest", ML, "3 rue de Siam", "29200", "Brest", False),
    ("Association Cap Jeunes Dijon", OTHER, "40 rue de la Liberté", "21000", "Dijon", False),
]

DESCRIPTIONS = {
    E2C: (
        "L'École de la 2e chance accueille des jeunes de 16 à 25 ans sortis de l'école sans "
        "diplôme, pour un parcours de plusieurs mois alternant formation et stages en "
        "entreprise.",
        "The second chance school welcomes 16 to 25 year olds who left school without a "
        "diploma, for a course of several months that mixes training and company placements.",
    ),
    EPIDE: (
        "Le centre EPIDE propose un internat et un accompagnement vers l'emploi à des jeunes "
        "volontaires de 17 à 25 ans.",
        "The EPIDE centre offers boarding and support towards employment to volunteers aged "
        "17 to 25.",
    ),
    ML: (
        "La mission locale accompagne les jeunes de 16 à 25 ans dans leur recherche d'emploi, "
        "de formation, de logement et dans leur santé.",
        "",  # no English text: the page falls back to French
    ),
    OTHER: (
        "Association d'insertion qui suit des jeunes sans diplôme et les aide à construire "
        "leur projet professionnel.",
        "",
    ),
}

COMPANIES = [
    ("Banque Solidaire du Nord", "banque-solidaire-du-nord", "Banque régionale, Lille."),
    ("Constructa Bâtiment", "constructa-batiment", "Entreprise de gros œuvre, Lyon."),
    ("Hexa Conseil", "hexa-conseil", "Cabinet de conseil en organisation, Paris."),
    ("Transports Régionaux Réunis", "transports-regionaux-reunis", "Logistique, Marseille."),
    ("Atelier Numérique Lyonnais", "atelier-numerique-lyonnais", "Studio web, Lyon."),
]
# Agreed to appear on the public page of partner companies; its consultant is one of the
# members demo's professionals (members.demo, FIRST_COMPANY).
SHOWN_ON_SITE = {"hexa-conseil"}


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# slug, French fields, English fields, answers (name, email, company)
CALLS: list[dict[str, Any]] = [
    {
        "slug": "simulations-entretien-saint-denis",
        "fr": {
            "title": "Simulations d'entretien à Saint-Denis",
            "summary": "Deux heures pour faire passer de faux entretiens d'embauche à des "
            "jeunes de l'E2C Seine-Saint-Denis.",
            "what_is_asked": "Jouer le recruteur pendant trois entretiens de vingt minutes, "
            "puis donner à chacun un retour bienveillant et concret.",
            "date_text": "",
        },
        "en": {
            "title": "Mock interviews in Saint-Denis",
            "slug": "mock-interviews-saint-denis",
            "summary": "Two hours of mock job interviews with young people of the E2C "
            "Seine-Saint-Denis.",
            "what_is_asked": "Play the recruiter in three twenty-minute interviews, then give "
            "each young person kind and concrete feedback.",
            "date_text": "",
        },
        "city": "Saint-Denis",
        "departement": "93",
        "start": 28,
        "places": 6,
        "deadline": 21,
        "answers": [
            ("Claire Dubois", "claire.dubois@exemple.fr", "Hexa Conseil"),
            ("Karim Benali", "karim.benali@exemple.fr", "Banque Solidaire du Nord"),
        ],
    },
    {
        "slug": "relire-des-cv-a-distance",
        "fr": {
            "title": "Relire des CV, à distance",
            "summary": "Relisez et commentez les CV de jeunes en recherche de stage, depuis "
            "chez vous.",
            "what_is_asked": "Relire trois CV sur la plateforme et proposer des améliorations, "
            "environ une heure au total.",
            "date_text": "Quand vous voulez pendant le mois",
        },
        "en": {
            "title": "Review CVs, remotely",
            "slug": "review-cvs-remotely",
            "summary": "Read and comment on the CVs of young people looking for an "
            "internship, from home.",
            "what_is_asked": "Review three CVs on the platform and suggest improvements, about "
            "one hour in all.",
            "date_text": "Whenever you like during the month",
        },
        "is_remote": True,
        "places": 10,
        "deadline": 30,
        "answers": [("Sophie Laurent", "sophie.laurent@exemple.fr", "Atelier Numérique Lyonnais")],
    },
    {
        "slug": "decouverte-metiers-batiment-lille",
        "fr": {
            "title": "Journée découverte des métiers du bâtiment à Lille",
            "summary": "Accueillez deux jeunes sur un chantier pour une journée d'observation.",
            "what_is_asked": "Montrer votre métier et votre chantier, répondre aux questions, "
            "partager le déjeuner.",
            "date_text": "",
        },
        "en": {
            "title": "Building trades discovery day in Lille",
            "slug": "building-trades-day-lille",
            "summary": "Welcome two young people on a building site for a day of observation.",
            "what_is_asked": "Show your trade and your site, answer questions, share lunch.",
            "date_text": "",
        },
        "city": "Lille",
        "departement": "59",
        "start": 20,
        "places": 2,
        "deadline": 15,
        "answers": [
            ("Marc Lefèvre", "marc.lefevre@exemple.fr", "Constructa Bâtiment"),
            ("Nadia Haddad", "nadia.haddad@exemple.fr", "Constructa Bâtiment"),
        ],
    },
    {
        "slug": "visite-entreprise-lyon",
        "fr": {
            "title": "Visite d'entreprise à Lyon",
            "summary": "Faire visiter votre entreprise à un groupe de l'E2C Lyon Métropole.",
            "what_is_asked": "Une visite d'une heure et demie suivie d'un temps d'échange.",
            "date_text": "",
        },
        "en": {
            "title": "Company visit in Lyon",
            "slug": "company-visit-lyon",
            "summary": "Show your company to a group from the E2C Lyon Métropole.",
            "what_is_asked": "A ninety-minute visit followed by a discussion.",
            "date_text": "",
        },
        "city": "Lyon",
        "departement": "69",
        "start": -3,
        "places": 3,
        "deadline": -10,
        "answers": [("Julie Moreau", "julie.moreau@exemple.fr", "Atelier Numérique Lyonnais")],
    },
    {
        "slug": "un-cafe-par-mois-marseille",
        "fr": {
            "title": "Un café par mois à Marseille",
            "summary": "Devenez le contact d'un jeune pendant six mois, autour d'un café mensuel.",
            "what_is_asked": "Une rencontre d'une heure par mois pour parler projet, réseau "
            "et démarches.",
            "date_text": "De janvier à juin",
        },
        "en": {
            "title": "A coffee a month in Marseille",
            "slug": "a-coffee-a-month-marseille",
            "summary": "Be a young person's contact for six months, over a monthly coffee.",
            "what_is_asked": "One hour a month to talk about their plans, network and steps.",
            "date_text": "From January to June",
        },
        "city": "Marseille",
        "departement": "13",
        "places": 5,
        "deadline": 45,
        "answers": [],
    },
    {
        "slug": "atelier-reseaux-professionnels-nantes",
        "fr": {
            "title": "Atelier « réseaux sociaux professionnels » à Nantes",
            "summary": "Aidez des jeunes à créer leur premier profil professionnel en ligne.",
            "what_is_asked": "Animer en binôme un atelier de deux heures dans les locaux de la "
            "mission locale.",
            "date_text": "",
        },
        "en": {
            "title": "Professional social networks workshop in Nantes",
            "slug": "professional-networks-workshop-nantes",
            "summary": "Help young people build their first professional profile online.",
            "what_is_asked": "Run a two-hour workshop, in pairs, at the mission locale.",
            "date_text": "",
        },
        "city": "Nantes",
        "departement": "44",
        "start": 35,
        "places": 4,
        "deadline": 25,
        "answers": [],
    },
]


def load(home_fr: Page, home_en: Page, stdout: TextIO) -> None:
    en = Locale.objects.get(language_code="en")
    created = _load_structures() + _load_companies()
    structure_index = _page(
        home_fr,
        StructureIndexPage,
        slug="structures",
        title="Structures partenaires",
        show_in_menus=True,
        intro="<p>Les structures qui accompagnent les jeunes du réseau, partout en France.</p>",
    )
    _translation(
        structure_index,
        en,
        title="Partner structures",
        slug="structures",
        intro="<p>The structures that support the network's young people, all over France.</p>",
    )
    call_index = _page(
        home_fr,
        VolunteerCallIndexPage,
        slug="appels-a-benevoles",
        title="Appels à bénévoles",
        show_in_menus=True,
        intro="<p>Quelques heures de votre temps peuvent ouvrir une porte.</p>",
    )
    _translation(
        call_index,
        en,
        title="Volunteer calls",
        slug="volunteer-calls",
        intro="<p>A few hours of your time can open a door.</p>",
    )
    company_index = _page(
        home_fr,
        CompanyIndexPage,
        slug="entreprises-partenaires",
        title="Entreprises partenaires",
        # Out of the main menu, already six entries long: linked from where the lead says.
        show_in_menus=False,
        intro="<p>Les entreprises dont les salarié·es donnent des coups de pouce aux jeunes "
        "du réseau, et ce qu'ils ont déjà apporté.</p>",
    )
    _translation(
        company_index,
        en,
        title="Partner companies",
        slug="partner-companies",
        intro="<p>The companies whose employees give coups de pouce to the network's young "
        "people, and what they have brought so far.</p>",
    )
    answers = 0
    for spec in CALLS:
        call = _call(call_index, en, spec)
        for name, email, company in spec["answers"]:
            _, was_created = VolunteerAnswer.objects.get_or_create(
                call_translation_key=call.translation_key,
                email=email,
                defaults={
                    "call": call,
                    "name": name,
                    "company": company,
                    "message": "Avec plaisir, je suis disponible.",
                },
            )
            answers += was_created
    stdout.write(
        f"  réseau : {created} structures ou entreprises, {answers} réponses créées "
        f"({Structure.objects.count()} structures, {VolunteerCallPage.objects.count()} "
        "pages d'appels au total)."
    )


def _load_structures() -> int:
    created = 0
    for name, kind, address, postcode, city, approved in STRUCTURES:
        description, description_en = DESCRIPTIONS[kind]
        structure = Structure(
            name=name,
            kind=kind,
            address=address,
            postcode=postcode,
            city=city,
            description=description,
            description_en=description_en,
            is_approved=approved,
        )
        if Structure.objects.filter(slug=slugify(name)).exists():
            continue
        structure.full_clean(exclude=["slug"])
        structure.save()
        created += 1
    return created


def _load_companies() -> int:
    created = 0
    for name, slug, description in COMPANIES:
        _, was_created = Company.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "is_partner": True,
                "show_on_site": slug in SHOWN_ON_SITE,
            },
        )
        created += was_created
    return created


def _page(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translation(page: Page, locale: Locale, **fields: Any) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def _call(index: Page, en: Locale, spec: dict[str, Any]) -> VolunteerCallPage:
    fields = {
        **spec["fr"],
        "is_remote": spec.get("is_remote", False),
        "city": spec.get("city", ""),
        "departement": spec.get("departement", ""),
        "start_date": _days(spec["start"]) if "start" in spec else None,
        "places": spec["places"],
        "deadline": _days(spec["deadline"]),
        "body": [
            {
                "type": "paragraph",
                "value": "<p>Pas besoin d'expérience particulière : l'association vous "
                "prépare et le conseiller ou la conseillère du jeune reste présent.</p>",
            }
        ],
    }
    call = _page(index, VolunteerCallPage, slug=spec["slug"], **fields)
    _translation(call, en, **spec["en"])
    return call
