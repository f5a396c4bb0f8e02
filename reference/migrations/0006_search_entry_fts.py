"""On SQLite, an FTS5 table over the folded ``title_text`` and ``search_text`` of the search
entries, kept by triggers: full text finds its candidates there (``query._fts_ids``) instead of
scanning every row's ``search_text`` with ``LIKE``, which read the whole table whenever a
query's words were rare or rarely side by side. External content (the entries' own columns, no
second copy of the text) and triggers, so every write path (the index's rebuild and update, a
document deleted with its entries, a test's factory) keeps it whole. The folded words are
letters and digits separated by spaces, which the ``ascii`` tokenizer reads as the same words;
prefix indexes for one to three letters keep a word still being typed ("c", "chu") from merging
the lists of every word it starts. Nothing happens on PostgreSQL, which has its GIN indexes."""

from django.db import migrations

TABLE = "reference_searchentry_fts"
CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title_text, search_text, content='regulations_searchentry', "
    "content_rowid='id', tokenize='ascii', prefix='1 2 3')",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON regulations_searchentry BEGIN
        INSERT INTO {TABLE} (rowid, title_text, search_text) VALUES (new.id, new.title_text, new.search_text);
    END""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON regulations_searchentry BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, title_text, search_text)
        VALUES ('delete', old.id, old.title_text, old.search_text);
    END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON regulations_searchentry BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, title_text, search_text)
        VALUES ('delete', old.id, old.title_text, old.search_text);
        INSERT INTO {TABLE} (rowid, title_text, search_text) VALUES (new.id, new.title_text, new.search_text);
    END""",
    # The entries already there.
    f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0005_search_word"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
