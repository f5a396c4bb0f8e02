"""Derived content: normalised document numbers, document statuses and the search index.

Fixtures are loaded raw, without ``save()``, and an admin edit saves one record at a time, so
neither leaves these right by itself. Each write path calls this module once, explicitly: the
import service after loading (``derived_refresh()``, everything), and the admin site when an
edit commits (``content_changes_apply()``, only what the edit touched). Nothing else triggers it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from core.data_version import data_version_bump
from reference.search.index import search_index_rebuild, search_index_update
from regulations.models import Document, Relation


@dataclass
class ContentChanges:
    """The records one admin edit saved or deleted, gathered until the edit commits."""

    records: set[tuple[str, int]] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    applied: bool = False

    def add(self, records: Iterable[models.Model]) -> None:
        """Note ``records`` (before a deletion, while they still have their primary key)."""
        for record in records:
            self.records.add((record._meta.label_lower, record.pk))
            # A document's number key and status follow its own fields and the "replaces"
            # relations that point at it (see also _in_replacements).
            if isinstance(record, Document):
                self.documents.add(record.pk)
            elif isinstance(record, Relation):
                self.documents.update((record.subject_id, record.object_id))


def document_keys_refresh(*, ids: set[int] | None = None) -> int:
    """Recompute ``number_key`` for the documents ``ids`` (every document when None); returns
    how many changed."""
    documents = Document.objects.only("pk", "symbol", "number", "number_key")
    if ids is not None:
        documents = documents.filter(pk__in=ids)
    changed = []
    for document in documents:
        key = document.compute_number_key()
        if key != document.number_key:
            document.number_key = key
            changed.append(document)
    Document.objects.bulk_update(changed, ["number_key"], batch_size=1000)
    return len(changed)


def document_statuses_refresh(*, ids: set[int] | None = None, today: datetime.date | None = None) -> int:
    """Derive the status of the documents ``ids`` (every document when None) from the
    relations and their dates; returns how many changed."""
    today = today or timezone.localdate()
    documents = Document.objects.only("pk", "status", "issued_on", "effective_on", "pilot_years", "status_checked_on")
    replacing = Relation.objects.filter(kind=Relation.Kind.REPLACES)
    if ids is not None:
        documents = documents.filter(pk__in=ids)
        replacing = replacing.filter(object_id__in=ids)
    replaced_ids = set(replacing.values_list("object_id", flat=True))
    changed = []
    for document in documents:
        status = document.derive_status(replaced=document.pk in replaced_ids, today=today)
        if status != document.status:
            document.status = status
            changed.append(document)
    Document.objects.bulk_update(changed, ["status"], batch_size=1000)
    return len(changed)


@transaction.atomic
def derived_refresh(*, changes: ContentChanges | None = None) -> dict[str, int]:
    """Bring the derived data in line with the content: all of it (``changes`` None, after an
    import), or what the records in ``changes`` touch (after an admin edit)."""
    if changes is None:
        return {
            "number_keys": document_keys_refresh(),
            "statuses": document_statuses_refresh(),
            "search_entries": search_index_rebuild(),
        }
    return {
        "number_keys": document_keys_refresh(ids=changes.documents),
        "statuses": document_statuses_refresh(ids=changes.documents | _in_replacements()),
        "search_entries": search_index_update(changes.records),
    }


def _in_replacements() -> set[int]:
    """The documents whose status a change of relations could move: those marked replaced and
    those a "replaces" relation points at. An edit can repoint or delete a relation (or a
    document, and its relations with it), and the target it had is known only by its status."""
    replaced = Document.objects.filter(status=Document.Status.REPLACED).values_list("pk", flat=True)
    targets = Relation.objects.filter(kind=Relation.Kind.REPLACES).values_list("object_id", flat=True)
    return set(replaced) | set(targets)


def content_changes_apply(*, changes: ContentChanges) -> None:
    """After an admin edit commits: refresh what it touched and move the data version, once
    for the whole edit (a document saved with a dozen inline key points included)."""
    with transaction.atomic():
        derived_refresh(changes=changes)
        data_version_bump()
    changes.applied = True
