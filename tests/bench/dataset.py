"""The bench's large generated dataset.

The base tree (home pages, indexes, standard and contact pages in French and English)
comes from `manage.py load_demo`; on top of it this module bulk-generates stories,
structures and volunteer calls. Pages are inserted in batches with precomputed treebeard
paths (two INSERTs per batch) instead of `add_child`, which costs several queries and a
full_clean per page. Generation is resumable: only what is missing is added.
"""

import datetime
import io
import random
import time
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.db import connection, models, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site

BENCH_SLUG_PREFIX = "bench-"
FULL_SCALE = {"stories": 5000, "structures": 2000, "calls": 500}
BATCH = 500

TAGS = [
    "CV",
    "entretien",
    "stage",
    "alternance",
    "immersion",
    "bâtiment",
    "numérique",
    "santé",
    "commerce",
    "restauration",
    "logistique",
    "industrie",
    "artisanat",
    "transport",
    "hôtellerie",
    "banque",
    "énergie",
    "environnement",
    "culture",
    "sport",
    "aide à la personne",
    "mécanique",
    "électricité",
    "communication",
    "droit",
    "comptabilité",
    "agriculture",
    "sécurité",
    "petite enfance",
    "informatique",
]
PLACES = [
    ("75011", "75", "Paris"),
    ("13001", "13", "Marseille"),
    ("69003", "69", "Lyon"),
    ("31000", "31", "Toulouse"),
    ("59000", "59", "Lille"),
    ("33000", "33", "Bordeaux"),
    ("44000", "44", "Nantes"),
    ("67000", "67", "Strasbourg"),
    ("34000", "34", "Montpellier"),
    ("35000", "35", "Rennes"),
    ("93200", "93", "Saint-Denis"),
    ("76600", "76", "Le Havre"),
    ("20000", "2A", "Ajaccio"),
    ("97100", "971", "Basse-Terre"),
    ("63000", "63", "Clermont-Ferrand"),
    ("21000", "21", "Dijon"),
    ("87000", "87", "Limoges"),
    ("51100", "51", "Reims"),
    ("37000", "37", "Tours"),
    ("06000", "06", "Nice"),
]
FIRST_NAMES = ["Inès", "Yanis", "Lina", "Moussa", "Sarah", "Kevin", "Aya", "Lucas", "Nora", "Théo"]
WHAT = [
    "a relu son CV avec une recruteuse",
    "a passé une journée d'observation dans un atelier",
    "a répété son entretien avec un chef de chantier",
    "a rencontré une infirmière pour parler du métier",
    "a visité une entreprise de logistique",
    "a été présenté à un boulanger qui cherchait un apprenti",
]
OUTCOME_TEXT = [
    "Trois semaines plus tard, un stage a commencé.",
    "L'entretien suivant s'est bien passé.",
    "Une formation qualifiante a suivi.",
    "Un contrat en alternance a été signé.",
]


def scaled(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in FULL_SCALE.items()}


# --- Base tree ----------------------------------------------------------------------------


def build_base_tree(stdout) -> None:
    """The demo tree from load_demo (idempotent), then whatever index it did not create."""
    if "load_demo" in get_commands():
        started = time.perf_counter()
        output = io.StringIO()
        try:
            # load_demo refuses to run with DEBUG off (production); this bench-only
            # database opts in for that step alone, the pages are measured with DEBUG off.
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=output)
        except Exception as exc:  # the bench can still run on a smaller tree
            stdout.write(f"  load_demo failed ({type(exc).__name__}: {exc}); going on\n")
        else:
            stdout.write(f"  load_demo: {time.perf_counter() - started:.1f} s\n")
    else:
        stdout.write("  load_demo does not exist yet\n")
    created = build_minimal_tree()
    if created:
        stdout.write(f"  created what the demo lacks: {', '.join(created)}\n")


def build_minimal_tree() -> list[str]:
    """The home pages and the three indexes, when missing. Returns what it created."""
    created = []
    HomePage = apps.get_model("home", "HomePage")
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=fr).first()
    if home is None:
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
        home = HomePage(title="Accueil", slug="accueil", hero_title="Un début de réseau", locale=fr)
        root.add_child(instance=home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home, "site_name": "Bench"},
        )
        created.append("home FR")
    if not HomePage.objects.filter(locale=en).exists():
        home.copy_for_translation(en, copy_parents=True, alias=False).save_revision().publish()
        created.append("home EN")
    for label, title, slug in [
        ("stories.StoryIndexPage", "Histoires", "histoires"),
        ("network.StructureIndexPage", "Structures", "structures"),
        ("network.VolunteerCallIndexPage", "Appels à bénévoles", "appels"),
    ]:
        model = apps.get_model(label)
        if model.objects.filter(locale=fr).exists():
            continue
        page = fill_required(model(title=title, slug=slug, locale=fr))
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(label)
    # English indexes hold only the demo's few items: the small side of the comparison.
    for label in ["stories.StoryIndexPage", "network.VolunteerCallIndexPage"]:
        model = apps.get_model(label)
        source = model.objects.filter(locale=fr).first()
        if source is None or model.objects.filter(locale=en).exists():
            continue
        source.copy_for_translation(en, copy_parents=True, alias=False).save_revision().publish()
        created.append(f"{label} (en)")
    return created


# --- Generic helpers ------------------------------------------------------------------------


def _value_for(field: models.Field, n: int):
    """A plausible value for a required field the bench does not know about."""
    if field.choices:
        return field.choices[n % len(field.choices)][0]
    if isinstance(field, StreamField):
        return [{"type": "paragraph", "value": "<p>Contenu généré pour le banc d'essai.</p>"}]
    if isinstance(field, RichTextField):
        return "<p>Contenu généré pour le banc d'essai.</p>"
    if isinstance(field, models.EmailField):
        return f"bench{n}@example.org"
    if isinstance(field, models.URLField):
        return "https://example.org/"
    if isinstance(field, models.SlugField):
        return f"{BENCH_SLUG_PREFIX}{n}"
    if isinstance(field, models.CharField | models.TextField):
        return f"Texte {n}"[: field.max_length or 100]
    if isinstance(field, models.DateTimeField):
        return timezone.now() + datetime.timedelta(days=30 + n % 60)
    if isinstance(field, models.DateField):
        return timezone.localdate() + datetime.timedelta(days=30 + n % 60)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 10
    return None


def fill_required(obj, n: int = 0):
    """Give every required field of obj's own model that is still empty a value."""
    for field in type(obj)._meta.local_concrete_fields:
        if field.primary_key or field.null or field.blank or field.has_default():
            continue
        if field.is_relation or getattr(obj, field.attname, None) not in (None, ""):
            continue
        value = _value_for(field, n)
        if value is not None:
            setattr(obj, field.attname, value)
    return obj


def bulk_add_children(parent: Page, pages: list[Page]) -> None:
    """Insert live pages under parent: paths precomputed, two INSERTs per batch.

    Equivalent to parent.add_child(instance=page) + publish for each page, minus the
    revisions, log entries and reference index, which public pages do not read.
    """
    if not pages:
        return
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    for step, page in enumerate(pages, start=start + 1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
        page.translation_key = uuid.uuid4()
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    own_fields = list(model._meta.local_concrete_fields)
    for offset in range(0, len(pages), BATCH):
        batch = pages[offset : offset + BATCH]
        with transaction.atomic():
            rows = Page._base_manager._insert(
                batch, fields=page_fields, returning_fields=[Page._meta.pk], using=connection.alias
            )
            for page, row in zip(batch, rows, strict=True):
                page.pk = page.id = page.page_ptr_id = row[0]
                page._state.adding = False
            model._base_manager._insert(batch, fields=own_fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def index_for_search(model, queryset, stdout) -> None:
    from wagtail.search.backends import get_search_backend

    started = time.perf_counter()
    backend = get_search_backend()
    pks = list(queryset.values_list("pk", flat=True))
    for offset in range(0, len(pks), BATCH):
        # One transaction per batch: SQLite would otherwise commit every index entry.
        with transaction.atomic():
            objs = list(model.objects.filter(pk__in=pks[offset : offset + BATCH]))
            backend.add_bulk(model, objs)
    stdout.write(
        f"  search index: {len(pks)} {model._meta.verbose_name_plural} "
        f"in {time.perf_counter() - started:.1f} s\n"
    )


# --- Generators ---------------------------------------------------------------------------


def generate_structures(target: int, stdout) -> None:
    Structure = apps.get_model("network.Structure")
    existing = Structure.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).count()
    missing = target - existing
    if missing <= 0:
        return
    started = time.perf_counter()
    kinds = [value for value, _ in Structure._meta.get_field("kind").choices]
    rng = random.Random(existing)
    objs = []
    for n in range(existing, target):
        postcode, departement, city = PLACES[n % len(PLACES)]
        kind = kinds[n % len(kinds)]
        name = f"Structure {city} {n + 1:05d}"
        objs.append(
            fill_required(
                Structure(
                    name=name,
                    slug=f"{BENCH_SLUG_PREFIX}{slugify(name)}",
                    kind=kind,
                    address=f"{n % 200 + 1} rue de la République",
                    postcode=postcode,
                    city=city,
                    departement=departement,
                    website="https://example.org/",
                    description=(
                        f"Une structure d'insertion à {city} qui accompagne des jeunes de 16 à "
                        "25 ans vers la formation et l'emploi."
                    ),
                    description_en=f"An insertion structure in {city}.",
                    is_approved=rng.random() < 0.9,
                ),
                n,
            )
        )
    Structure.objects.bulk_create(objs, batch_size=BATCH)
    stdout.write(f"  structures: +{missing} in {time.perf_counter() - started:.1f} s\n")
    if hasattr(Structure, "search_fields"):
        index_for_search(
            Structure, Structure.objects.filter(slug__startswith=BENCH_SLUG_PREFIX), stdout
        )


def _fr_index(label: str):
    return apps.get_model(label).objects.filter(locale__language_code="fr").order_by("path").first()


def generate_stories(target: int, stdout) -> None:
    StoryPage = apps.get_model("stories.StoryPage")
    index = _fr_index("stories.StoryIndexPage")
    if index is None:
        stdout.write("  stories: no story index, skipped\n")
        return
    existing = StoryPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).count()
    missing = target - existing
    if missing <= 0:
        return
    started = time.perf_counter()
    help_kinds = [v for v, _ in StoryPage._meta.get_field("help_kind").choices]
    outcomes = [v for v, _ in StoryPage._meta.get_field("outcome").choices]
    today = timezone.localdate()
    pages = []
    for n in range(existing, target):
        name = FIRST_NAMES[n % len(FIRST_NAMES)]
        what = WHAT[n % len(WHAT)]
        title = f"{name} {what} ({n + 1})"
        pages.append(
            fill_required(
                StoryPage(
                    title=title,
                    slug=f"{BENCH_SLUG_PREFIX}histoire-{n + 1:05d}",
                    date=today - datetime.timedelta(days=n % 1500),
                    summary=f"{name}, 19 ans, {what}. {OUTCOME_TEXT[n % len(OUTCOME_TEXT)]}",
                    body=[
                        {"type": "heading", "value": {"text": "Le coup de pouce", "level": "h2"}},
                        {
                            "type": "paragraph",
                            "value": f"<p>{name} {what}. " + "Un récit généré. " * 40 + "</p>",
                        },
                        {
                            "type": "quote",
                            "value": {"text": "Ça m'a ouvert une porte.", "attribution": name},
                        },
                        {
                            "type": "paragraph",
                            "value": "<p>" + OUTCOME_TEXT[n % len(OUTCOME_TEXT)] + "</p>",
                        },
                    ],
                    help_kind=help_kinds[n % len(help_kinds)],
                    outcome=outcomes[n % len(outcomes)],
                    featured=n % 500 == 0,
                ),
                n,
            )
        )
    bulk_add_children(index, pages)
    _tag_stories(pages)
    stdout.write(f"  stories: +{missing} in {time.perf_counter() - started:.1f} s\n")
    index_for_search(
        StoryPage, StoryPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX), stdout
    )


def _tag_stories(pages) -> None:
    from taggit.models import Tag

    through = apps.get_model("stories", "StoryPageTag")
    tags = []
    for name in TAGS:
        # The demo may have made the same tag with another case: match on the slug.
        tag = Tag.objects.filter(slug=slugify(name)).first() or Tag.objects.create(
            name=name, slug=slugify(name)
        )
        tags.append(tag)
    rows = []
    for n, page in enumerate(pages):
        picked = {tags[(n * 7 + k * 11) % len(tags)].pk for k in range(3)}
        rows.extend(through(content_object_id=page.pk, tag_id=tag_id) for tag_id in picked)
    through.objects.bulk_create(rows, batch_size=BATCH)


def generate_calls(target: int, stdout) -> None:
    CallPage = apps.get_model("network.VolunteerCallPage")
    index = _fr_index("network.VolunteerCallIndexPage")
    if index is None:
        stdout.write("  calls: no call index, skipped\n")
        return
    existing = CallPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).count()
    missing = target - existing
    if missing <= 0:
        return
    started = time.perf_counter()
    today = timezone.localdate()
    asks = [
        ("Simulations d'entretien", "Une heure pour jouer le recruteur avec un ou une jeune."),
        ("Relecture de CV", "Relire deux CV et en parler 30 minutes en visio."),
        ("Visite d'entreprise", "Faire visiter votre atelier à un petit groupe un matin."),
    ]
    pages = []
    for n in range(existing, target):
        _, departement, city = PLACES[n % len(PLACES)]
        title, ask = asks[n % len(asks)]
        # One call in five is past its deadline: the index lists open and closed ones.
        deadline = today + datetime.timedelta(days=(n % 90) + 1 if n % 5 else -(n % 60) - 1)
        page = CallPage(
            title=f"{title} à {city} ({n + 1})",
            slug=f"{BENCH_SLUG_PREFIX}appel-{n + 1:05d}",
            summary=f"{title} avec des jeunes de {city}.",
            what_is_asked=ask,
            city=city,
            departement=departement,
            places=3 + n % 8,
            deadline=deadline,
            start_date=deadline + datetime.timedelta(days=7),
            body=[{"type": "paragraph", "value": "<p>" + "Un appel généré. " * 20 + "</p>"}],
        )
        pages.append(fill_required(page, n))
    bulk_add_children(index, pages)
    _answer_calls(pages)
    stdout.write(f"  calls: +{missing} in {time.perf_counter() - started:.1f} s\n")
    if hasattr(CallPage, "search_fields"):
        index_for_search(
            CallPage, CallPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX), stdout
        )


def _answer_calls(pages) -> None:
    """A few answers per call; one call in seven is full."""
    Answer = apps.get_model("network.VolunteerAnswer")
    rows = []
    for n, page in enumerate(pages):
        count = page.places if n % 7 == 0 else n % 3
        rows.extend(
            fill_required(
                Answer(
                    call_translation_key=page.translation_key,
                    call_id=page.pk,
                    name=f"Bénévole {k + 1}",
                    email=f"benevole{k + 1}.appel{page.pk}@example.org",
                    company="Entreprise partenaire",
                    message="Je suis disponible.",
                ),
                k,
            )
            for k in range(count)
        )
    Answer.objects.bulk_create(rows, batch_size=BATCH)


def build(scale: float, stdout) -> dict[str, int]:
    """Migrate, load the demo tree and generate the dataset at `scale` (1.0 = full)."""
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    before = counts()
    build_base_tree(stdout)
    sizes = scaled(scale)
    generate_structures(sizes["structures"], stdout)
    generate_stories(sizes["stories"], stdout)
    generate_calls(sizes["calls"], stdout)
    after = counts()
    if connection.vendor == "postgresql" and after != before:
        # Planner statistics for the rows just loaded: autovacuum would come later than
        # the first measure, and a plan made on empty tables is not production's.
        analyzed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        stdout.write(f"  ANALYZE: {time.perf_counter() - analyzed:.1f} s\n")
    stdout.write(f"  dataset ready in {time.perf_counter() - started:.1f} s\n")
    return after


def counts() -> dict[str, int]:
    result = {}
    for name, label in [
        ("stories", "stories.StoryPage"),
        ("structures", "network.Structure"),
        ("calls", "network.VolunteerCallPage"),
    ]:
        result[name] = apps.get_model(label).objects.count()
    return result
