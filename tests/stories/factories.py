import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from members.enums import HelpKind, Outcome
from stories.models import StoryIndexPage, StoryPage

FIRST_DAY = datetime.date(2026, 10, 1)


class ImageFactory(wagtail_factories.ImageFactory):
    # wagtail_factories would make a new root collection for every image.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Illustration {n}")
    description = ""
    file = factory.django.ImageField(width=320, height=180, color="steelblue")


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Histoires"
    slug = "histoires"
    intro = "<p>Des coups de pouce qui ont changé quelque chose.</p>"

    class Meta:
        model = StoryIndexPage


def story_body():
    return [
        {"type": "paragraph", "value": "<p>Une rencontre, un conseil, une porte qui s’ouvre.</p>"},
        {
            "type": "quote",
            "value": {"text": "Je ne savais pas que j’y avais droit.", "attribution": "Inès"},
        },
    ]


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Histoire numéro {n}")
    # Each new story is one day newer than the previous one.
    date = factory.Sequence(lambda n: FIRST_DAY + datetime.timedelta(days=n))
    summary = "Un entretien blanc la veille du vrai, et un contrat à la clé."
    body = factory.LazyFunction(story_body)
    help_kind = HelpKind.MOCK_INTERVIEW
    outcome = Outcome.JOB
    featured = False

    class Meta:
        model = StoryPage

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if not extracted:
            return
        obj.tags.add(*extracted)
        if create:
            # Tags of a page are held by its cluster until the page is saved.
            obj.save()


def translate(page, locale, **fields):
    """The published translation of a page, as editors make it."""
    translated = page.copy_for_translation(locale)
    tags = fields.pop("tags", None)
    for name, value in fields.items():
        setattr(translated, name, value)
    if tags is not None:
        translated.tags.set(tags)
    translated.save_revision().publish()
    return type(page).objects.get(pk=translated.pk)


def member_of(group_name, email, first_name="Camille", language=""):
    """A staff account in Wagtail's "Editors" or "Moderators" group (admin language: the
    site's, or ``language``)."""
    user = get_user_model().objects.create_user(
        email=email, password="not-used-here", first_name=first_name, last_name="Test"
    )
    user.groups.add(Group.objects.get(name=group_name))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user
