"""A faster way to fill the search index for a large benchmark corpus; the same rows as the app's.

``reference.search.index.search_index_rebuild()`` builds every entry in one process and inserts
it with ``bulk_create`` while PostgreSQL keeps three GIN indexes up to date row by row. At ten
times the base corpus that takes longer than the whole benchmark budget. This path builds the
entries with the app's own public builder (``search_entry``, for every searchable kind of the
content registry), splits documents and key points over one process per core, loads them with
COPY into the emptied table, computes the stored text-search columns in parallel, and only then
creates the GIN indexes again, with the definitions PostgreSQL reports for them, in one pass
each, side by side. It gives up what the benchmark does not need: the single transaction.

``index_checksum`` fingerprints the index contents so that a run can show both paths agree.

Usage: imported by benchmarks.run (``make bench``, ``BENCH_INDEX=fast``); not a command of its own.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os

from django.db import connection, connections
from django.utils import translation

from benchmarks.corpus import copy_rows
from reference.models import SearchEntry, SearchWord
from reference.registry import search_kind, searchable
from reference.search.index import STORED_VECTORS, STORED_WORDS, search_entry, search_records

# The GIN indexes over the search entries; dropped for the load and created again after it.
SEARCH_INDEXES = ("search_entry_phrases", "search_entry_title_trgm", "search_entry_vector")
# The two kinds with most records, built in parallel; the others are few.
PARALLEL_KINDS = ("document", "key_point")
BATCH = 5000
TABLE = SearchEntry._meta.db_table
WORDS_TABLE = SearchWord._meta.db_table
ENTRY_FIELDS = [f.attname for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def _copy_entries(entries) -> int:
    """COPY entries in batches. The entries come from a server-side cursor on the same
    connection, which cannot fetch while a COPY is open, so each batch is built first."""
    total = 0
    for batch in itertools.batched(entries, BATCH, strict=False):
        total += copy_rows(SearchEntry, ({name: getattr(e, name) for name in ENTRY_FIELDS} for e in batch))
    return total


def _entries(kind, records):
    return (search_entry(kind, record) for record in records.iterator(chunk_size=BATCH))


def _load_part(part: tuple[str, int, int]) -> int:
    """Build and COPY the entries of one kind's records with ``low <= pk < high``."""
    entry_kind, low, high = part
    kind = search_kind(entry_kind)
    with translation.override("en"):
        count = _copy_entries(_entries(kind, search_records(kind).filter(pk__gte=low, pk__lt=high)))
    connection.close()
    return count


def _other_entries():
    """The entries of the kinds with few records, built in this process."""
    for kind in searchable():
        if kind.search.kind not in PARALLEL_KINDS:
            yield from _entries(kind, search_records(kind))


def _vectors_part(bounds: tuple[int, int]) -> int:
    """Compute the stored text-search vectors of the entries with ``low <= id < high``, and
    add their words to ``SearchWord``."""
    low, high = bounds
    with connection.cursor() as cursor:
        cursor.execute(STORED_WORDS.format(where="id >= %s AND id < %s"), [low, high])
        cursor.execute(f"UPDATE {TABLE} SET {STORED_VECTORS} WHERE id >= %s AND id < %s", [low, high])  # noqa: S608
        count = cursor.rowcount
    connection.close()
    return count


def _create_index(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(statement)
    connection.close()


def _parts(model, kind: str, pieces: int) -> list[tuple[str, int, int]]:
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return []
    size = max(1, len(ids) // pieces + 1)
    bounds = [ids[i] for i in range(0, len(ids), size)] + [ids[-1] + 1]
    return [(kind, low, high) for low, high in itertools.pairwise(bounds)]


def _index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s) ORDER BY indexname",
            [TABLE, list(SEARCH_INDEXES)],
        )
        definitions = [row[0] for row in cursor.fetchall()]
    if len(definitions) != len(SEARCH_INDEXES):
        raise RuntimeError(f"expected the indexes {SEARCH_INDEXES} on {TABLE}; the migrations define them")
    return definitions


def search_index_rebuild_fast(*, processes: int | None = None) -> int:
    """Empty the index, fill it in parallel, then build its GIN indexes. Returns the entry count."""
    processes = processes or os.process_cpu_count() or 1
    definitions = _index_definitions()
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(f"TRUNCATE {TABLE} RESTART IDENTITY")
        cursor.execute(f"TRUNCATE {WORDS_TABLE}")
    with translation.override("en"):
        total = _copy_entries(_other_entries())
    # Four pieces per process keep both cores busy while the last pieces finish.
    parts = [
        part
        for entry_kind in PARALLEL_KINDS
        for part in _parts(search_kind(entry_kind).model, entry_kind, processes * 4)
    ]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        total += sum(pool.map(_load_part, parts))
        vector_parts = [(low, high) for _kind, low, high in _parts(SearchEntry, "entries", processes * 4)]
        connections.close_all()
        pool.map(_vectors_part, vector_parts)
        # One index per process: PostgreSQL 15 builds a GIN index on one core, and at scale 10
        # the largest (phrases) alone takes minutes. The largest comes first (by name).
        pool.map(_create_index, definitions, chunksize=1)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    return total


def index_checksum() -> str:
    """An MD5 over the MD5 of every entry's content, in a fixed order, primary keys left out
    (hashing the rows themselves in one string would pass PostgreSQL's 1 GB limit at scale 10),
    and over the words of ``SearchWord``."""
    columns = ", ".join(f"coalesce({name}::text, '')" for name in ENTRY_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(md5(concat_ws('|', {columns})), '' ORDER BY kind, object_id)) "  # noqa: S608
            f"FROM {TABLE}"
        )
        entries = cursor.fetchone()[0]
        cursor.execute(f"SELECT md5(string_agg(md5(word), '' ORDER BY word)) FROM {WORDS_TABLE}")  # noqa: S608
        return f"{entries}:{cursor.fetchone()[0]}"
