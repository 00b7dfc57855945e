"""A partial index on approved professionals' accounts, for the directory's count.

Built CONCURRENTLY on PostgreSQL (the table is live: no write lock while it builds), so
this migration is not atomic; other databases build it the ordinary way.
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


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0010_professional_capacity_counter"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="professionalprofile",
            index=models.Index(
                condition=models.Q(("status", "approved")),
                fields=["user"],
                name="pro_profile_approved_user_idx",
            ),
        ),
    ]
