"""The words of the search index, each once (``SearchWord``), filled on PostgreSQL from the
entries already there; later the index's write paths add them. Full text looks a word that
may still be being typed up there, and asks the GIN index for the words it starts rather than
for a prefix. Nothing is filled on SQLite."""

from django.db import migrations, models

FILL = (
    "INSERT INTO reference_searchword (word) SELECT DISTINCT word FROM regulations_searchentry, "
    "unnest(string_to_array(btrim(search_text), ' ')) AS word WHERE word <> '' ON CONFLICT DO NOTHING"
)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0004_spelling_vocabulary"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False, verbose_name="word")),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
