"""Serialisers for documents: list rows, and everything the document page shows."""

from __future__ import annotations

from django.urls import reverse

from core.bilingual import both
from core.citations import Cited
from core.http import iso, text_or_null
from reference.selectors.documents import DocumentPage, DocumentRecords, DocumentRows, FieldValue
from reference.serializers.base import codes, document_ref, key_point_data, sources_data
from reference.serializers.glossary import comparison_data
from reference.serializers.records import (
    authority_data,
    band_data,
    criterion_data,
    each,
    framework_data,
    group_data,
    period_data,
    position_row_data,
    standard_data,
    training_data,
)
from regulations.models import Document


def issuer_data(issuer) -> dict | None:
    if issuer is None:
        return None
    return {"slug": issuer.slug, "name": both(issuer, "name"), "abbreviation": text_or_null(issuer.abbreviation)}


def document_core(request, document: Document) -> dict:
    """The fields a row of the documents list shows (issuer and topics loaded)."""
    return {
        **document_ref(request, document),
        "kind": document.kind,
        "kind_name": {"vi": document.kind_vi, "en": document.kind_en},
        "number": document.number,
        "year": document.issue_year,
        "title": both(document, "title"),
        "subject": both(document, "subject"),
        "issuer": issuer_data(document.issuer),
        "issued_on": iso(document.issued_on),
        "effective_on": iso(document.effective_on),
        "is_core": document.is_core,
        "topics": [{"slug": topic.slug, "name": both(topic, "name")} for topic in document.topics.all()],
    }


def document_row_data(request, cited: Cited) -> dict:
    """A row of a documents list with the sources of its metadata (``selectors.document_rows``)."""
    return {**document_core(request, cited.item), "sources": codes(cited.cites)}


def document_rows_data(request, rows: DocumentRows) -> dict:
    return {
        "results": [document_row_data(request, cited) for cited in rows.rows],
        "sources": sources_data(rows.sources),
    }


def _field_data(value: FieldValue) -> dict:
    return {
        "sources": codes(value.cites),
        "disputed_by": [
            {"source": source.code, "note": both(citation, "note")} for _number, source, citation in value.disputes
        ],
        "notes": [{"source": citation.source.code, "note": both(citation, "note")} for citation in value.notes],
    }


def document_records_data(request, records: DocumentRecords) -> dict:
    """The cadre records a document sets out."""
    return {
        "position_groups": each(group_data, request, records.groups),
        "positions": each(position_row_data, request, records.positions),
        "standards": each(standard_data, request, records.standards),
        "assessment_periods": each(period_data, request, records.periods),
        "criteria_frameworks": each(framework_data, request, records.frameworks),
        "criteria": each(criterion_data, request, records.criteria),
        "classification_bands": each(band_data, request, records.bands),
        "authorities": each(authority_data, request, records.authorities),
        "training_groups": each(training_data, request, records.training),
    }


def document_page_data(request, page: DocumentPage) -> dict:
    """Everything the document page shows, from ``selectors.documents.document_page``."""
    document = page.document
    return {
        **document_core(request, document),
        "feed_url": request.build_absolute_uri(reverse("regulations:document-feed", kwargs={"slug": document.slug})),
        "fixture_url": request.build_absolute_uri(
            reverse("regulations:document-fixture", kwargs={"slug": document.slug})
        ),
        "summary": both(document, "summary"),
        "structure": both(document, "structure"),
        "signer": text_or_null(document.signer),
        "signer_role": both(document, "signer_role"),
        "chapters": document.chapters,
        "articles": document.articles,
        "pilot_years": document.pilot_years,
        "pilot_ends_on": iso(page.status.pilot_ends_on),
        "replaced_by": [document_ref(request, other) for other in page.status.replaced_by],
        "replaced_on": iso(page.status.replaced_on),
        "status_checked_on": iso(document.status_checked_on),
        "status_note": both(document, "status_note"),
        "citation_vi": document.citation_vi(),
        "created_at": iso(document.created_at),
        "updated_at": iso(document.updated_at),
        "fields": {key: _field_data(value) for key, value in page.fields.items()},
        "key_points": [key_point_data(request, cited.item, cited.cites) for cited in page.key_points],
        "relations": [
            {
                "kind": line.relation.kind,
                "direction": "outgoing" if line.outgoing else "incoming",
                "document": document_ref(request, line.other),
                "note": both(line.relation, "note"),
                "sources": codes(line.cites),
            }
            for line in page.relations
        ],
        "events": [
            {
                "slug": cited.item.slug,
                "held_on": iso(cited.item.held_on),
                "month_only": cited.item.month_only,
                "title": both(cited.item, "title"),
                "description": both(cited.item, "description"),
                "presided_by": both(cited.item, "presided_by"),
                "sources": codes(cited.cites),
            }
            for cited in page.events
        ],
        "records": document_records_data(request, page.records),
        "what_changed": [comparison_data(request, comparison) for comparison in page.comparisons],
        "sources": sources_data(page.sources),
    }
