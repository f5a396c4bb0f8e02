"""A faster way to fill the search index for a large benchmark corpus; the same rows as the app's.

``regulations.search.index.search_index_rebuild()`` builds every entry in one process and
inserts it with ``bulk_create`` while PostgreSQL keeps two GIN indexes up to date row by row.
At ten times the base corpus that takes longer than the whole benchmark budget. This path builds
the entries with the app's own entry builders, folding and stemming each distinct word once
instead of every time it occurs (the profile shows ``text.fold`` takes most of the build), splits
documents and key points over one process per core, loads them with COPY into the emptied table,
computes the stored text-search vectors in parallel, and only then creates the GIN indexes, with
the statements of the migrations that define them, in one pass each. It gives up what the
benchmark does not need: the single transaction.

``index_checksum`` fingerprints the index contents so that a run can show both paths agree.

Usage: imported by benchmarks.run (``make bench``, ``BENCH_INDEX=fast``); not a command of its own.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import multiprocessing
import os

from django.db import connection, connections
from django.utils import translation

from benchmarks.corpus import copy_rows
from regulations import text
from regulations.models import Document, KeyPoint, SearchEntry
from regulations.search import index

# The GIN indexes over the search entries (migrations 0002 and 0005); created again after the load.
SEARCH_INDEXES = ("search_entry_vector", "search_entry_title_trgm")
BATCH = 5000
ENTRY_FIELDS = [f.attname for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def _index_statements() -> list[str]:
    migration = importlib.import_module("regulations.migrations.0002_search_postgres")
    trigram = [s for s in migration.FORWARD if "INDEX search_entry_title_trgm " in s]
    if len(trigram) != 1:
        raise RuntimeError("migration 0002 no longer creates search_entry_title_trgm")
    vector = importlib.import_module("regulations.migrations.0005_search_vector_column")
    return [*trigram, vector.VECTOR_INDEX]


@functools.lru_cache(maxsize=200_000)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    return tuple(text.english_stem(word) for word in text.words(piece))


def stemmed_index_text(*parts: str) -> str:
    """``index.stemmed_index_text`` with the folding and stemming memoised per
    whitespace-separated piece. Folding works character by character and a word never spans
    whitespace, so the result is the same; the corpus repeats its vocabulary, so most pieces
    are already known. ``index_checksum`` shows the result is the same in every run."""
    tokens = [token for part in parts for piece in part.split() for token in _piece_tokens(piece)]
    return " " + " ".join(tokens) + " " if tokens else ""


def _copy_entries(entries) -> int:
    """COPY entries in batches. The entries come from a server-side cursor on the same
    connection, which cannot fetch while a COPY is open, so each batch is built first."""
    total = 0
    for batch in itertools.batched(entries, BATCH, strict=False):
        total += copy_rows(SearchEntry, ({name: getattr(e, name) for name in ENTRY_FIELDS} for e in batch))
    return total


def _load_part(part: tuple[str, int, int]) -> int:
    """Build and COPY the entries of the documents or key points with ``low <= pk < high``."""
    kind, low, high = part
    index.stemmed_index_text = stemmed_index_text  # this process only: a forked pool worker
    with translation.override("en"):
        if kind == "documents":
            rows = Document.objects.select_related("issuer").filter(pk__gte=low, pk__lt=high)
            count = _copy_entries(index._document_entries(rows.iterator(chunk_size=BATCH)))
        else:
            rows = KeyPoint.objects.select_related("document").filter(pk__gte=low, pk__lt=high)
            count = _copy_entries(index._key_point_entries(rows.iterator(chunk_size=BATCH)))
    connection.close()
    return count


def _cadre_entries():
    """The entries of every kind but documents and key points (few rows: built in this process)."""
    for kind, (queryset, builder) in index._sources().items():
        if kind not in {SearchEntry.Kind.DOCUMENT, SearchEntry.Kind.KEY_POINT}:
            yield from builder(queryset.order_by("pk").iterator(chunk_size=BATCH))


def _vectors_part(bounds: tuple[int, int]) -> int:
    """Compute the stored text-search vector of the entries with ``low <= id < high``."""
    low, high = bounds
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchEntry._meta.db_table} "  # noqa: S608
            "SET vector = cadreref_search_vector(title_vi, title_en, body_vi, body_en) WHERE id >= %s AND id < %s",
            [low, high],
        )
        count = cursor.rowcount
    connection.close()
    return count


def _parts(model, kind: str, pieces: int) -> list[tuple[str, int, int]]:
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return []
    size = max(1, len(ids) // pieces + 1)
    bounds = [ids[i] for i in range(0, len(ids), size)] + [ids[-1] + 1]
    return [(kind, low, high) for low, high in itertools.pairwise(bounds)]


def search_index_rebuild_fast(*, processes: int | None = None) -> int:
    """Empty the index, fill it in parallel, then build its GIN indexes. Returns the entry count."""
    processes = processes or os.process_cpu_count() or 1
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(f"TRUNCATE {SearchEntry._meta.db_table} RESTART IDENTITY")
    with translation.override("en"):
        total = _copy_entries(_cadre_entries())
    # Four pieces per process keep both cores busy while the last pieces finish.
    parts = _parts(Document, "documents", processes * 4) + _parts(KeyPoint, "key_points", processes * 4)
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        total += sum(pool.map(_load_part, parts))
        vector_parts = [(low, high) for _kind, low, high in _parts(SearchEntry, "entries", processes * 4)]
        connections.close_all()
        pool.map(_vectors_part, vector_parts)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in _index_statements():
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return total


def index_checksum() -> str:
    """An MD5 over the MD5 of every entry's content, in a fixed order, primary keys left out
    (hashing the rows themselves in one string would pass PostgreSQL's 1 GB limit at scale 10)."""
    columns = ", ".join(f"coalesce({name}::text, '')" for name in ENTRY_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(md5(concat_ws('|', {columns})), '' ORDER BY kind, object_id)) "  # noqa: S608
            f"FROM {SearchEntry._meta.db_table}"
        )
        return cursor.fetchone()[0]
