"""On PostgreSQL, a second stored text-search column and its GIN index, built from the folded
``search_text`` and ``title_text``: every pair of neighbouring words of an entry ("bo tai"),
every word (".can") and every word of its title ("=can"). Full text looks its candidates up
there instead of scanning: Vietnamese syllables must stand side by side, and common syllables
often appear in the same entry but apart, so the words alone leave tens of thousands of rows to
check at 100,000 key points; and a word's prefix is looked up among the entry's own words, not
among the far more numerous lexemes of the stored vector. Nothing happens on SQLite."""

import django.contrib.postgres.search
from django.db import migrations

# Also run by benchmarks/fast_index.py, which builds the index after loading a large corpus.
PHRASES_INDEX = "CREATE INDEX search_entry_phrases ON regulations_searchentry USING gin (phrases)"

FUNCTION = """
CREATE FUNCTION cadreref_search_phrases(title_text text, search_text text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(lexeme)), ''::tsvector) FROM (
    SELECT word || ' ' || lead(word) OVER (ORDER BY n) AS lexeme
      FROM unnest(string_to_array(btrim(search_text), ' ')) WITH ORDINALITY AS w(word, n)
    UNION ALL
    SELECT '.' || word FROM unnest(string_to_array(btrim(search_text), ' ')) AS w(word)
    UNION ALL
    SELECT '=' || word FROM unnest(string_to_array(btrim(title_text), ' ')) AS t(word)
  ) lexemes WHERE lexeme IS NOT NULL AND lexeme NOT IN ('', '.', '=')
$$
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute("UPDATE regulations_searchentry SET phrases = cadreref_search_phrases(title_text, search_text)")
    schema_editor.execute(PHRASES_INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_phrases")
    schema_editor.execute("DROP FUNCTION IF EXISTS cadreref_search_phrases(text, text)")


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_pending_import_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="phrases",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="neighbouring words and title words"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
