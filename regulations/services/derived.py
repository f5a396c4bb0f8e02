"""Derived content: normalised numbers, document statuses and the search index.

``loaddata`` and the import service save objects raw, without ``save()``, so every load path
calls ``content_refresh_derived()`` afterwards; edits through the admin reach it through the
receivers in ``regulations.signals``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from regulations.models import Document, Relation
from regulations.search.index import search_index_rebuild, search_index_update


def document_keys_refresh() -> int:
    """Recompute ``number_key`` for every document; returns how many changed."""
    changed = []
    for document in Document.objects.only("pk", "symbol", "number", "number_key"):
        before = document.number_key
        document.refresh_derived()
        if document.number_key != before:
            changed.append(document)
    Document.objects.bulk_update(changed, ["number_key"], batch_size=1000)
    return len(changed)


def document_statuses_refresh(*, today: datetime.date | None = None) -> int:
    """Derive every document's status from the relations and its dates; returns how many changed."""
    today = today or timezone.localdate()
    replaced_ids = set(Relation.objects.filter(kind=Relation.Kind.REPLACES).values_list("object_id", flat=True))
    changed = []
    fields = ("pk", "status", "issued_on", "effective_on", "pilot_years")
    for document in Document.objects.only(*fields):
        status = document.derive_status(replaced=document.pk in replaced_ids, today=today)
        if status != document.status:
            document.status = status
            changed.append(document)
    Document.objects.bulk_update(changed, ["status"], batch_size=1000)
    return len(changed)


@transaction.atomic
def content_refresh_derived(*, changed: set[tuple[str, int]] | None = None) -> dict[str, int]:
    """Bring every derived field and the search index in line with the content.

    ``changed`` (model label, primary key) limits the search index work to what those records
    touch (an admin edit); without it the whole index is rebuilt (an import). Number keys and
    statuses are always recomputed for every document: that is cheap, and one new relation can
    change another document's status.
    """
    return {
        "number_keys": document_keys_refresh(),
        "statuses": document_statuses_refresh(),
        "search_entries": search_index_rebuild() if changed is None else search_index_update(changed),
    }
