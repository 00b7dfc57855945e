"""The directory's search document, stored on the professional's profile (members.search).

Searching built every matching professional's document from four tables (~50 ms per
search at 20,000 professionals); it is now a column with one GIN index, kept by
``members.search.refresh_search_documents``. On a live PostgreSQL database:

1. the column is added empty (nullable: no table rewrite);
2. one UPDATE fills it (a few seconds at 20,000 professionals, during which sending a
   request to one of them waits for it) — frozen SQL: later changes to the service do not
   reach this migration;
3. the GIN index is built CONCURRENTLY (no write lock), which is why this migration is not
   atomic; ``IF NOT EXISTS`` lets a rerun after a partial run go on;
4. the three GIN indexes of members/0008, which searching no longer reads, are dropped.

SQLite searches the fields themselves: the column stays empty there, no index is built.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

FILL = """
UPDATE members_professionalprofile AS p SET search_document =
    setweight(to_tsvector('french_unaccent'::regconfig,
        COALESCE((SELECT u.first_name || ' ' || u.last_name
                  FROM members_user u WHERE u.id = p.user_id), '')
        || ' ' || COALESCE(p.job_title, '')), 'A')
    || setweight(to_tsvector('french_unaccent'::regconfig,
        COALESCE((SELECT c.name FROM network_company c WHERE c.id = p.company_id), '')
        || ' ' || COALESCE((SELECT string_agg(s.name || ' ' || s.name_en, ' ')
                  FROM members_professionalprofile_sectors ps
                  JOIN members_sector s ON s.id = ps.sector_id
                  WHERE ps.professionalprofile_id = p.id), '')), 'B')
    || setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(p.bio, '')), 'C')
"""

# The indexes of members/0008 searching no longer reads, to build again when going back.
OLD_GIN_INDEXES = {
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


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0011_professional_approved_user_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="professionalprofile",
            name="search_document",
            field=SearchVectorField(editable=False, null=True),
        ),
        # Going back drops the column: nothing to undo in the data.
        RunSQLOnPostgres(FILL, migrations.RunSQL.noop, elidable=False),
        RunSQLOnPostgres(
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "pro_search_document_gin" '
            'ON "members_professionalprofile" USING gin ("search_document")',
            'DROP INDEX CONCURRENTLY IF EXISTS "pro_search_document_gin"',
            elidable=False,
        ),
        *(
            RunSQLOnPostgres(
                f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"',
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" {definition}',
                elidable=False,
            )
            for name, definition in OLD_GIN_INDEXES.items()
        ),
    ]
