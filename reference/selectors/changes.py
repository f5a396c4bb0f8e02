"""Reads for the "what changed" pages: a document set point by point beside the ones it replaced,
and which documents have such a page (for the links to it from documents and relations)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from core.citations import Cited, SourceNumbers
from regulations.models import Change, Document, Source


@dataclass
class Comparison:
    """A document with a "what changed" page, and the documents its points compare it with."""

    document: Document
    compared_with: list[Document] = field(default_factory=list)


@dataclass
class ChangesPage:
    document: Document
    compared_with: list[Document]
    # The points that say what was added, removed, changed or kept, in their order.
    points: list[Cited]
    # The points where the sources do not tell.
    not_told: list[Cited]
    # (kind, label, how many) for each kind present, in the order of ``Change.Kind``.
    counts: list[tuple[str, str, int]]
    sources: list[tuple[int, Source]]


def document_changes(*, document: Document) -> ChangesPage:
    """The change points of ``document`` (from ``documents.document_for_page``) with their
    sources numbered, the documents they compare it with, and the key points they rest on;
    DoesNotExist if it has none. Four queries whatever the number of points."""
    changes = list(document.changes.select_related("key_point__document").prefetch_related("compared_with", "sources"))
    if not changes:
        raise Change.DoesNotExist(f"{document.slug} has no change points")
    compared: dict[int, Document] = {}
    for change in changes:
        for other in change.compared_with.all():
            compared.setdefault(other.pk, other)
    numbers = SourceNumbers()
    cited = [Cited(change, numbers.add(change.sources.all())) for change in changes]
    counts = [
        (value, label, sum(1 for change in changes if change.kind == value))
        for value, label in Change.Kind.choices
        if any(change.kind == value for change in changes)
    ]
    return ChangesPage(
        document=document,
        compared_with=sorted(compared.values(), key=_issue_order),
        points=[c for c in cited if c.item.kind != Change.Kind.NOT_TOLD],
        not_told=[c for c in cited if c.item.kind == Change.Kind.NOT_TOLD],
        counts=counts,
        sources=numbers.listing,
    )


def _issue_order(document: Document):
    return (document.issued_on is None, document.issued_on, document.number)


def comparisons(*, document: Document | None = None) -> list[Comparison]:
    """The documents that have a "what changed" page, each with the documents its points
    compare it with, newest first; with ``document``, only the comparisons it is part of (as
    the new document or as one compared with). One query."""
    links = Change.compared_with.through.objects.select_related("change__document", "document")
    if document is not None:
        links = links.filter(Q(change__document=document) | Q(document=document))
    found: dict[int, Comparison] = {}
    for link in links.order_by("change__document_id", "change__order", "document_id"):
        comparison = found.setdefault(link.change.document_id, Comparison(link.change.document))
        if link.document not in comparison.compared_with:
            comparison.compared_with.append(link.document)
    for comparison in found.values():
        comparison.compared_with.sort(key=_issue_order)
    return sorted(found.values(), key=lambda comparison: _issue_order(comparison.document), reverse=True)
