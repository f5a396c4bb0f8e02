"""Serialiser for search results."""

from __future__ import annotations

from django.utils.text import Truncator

from core.bilingual import both
from core.citations import SourceNumbers
from core.http import iso
from reference import registry
from reference.models import SearchEntry
from reference.search.numbers import NumberQuery
from reference.selectors.search import SearchResults
from reference.serializers.base import codes, document_ref, sources_data
from reference.serializers.documents import document_row_data

EXCERPT_LENGTH = 240


def _understood_data(parsed: NumberQuery) -> dict:
    return {
        "number": parsed.number,
        "kinds": sorted(parsed.kinds) if parsed.kinds else [],
        "year": parsed.year,
        "issuer_code": parsed.issuer_code,
        "issued_on": iso(parsed.issued_on),
        "description": parsed.describe(),
    }


def _excerpt(entry: SearchEntry) -> dict[str, str | None]:
    return {
        language: Truncator(getattr(entry, f"body_{language}")).chars(EXCERPT_LENGTH) or None
        for language in ("vi", "en")
    }


def search_results_data(request, results: SearchResults) -> dict:
    """What a search found (selected ``with_sources``): the documents a number query names and
    every result, each with its sources, listed once under ``sources``."""
    numbers = SourceNumbers()
    data: dict = {
        "query": results.query,
        "corrected": results.corrected,
        "without": results.without,
        "understood": _understood_data(results.understood) if results.understood else None,
        "number_match": None,
        "near_numbers": [document_ref(request, d) for d in results.near_numbers],
        "did_you_mean": [
            {"title": both(entry, "title"), "url": request.build_absolute_uri(registry.entry_url(entry))}
            for entry in results.did_you_mean
        ],
    }
    number_rows = results.number_rows
    if number_rows is not None:
        for cited in number_rows.rows:
            numbers.add(source for _number, source in cited.cites)
        data["number_match"] = {
            "relaxed": results.number_match.relaxed,
            "documents": [document_row_data(request, cited) for cited in number_rows.rows],
        }
    rows = []
    for entry in results.entries:
        cited = numbers.add(results.sources_of(entry))
        rows.append(
            {
                "kind": entry.kind,
                "title": both(entry, "title"),
                "excerpt": _excerpt(entry),
                "url": request.build_absolute_uri(registry.entry_url(entry)),
                "json_url": request.build_absolute_uri(registry.entry_json_url(entry)),
                "document": document_ref(request, entry.document) if entry.document else None,
                "sources": codes(cited),
            }
        )
    return {**data, "results": rows, "sources": sources_data(numbers.listing)}
