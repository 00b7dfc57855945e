"""Indexes the directory needs at scale (`make bench`: 20,000 professionals).

- Requests by professional and date sent: the capacity left this month, computed for
  every professional the directory or the suggestions order, is read in this index alone.
- On PostgreSQL, GIN indexes on the full-text expressions members/search.py looks each
  word up in (a professional's job and presentation, a professional's name, a company's
  name). They must stay exactly the expressions of ``profile_document()``,
  ``name_document()`` and the company's vector there, or PostgreSQL stops using them
  (tests/members/test_directory_search_indexes.py checks it). SQLite searches otherwise:
  nothing to create there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Q

SEARCH_CONFIG = "french_unaccent"


def _gin_indexes(apps):
    return [
        (
            apps.get_model("members", "ProfessionalProfile"),
            GinIndex(
                SearchVector("job_title", "bio", config=SEARCH_CONFIG),
                name="pro_profile_words_gin",
            ),
        ),
        (
            apps.get_model("members", "User"),
            GinIndex(
                SearchVector("first_name", "last_name", config=SEARCH_CONFIG),
                name="pro_name_words_gin",
                condition=Q(role="professional"),
            ),
        ),
        (
            apps.get_model("network", "Company"),
            GinIndex(SearchVector("name", config=SEARCH_CONFIG), name="company_name_words_gin"),
        ),
    ]


def create_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _gin_indexes(apps):
        schema_editor.add_index(model, index)


def drop_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _gin_indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_moderator_network_permissions"),
        ("network", "0003_structure_registration_and_company_domains"),
        # The french_unaccent text search configuration.
        ("home", "0002_french_unaccent_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="helprequest",
            index=models.Index(
                fields=["professional", "sent_at"], name="members_hel_profess_d399c3_idx"
            ),
        ),
        migrations.RunPython(create_gin_indexes, drop_gin_indexes),
    ]
