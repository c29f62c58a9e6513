"""A case reference for every child, and the indexes that finding a child uses.

The trigram indexes (typo-tolerant name search) are PostgreSQL's; on the demo's SQLite they are
skipped and the search falls back to plain matching."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import assessments.models

TRIGRAM_INDEXES = [
    ("child_name_trgm", "assessments_child", "preferred_name"),
    ("family_name_trgm", "assessments_family", "name"),
]


def give_references(apps, schema_editor):
    Child = apps.get_model("assessments", "Child")
    taken = set()
    for child in Child.objects.filter(reference__isnull=True).only("pk").iterator():
        reference = assessments.models.new_reference()
        while reference in taken:
            reference = assessments.models.new_reference()
        taken.add(reference)
        Child.objects.filter(pk=child.pk).update(reference=reference)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_hearing_court_index")]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="child",
            name="reference",
            field=models.CharField(max_length=11, null=True, editable=False),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="child",
            name="reference",
            field=models.CharField(
                default=assessments.models.new_reference,
                editable=False,
                max_length=11,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="date_of_birth",
            field=models.DateField(db_index=True),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
