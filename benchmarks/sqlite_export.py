"""Export the benchmark corpus to SQLite, with FTS5, for Datasette (the peer in the comparison).

Tables: ``documents`` (with ``year`` as the year of issue, as the document list filters it, and
the issuer's slug), ``key_points`` and ``positions``, with foreign keys from key points and
positions to documents, indexes on the filtered and joined columns, and FTS5 full-text indexes
over the documents' titles, subjects and summaries and the key points' headings and texts.

Usage: imported by benchmarks.run (``make bench``); not a command of its own.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import sqlite_utils
from django.db.models import F, IntegerField
from django.db.models.functions import Coalesce, ExtractYear

from cadres.models import Position
from regulations.models import Document, KeyPoint

BATCH = 5000


def _batches(queryset, fields: list[str]):
    rows = queryset.values(*fields).iterator(chunk_size=BATCH)
    while batch := list(itertools.islice(rows, BATCH)):
        yield from batch


def _document_row(row: dict) -> dict:
    row["year"] = row.pop("issue_year")
    row["issuer"] = row.pop("issuer_slug")
    return row


def sqlite_export(path: Path) -> dict[str, int]:
    """Write the database at ``path`` (replacing it) and return the row counts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    documents = Document.objects.annotate(
        issue_year=Coalesce(ExtractYear("issued_on"), "year", output_field=IntegerField()),
        issuer_slug=F("issuer__slug"),
    ).order_by("pk")
    document_fields = ["id", "slug", "kind", "number", "symbol", "issue_year", "issued_on", "issuer_slug", "status"]
    document_fields += ["title_vi", "title_en", "subject_vi", "subject_en", "summary_vi", "summary_en", "signer"]
    db["documents"].insert_all(
        (_document_row(row) for row in _batches(documents, document_fields)),
        pk="id",
        batch_size=BATCH,
    )
    key_point_fields = ["id", "document_id", "order", "anchor", "kind", "article", "clause"]
    key_point_fields += ["heading_vi", "heading_en", "text_vi", "text_en"]
    db["key_points"].insert_all(
        _batches(KeyPoint.objects.order_by("pk"), key_point_fields),
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        batch_size=BATCH,
    )
    positions = Position.objects.annotate(group_code=F("group__code"), tier_code=F("tier__code")).order_by("pk")
    position_fields = ["id", "slug", "name_vi", "name_en", "group_code", "tier_code", "listed_in_id", "order"]
    position_fields += ["is_leadership", "note_vi", "note_en"]
    db["positions"].insert_all(
        _batches(positions, position_fields),
        pk="id",
        foreign_keys=[("listed_in_id", "documents", "id")],
        batch_size=BATCH,
    )
    for table, columns in [
        ("documents", ["kind"]),
        ("documents", ["year"]),
        ("documents", ["number"]),
        ("documents", ["issuer"]),
        ("documents", ["slug"]),
        ("key_points", ["document_id"]),
        ("positions", ["listed_in_id"]),
        ("positions", ["slug"]),
    ]:
        db[table].create_index(columns)
    db["documents"].enable_fts(
        ["title_vi", "title_en", "subject_vi", "subject_en", "summary_vi", "summary_en"], fts_version="FTS5"
    )
    db["key_points"].enable_fts(["heading_vi", "heading_en", "text_vi", "text_en"], fts_version="FTS5")
    db.vacuum()
    return {name: db[name].count for name in ("documents", "key_points", "positions")}
