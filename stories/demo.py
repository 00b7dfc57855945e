"""Demo content of the stories app, loaded by ``manage.py load_demo``.

``load`` is idempotent: it creates what is missing and leaves alone what exists, so a
second run changes nothing.
"""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from stories.demo_data import STORIES, STORY_INDEX
from stories.models import StoryIndexPage, StoryPage

IMAGE_SIZE = (960, 540)
PALETTES = [
    ("#1d4e89", "#f0a500", "#e8eef6"),
    ("#b3261e", "#1d4e89", "#fbeee6"),
    ("#2e7d32", "#f0a500", "#eef6ee"),
    ("#6a1b9a", "#00838f", "#f3eef6"),
    ("#00838f", "#b3261e", "#e6f4f5"),
    ("#ef6c00", "#1d4e89", "#fdf1e6"),
]


def load(home_fr, home_en, stdout):
    """Create the story indexes and the demo stories under the French and English homes."""
    index_fr = _story_index(home_fr)
    index_en = _translated_index(index_fr, home_en) if home_en is not None else None
    created = translated = 0
    for number, data in enumerate(STORIES):
        story, was_created = _story(index_fr, number, data)
        created += was_created
        if index_en is not None and story.get_translation_or_none(index_en.locale) is None:
            _translate_story(story, index_en.locale, data)
            translated += 1
    stdout.write(f"Stories: {created} created, {translated} translated, {len(STORIES)} in all.\n")
    return index_fr, index_en


def _story_index(home_fr):
    index = StoryIndexPage.objects.child_of(home_fr).first()
    if index is not None:
        return index
    fields = STORY_INDEX["fr"]
    index = StoryIndexPage(
        title=fields["title"], slug=fields["slug"], intro=fields["intro"], show_in_menus=True
    )
    home_fr.add_child(instance=index)
    index.save_revision().publish()
    return StoryIndexPage.objects.get(pk=index.pk)


def _translated_index(index_fr, home_en):
    existing = index_fr.get_translation_or_none(home_en.locale)
    if existing is not None:
        return existing
    fields = STORY_INDEX["en"]
    index_en = index_fr.copy_for_translation(home_en.locale)
    index_en.title = fields["title"]
    index_en.slug = fields["slug"]
    index_en.intro = fields["intro"]
    index_en.save_revision().publish()
    return StoryIndexPage.objects.get(pk=index_en.pk)


def _story(index_fr, number, data):
    fields = data["fr"]
    existing = StoryPage.objects.child_of(index_fr).filter(slug=fields["slug"]).first()
    if existing is not None:
        return existing, False
    story = StoryPage(
        title=fields["title"],
        slug=fields["slug"],
        date=data["date"],
        summary=fields["summary"],
        help_kind=data["help_kind"],
        outcome=data["outcome"],
        featured=data["featured"],
        hero_image=_illustration(number, fields["title"]),
        body=_body(fields),
    )
    story.tags.set(fields["tags"])
    index_fr.add_child(instance=story)
    story.save_revision().publish()
    return StoryPage.objects.get(pk=story.pk), True


def _translate_story(story, locale, data):
    fields = data["en"]
    translated = story.copy_for_translation(locale)
    translated.title = fields["title"]
    translated.slug = fields["slug"]
    translated.summary = fields["summary"]
    translated.body = _body(fields)
    translated.tags.set(fields["tags"])
    translated.save_revision().publish()


def _body(fields):
    first, *rest = fields["paragraphs"]
    text, attribution = fields["quote"]
    return [
        {"type": "paragraph", "value": f"<p>{first}</p>"},
        {"type": "quote", "value": {"text": text, "attribution": attribution}},
        *({"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in rest),
    ]


def _illustration(number, story_title):
    """An abstract illustration drawn locally, shared by the story's translations."""
    image_model = get_image_model()
    title = f"Illustration – {story_title}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    drawing = _draw(number)
    image = image_model(
        title=title,
        description="Illustration abstraite : cercles et bandes de couleur",
        collection=Collection.get_first_root_node(),
        file=ImageFile(drawing, name=f"histoire-{number + 1:02d}.jpg"),
        file_size=drawing.getbuffer().nbytes,
    )
    image.save()
    return image


def _draw(number):
    # A fixed seed per story: the same drawing on every machine and every run.
    rng = random.Random(number)  # noqa: S311 - drawing, not security
    main, accent, background = PALETTES[number % len(PALETTES)]
    width, height = IMAGE_SIZE
    picture = PillowImage.new("RGB", IMAGE_SIZE, background)
    draw = ImageDraw.Draw(picture)
    for _ in range(3):
        top = rng.randrange(0, height)
        draw.rectangle([0, top, width, top + rng.randrange(20, 90)], fill=accent)
    for _ in range(4):
        radius = rng.randrange(60, 220)
        x, y = rng.randrange(0, width), rng.randrange(0, height)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=main)
    radius = rng.randrange(40, 110)
    x, y = rng.randrange(radius, width - radius), rng.randrange(radius, height - radius)
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=background)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80, optimize=True)
    buffer.seek(0)
    return buffer
