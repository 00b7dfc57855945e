"""Run by ``manage.py shell`` on the smoke run's database, after ``load_demo``: prints, on one
line that starts with FACTS_MARKER, the accounts and pages the checks use (JSON). Nothing is
written.

The demo's passwords and second-factor secrets are public (home/demo.py, members/demo/):
read here rather than copied into the tests.
"""

import json

from home.demo import DEMO_ACCOUNTS
from home.models import HomePage
from members.demo import DEMO_TOTP_SECRETS, MEMBERS
from members.enums import Role
from stories.models import StoryPage

FACTS_MARKER = "SMOKE-FACTS "  # tests/smoke/topology.py looks for it

_, admin_email, admin_password, *_ = next(row for row in DEMO_ACCOUNTS if row[0] == "admin")
professionals = [member for member in MEMBERS if member.role == Role.PROFESSIONAL]
stories = StoryPage.objects.live().filter(locale__language_code="fr").order_by("pk")
story, other_story = stories[0], stories[1]

print(  # noqa: T201 - the output of this script
    FACTS_MARKER
    + json.dumps(
        {
            "admin": {
                "email": admin_email,
                "password": admin_password,
                "totp_secret": DEMO_TOTP_SECRETS[admin_email],
            },
            "professionals": [
                {"email": member.email, "password": member.password} for member in professionals
            ],
            "story": {"id": story.pk, "url": story.url, "title": story.title},
            "other_story": {"id": other_story.pk, "url": other_story.url},
            "story_index": {"url": story.get_parent().url},
            "home": {"url": HomePage.objects.live().get(locale__language_code="fr").url},
        }
    )
)
