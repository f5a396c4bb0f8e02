"""Serialisers for the glossary and the "what changed" pages."""

from __future__ import annotations

from django.urls import reverse

from core.bilingual import both, in_both
from core.http import text_or_null
from reference.selectors.changes import ChangesPage, Comparison
from reference.selectors.glossary import GlossaryPage, TermEntry
from reference.serializers.base import codes, document_ref, key_point_ref, sources_data
from reference.serializers.records import set_out_by
from regulations.models import Change, Term


def term_ref(request, term: Term) -> dict:
    return {"slug": term.slug, "term": both(term, "term"), "url": request.build_absolute_uri(term.get_absolute_url())}


def term_data(request, entry: TermEntry) -> dict:
    term = entry.term
    return {
        **term_ref(request, term),
        "group": term.group,
        "group_name": in_both(Term.Group(term.group).label),
        "order": term.order,
        "match_en": text_or_null(term.match_en),
        "avoid_en": term.avoided,
        "definition": both(term, "definition"),
        "documents": [document_ref(request, document) for document in term.documents.all()],
        "key_points": {
            "vi": [key_point_ref(request, point) for point in entry.key_points_vi],
            "en": [key_point_ref(request, point) for point in entry.key_points_en],
        },
        "confused_with": [term_ref(request, other) for other in term.confused_with.all()],
        "sources": codes(entry.cites),
    }


def glossary_page_data(request, page: GlossaryPage) -> dict:
    """Every term of the glossary, from ``selectors.glossary.glossary_page``."""
    return {
        "count": page.count,
        "results": [term_data(request, entry) for group in page.groups for entry in group.entries],
        "sources": sources_data(page.sources),
    }


def change_data(request, change: Change, cites) -> dict:
    return {
        "anchor": change.anchor,
        "url": request.build_absolute_uri(change.get_absolute_url()),
        "order": change.order,
        "kind": change.kind,
        "kind_name": in_both(Change.Kind(change.kind).label),
        "aspect": both(change, "aspect"),
        "before": both(change, "before"),
        "after": both(change, "after"),
        "caveat": both(change, "caveat"),
        "compared_with": [other.slug for other in change.compared_with.all()],
        **set_out_by(request, change, cites),
    }


def changes_url(request, slug: str, *, json: bool = False) -> str:
    name = "regulations:document-changes-json" if json else "regulations:document-changes"
    return request.build_absolute_uri(reverse(name, kwargs={"slug": slug}))


def comparison_data(request, comparison: Comparison) -> dict:
    """A link to a "what changed" page: the new document and those it is compared with."""
    return {
        "document": document_ref(request, comparison.document),
        "compared_with": [document_ref(request, other) for other in comparison.compared_with],
        "url": changes_url(request, comparison.document.slug),
        "json_url": changes_url(request, comparison.document.slug, json=True),
    }


def changes_page_data(request, page: ChangesPage) -> dict:
    """What changed in a document, from ``selectors.changes.document_changes``."""
    return {
        "document": document_ref(request, page.document),
        "compared_with": [document_ref(request, other) for other in page.compared_with],
        "url": changes_url(request, page.document.slug),
        "points": [change_data(request, cited.item, cited.cites) for cited in page.points],
        "not_told": [change_data(request, cited.item, cited.cites) for cited in page.not_told],
        "sources": sources_data(page.sources),
    }
