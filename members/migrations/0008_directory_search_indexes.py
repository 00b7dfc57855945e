"""Indexes the directory needs at scale (`make bench`: 20,000 professionals).

- Requests by professional and date sent: the capacity left this month, computed for
  every professional the directory or the suggestions order, is read in this index alone.
- On PostgreSQL, GIN indexes on the full-text expressions members/search.py looks each
  word up in (a professional's job and presentation, a professional's name, a company's
  name). They must stay exactly the expressions of ``profile_document()``,
  ``name_document()`` and the company's vector there, or PostgreSQL stops using them
  (tests/members/directory/test_directory_search_indexes.py checks it). SQLite searches otherwise:
  nothing to create there.

Every index is built CONCURRENTLY on PostgreSQL (the tables are live: no write lock while
it builds), so this migration is not atomic; SQLite builds the B-tree index the ordinary
way. The GIN indexes are frozen SQL (``IF NOT EXISTS``: a rerun after a partial run goes
on; a build that failed leaves an INVALID index, to drop by hand before running again).
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# The expressions of members/search.py, as Django writes them (GinIndex + SearchVector).
GIN_INDEXES = {
    "pro_profile_words_gin": (
        'ON "members_professionalprofile" USING gin '
        "((to_tsvector('french_unaccent'::regconfig, "
        """COALESCE("job_title", '') || ' ' || COALESCE("bio", ''))))"""
    ),
    "pro_name_words_gin": (
        'ON "members_user" USING gin '
        "((to_tsvector('french_unaccent'::regconfig, "
        """COALESCE("first_name", '') || ' ' || COALESCE("last_name", ''))))"""
        """ WHERE "role" = 'professional'"""
    ),
    "company_name_words_gin": (
        'ON "network_company" USING gin '
        """((to_tsvector('french_unaccent'::regconfig, COALESCE("name", ''))))"""
    ),
}


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0007_moderator_network_permissions"),
        ("network", "0003_structure_registration_and_company_domains"),
        # The french_unaccent text search configuration.
        ("home", "0002_french_unaccent_search"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="helprequest",
            index=models.Index(
                fields=["professional", "sent_at"], name="members_hel_profess_d399c3_idx"
            ),
        ),
        *(
            RunSQLOnPostgres(
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" {definition}',
                f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"',
                elidable=False,
            )
            for name, definition in GIN_INDEXES.items()
        ),
    ]
