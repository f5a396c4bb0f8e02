"""Builds ``SearchEntry`` rows from the content, one per record of every searchable kind.

The index is derived data: it is rebuilt after every import and brought up to date after every
admin edit (``reference.services.derived``), never loaded from a fixture. What an entry holds
comes from its kind's builder in ``reference.registry``; this module keeps the display text in
both languages (for results and highlighting) and adds a folded, lightly stemmed copy (for the
SQLite path and trigram suggestions) and, on PostgreSQL, the stored text-search vector. On
SQLite the FTS5 table over the folded copy follows every write by itself (triggers of reference
migration 0006), whichever path writes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import translation

from core import text
from reference.models import SearchEntry, SearchWord
from reference.registry import Kind, searchable

BATCH_SIZE = 2000
# On PostgreSQL, the stored columns computed from the others (functions of migrations
# regulations 0002 and reference 0003), as an UPDATE's SET list.
STORED_VECTORS = (
    "vector = cadreref_search_vector(title_vi, title_en, body_vi, body_en), "
    "phrases = cadreref_search_phrases(title_text, search_text)"
)
# On PostgreSQL, the words of the entries that ``where`` selects, added to ``SearchWord``: an
# INSERT with its WHERE clause to fill in. Sorted, so that statements run side by side
# (benchmarks/fast_index.py) take the words' locks in one order and cannot deadlock.
STORED_WORDS = (
    f"INSERT INTO {SearchWord._meta.db_table} (word) SELECT DISTINCT word FROM {SearchEntry._meta.db_table}, "  # noqa: S608
    "unnest(string_to_array(btrim(search_text), ' ')) AS word "
    "WHERE word <> '' AND {where} ORDER BY word ON CONFLICT DO NOTHING"
)


@functools.lru_cache(maxsize=200_000)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    return tuple(text.english_stem(word) for word in text.words(piece))


def stemmed_index_text(*parts: str) -> str:
    """One search column: the folded, stemmed words of ``parts``, space-separated and padded
    so that ``" word"`` matches only at a word start.

    Folded and stemmed per whitespace-separated piece, through a cache: no word spans
    whitespace, so the result is the same, and a large corpus repeats its vocabulary."""
    tokens = [token for part in parts for piece in part.split() for token in _piece_tokens(piece)]
    return " " + " ".join(tokens) + " " if tokens else ""


def search_entry(kind: Kind, record) -> SearchEntry:
    """The (unsaved) entry for one record of a searchable kind."""
    indexed = kind.search.build(record)
    return SearchEntry(
        kind=kind.search.kind,
        object_id=record.pk,
        document_id=indexed.document_id,
        target=indexed.target,
        anchor=indexed.anchor,
        title_vi=indexed.title_vi,
        title_en=indexed.title_en,
        body_vi=indexed.body_vi,
        body_en=indexed.body_en,
        title_text=stemmed_index_text(indexed.title_vi, indexed.title_en),
        search_text=stemmed_index_text(indexed.title_vi, indexed.title_en, indexed.body_vi, indexed.body_en),
        weight=indexed.weight,
    )


def search_records(kind: Kind):
    """The records of a searchable kind, with what its builder reads."""
    records = kind.model._default_manager.order_by("pk")
    return records.select_related(*kind.search.select) if kind.search.select else records


def search_entries_build(selected: dict[str, set[int]] | None = None) -> Iterator[SearchEntry]:
    """Entries for every record, or, with ``selected`` ({entry kind: record ids}), for those
    records only. English must be active (see ``search_index_rebuild``)."""
    for kind in searchable():
        records = search_records(kind)
        if selected is not None:
            if not selected.get(kind.search.kind):
                continue
            records = records.filter(pk__in=selected[kind.search.kind])
        for record in records.iterator(chunk_size=BATCH_SIZE):
            yield search_entry(kind, record)


def _store(entries: Iterable[SearchEntry]) -> int:
    """Insert entries in batches, then (on PostgreSQL) compute their stored text-search vectors
    in one statement, and add their words to ``SearchWord``: the GIN indexes are on those
    columns, so searching never recomputes them."""
    total = 0
    batch: list[SearchEntry] = []
    with translation.override("en"):
        for entry in entries:
            batch.append(entry)
            if len(batch) >= BATCH_SIZE:
                SearchEntry.objects.bulk_create(batch)
                total += len(batch)
                batch.clear()
    SearchEntry.objects.bulk_create(batch)
    total += len(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(STORED_WORDS.format(where="vector IS NULL"))
            cursor.execute(
                f"UPDATE {SearchEntry._meta.db_table} SET {STORED_VECTORS} WHERE vector IS NULL"  # noqa: S608
            )
    return total


@transaction.atomic
def search_index_rebuild() -> int:
    """Replace the whole index with entries built from the current content.

    Returns the number of entries. Runs in one transaction, so searches keep seeing the old
    index until the new one is complete. The English columns use interface labels (kinds of
    document, authority actions), so English is active while they are built: an admin edit
    made on a Vietnamese page must not put Vietnamese labels into them.
    """
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    return _store(search_entries_build())


def _affected(changed: set[tuple[str, int]]) -> dict[str, set[int]]:
    """The entries to rebuild, by entry kind, after the records in ``changed`` (model label,
    primary key) were saved or deleted: a record's own entry, and the entries whose text
    repeats it (``Search.rebuilt_with``: a document's number is in its key points' titles, a
    body's name in its documents', a group's name in its positions'). Kinds are visited in
    load order, so what one kind's change touches can touch a later kind in turn."""
    changed_ids: dict[str, set[int]] = {}
    for label, pk in changed:
        changed_ids.setdefault(label, set()).add(pk)
    affected: dict[str, set[int]] = {}
    for kind in searchable():
        ids = set(changed_ids.get(kind.label, ()))
        for label, lookup in kind.search.rebuilt_with.items():
            if changed_ids.get(label):
                related = kind.model._default_manager.filter(**{f"{lookup}__in": changed_ids[label]})
                ids.update(related.values_list("pk", flat=True))
        affected[kind.search.kind] = ids
        if ids:
            changed_ids.setdefault(kind.label, set()).update(ids)
    return affected


@transaction.atomic
def search_index_update(changed: set[tuple[str, int]]) -> int:
    """Rebuild only the entries that ``changed`` records touch (an admin edit), instead of the
    whole index: at 100,000 key points a full rebuild takes about a minute. Deleted records
    simply lose their entries (and records deleted with them lose theirs through the entry's
    document, which they belong to). Returns the number of entries written."""
    affected = _affected(changed)
    for entry_kind, ids in affected.items():
        if ids:
            SearchEntry.objects.filter(kind=entry_kind, object_id__in=ids).delete()
    return _store(search_entries_build(affected))
