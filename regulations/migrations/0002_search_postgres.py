"""PostgreSQL search: unaccent text-search configurations, a GIN index over the search
vector of every entry, and trigram indexes for suggestions. Nothing happens on SQLite, whose
search runs on the folded ``search_text`` column instead (regulations.search.query)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Vietnamese: no stemmer exists, so words are unaccented and kept whole.
    "CREATE TEXT SEARCH CONFIGURATION cadreref_vi (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION cadreref_vi ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    # English: unaccented, then stemmed.
    "CREATE TEXT SEARCH CONFIGURATION cadreref_en (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION cadreref_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    # One immutable function, so the index expression and the query expression are the same
    # text and the planner uses the index. Titles weigh A, bodies B.
    """
    CREATE FUNCTION cadreref_search_vector(title_vi text, title_en text, body_vi text, body_en text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector('cadreref_vi'::regconfig, coalesce(title_vi, '') || ' ' || coalesce(title_en, '')), 'A')
          || setweight(to_tsvector('cadreref_en'::regconfig, coalesce(title_en, '')), 'A')
          || setweight(to_tsvector('cadreref_vi'::regconfig, coalesce(body_vi, '') || ' ' || coalesce(body_en, '')), 'B')
          || setweight(to_tsvector('cadreref_en'::regconfig, coalesce(body_en, '')), 'B')
    $$
    """,
    "CREATE INDEX search_entry_vector_gin ON regulations_searchentry "
    "USING gin (cadreref_search_vector(title_vi, title_en, body_vi, body_en))",
    "CREATE INDEX search_entry_title_trgm ON regulations_searchentry USING gin (title_text gin_trgm_ops)",
    "CREATE INDEX document_number_key_trgm ON regulations_document USING gin (number_key gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS document_number_key_trgm",
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP FUNCTION IF EXISTS cadreref_search_vector(text, text, text, text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cadreref_en",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cadreref_vi",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
