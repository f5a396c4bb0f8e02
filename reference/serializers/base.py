"""What every serialiser shares: sources, and references to documents and key points."""

from __future__ import annotations

from django.urls import reverse

from core.bilingual import both
from core.http import iso, text_or_null
from regulations.models import Document, KeyPoint, Source


def codes(cites) -> list[str]:
    """Source codes from a selector's numbered ``(number, source)`` pairs."""
    return [source.code for _number, source in cites]


def source_data(source: Source) -> dict:
    return {
        "code": source.code,
        "title": source.title,
        "title_from_address": source.title_is_slug,
        "publisher": source.publisher,
        "url": text_or_null(source.url),
        "published_on": iso(source.published_on),
        "date_note": text_or_null(source.date_note),
        "language": source.language,
        "machine_translated": source.machine_translated,
        "quality": source.quality,
        "note": both(source, "note"),
    }


def sources_data(cites) -> list[dict]:
    return [source_data(source) for _number, source in cites]


def collected_sources(records: list[dict], listing) -> list[dict]:
    """The sources ``records`` cite (their ``sources`` codes, nested records included), in the
    order of ``listing``: the part of a page's source list that one page of results needs."""
    cited: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    cited.update(code for code in item if isinstance(code, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(records)
    return [source_data(source) for _number, source in listing if source.code in cited]


def document_label(document: Document) -> dict[str, str]:
    return {"vi": document.label_vi, "en": document.label_en}


def document_ref(request, document: Document) -> dict:
    """How one document points to another: enough to name it and follow the link."""
    return {
        "slug": document.slug,
        "label": document_label(document),
        "symbol": text_or_null(document.symbol),
        "status": document.status,
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "json_url": request.build_absolute_uri(
            reverse("regulations:document-detail-json", kwargs={"slug": document.slug})
        ),
    }


def key_point_ref(request, point: KeyPoint | None) -> dict | None:
    """A link to a key point (its document loaded)."""
    if point is None:
        return None
    return {
        "document": point.document.slug,
        "anchor": point.anchor,
        "heading": both(point, "heading"),
        "article_label": both(point, "article_label"),
        "url": request.build_absolute_uri(point.get_absolute_url()),
    }


def key_point_data(request, point: KeyPoint, cites) -> dict:
    """A key point in full. Gaps ("not found in the sources") are key points of kind "gap"
    and have no citation form: there is no provision to cite."""
    return {
        **key_point_ref(request, point),
        "order": point.order,
        "kind": point.kind,
        "article": point.article,
        "clause": text_or_null(point.clause),
        "text": both(point, "text"),
        "caveat": both(point, "caveat"),
        "citation_vi": None if point.is_gap else point.citation_vi,
        "sources": codes(cites),
    }
