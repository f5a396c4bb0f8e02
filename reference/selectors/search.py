"""Reads for search: one selector answers the search page and its JSON twin, another the
suggestions shown while typing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import CharField, QuerySet, Value

from core import text
from reference import registry
from reference.models import SearchEntry
from reference.search import numbers as number_search
from reference.search import spelling
from reference.search.query import (
    SearchBusy,
    SearchTimedOut,
    query_terms,
    search_entries,
    similar_titles,
    time_limited,
    written_forms,
)
from reference.search.vocabulary import is_syllabic
from reference.selectors.documents import DocumentRows, document_rows
from reference.selectors.sources import sources_by_id
from regulations.models import Document, Source


@dataclass
class SearchResults:
    """What a search found.

    ``understood`` and ``number_match`` are set when the query is a document number (any
    written form); ``near_numbers`` when that number names nothing. ``entries`` is one page of
    full-text results, best first, out of ``count``; when the query as typed found nothing and
    a corrected one did (``spelling``), ``corrected`` is that query and the results, ``terms``
    included, are its own; when neither did but the query without one word did, ``without``
    is that word as typed and the results are the shorter query's; ``did_you_mean`` offers
    titles close to a query that found nothing at all. With ``with_sources``, ``sources`` gives
    each entry's sources and ``number_rows`` the documents a number names, with their
    metadata's sources.
    """

    query: str
    terms: list[str]
    syllabic: bool = False
    understood: number_search.NumberQuery | None = None
    number_match: number_search.NumberMatch | None = None
    near_numbers: list[Document] = field(default_factory=list)
    entries: list[SearchEntry] = field(default_factory=list)
    count: int = 0
    page_number: int = 1
    pages: int = 1
    timed_out: bool = False
    busy: bool = False
    # The answer is what a slow moment allowed, not what the data gives: not to be cached.
    partial: bool = False
    did_you_mean: list[SearchEntry] = field(default_factory=list)
    sources: dict[tuple[str, int], list[Source]] = field(default_factory=dict)
    number_rows: DocumentRows | None = None
    lands_on: Document | None = None
    corrected: str | None = None
    # When nothing has every word (and no correction helps): the typed words left out of the
    # query whose results these are; never an exact match.
    without: str | None = None
    # How the query's terms were written, for highlighting (``query.written_forms``).
    forms: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def sources_of(self, entry: SearchEntry) -> list[Source]:
        return self.sources.get((entry.kind, entry.object_id), [])


def search_results(
    *,
    query: str,
    entries: QuerySet,
    page: int | str = 1,
    per_page: int,
    with_sources: bool = False,
    land_on_one_number: bool = False,
    counted: bool = True,
    exact: bool = False,
) -> SearchResults:
    """Search ``entries`` (the index, narrowed by the page's filters) for ``query`` (already
    cleaned): its number reading and one page of full-text results. Raises the paginator's
    ``InvalidPage`` for a page that does not exist; a search that runs past its time budget
    (``time_limited``) comes back empty with ``timed_out`` set, one that found every search
    slot of the process taken with ``busy`` set, and the "did you mean" suggestions get only
    what is left of the budget.

    With ``land_on_one_number``, a query that names exactly one document by everything typed
    stops there: ``lands_on`` is that document and no full text is run (the page goes to it).
    Without ``counted``, only the first ``per_page`` results are fetched and nothing counts the
    rest: on PostgreSQL a count ranks every candidate again. With ``exact``, a query that finds
    nothing is not corrected (the "search exactly as typed" link).
    """
    terms = query_terms(query) if query else []
    results = SearchResults(query=query, terms=terms, syllabic=is_syllabic(query, terms))
    parsed = number_search.parse_number_query(query) if query else None
    if parsed:
        results.understood = parsed
        results.number_match = number_search.documents_for_number(parsed)
        match = results.number_match
        if land_on_one_number and len(match.documents) == 1 and not match.relaxed:
            results.lands_on = match.documents[0]
            return results
        if not match.documents:
            results.near_numbers = number_search.numbers_near(parsed.number)
    deadline = time.monotonic()
    try:
        with time_limited() as deadline:
            _fetch(
                results, search_entries(query, entries) if results.terms else entries.none(), page, per_page, counted
            )
    except SearchBusy:
        results.busy = True
    except SearchTimedOut:
        results.timed_out = True
    if results.terms and not results.entries and not parsed and not exact and not (results.busy or results.timed_out):
        if spelling.vocabulary_built(wait=deadline - time.monotonic()):
            _correct(results, entries, deadline, page, per_page, counted)
            if not results.entries:
                _without_one_word(results, entries, deadline, page, per_page, counted)
        else:
            # The words to correct with are still being read (once per data version, in a
            # thread): this answer goes without corrections and is not kept.
            results.partial = True
    if query and not results.entries and not parsed and not results.timed_out and not results.busy:
        # What is left of the same budget; suggestions that do not fit in it are left out.
        remaining = max(1, int((deadline - time.monotonic()) * 1000))
        try:
            with time_limited(remaining) as fallback_deadline:
                results.did_you_mean = similar_titles(query, deadline=fallback_deadline)
            results.partial = results.partial or time.monotonic() > fallback_deadline
        except SearchTimedOut:
            results.did_you_mean = []
            results.partial = True
    results.partial = results.partial or results.timed_out
    results.forms = _written_forms(results)
    if with_sources:
        results.sources = entry_sources(results.entries)
        if results.number_match:
            results.number_rows = document_rows(documents=results.number_match.documents)
    return results


def _correct(
    results: SearchResults, entries: QuerySet, deadline: float, page: int | str, per_page: int, counted: bool
) -> None:
    """Search again with typing mistakes corrected (``spelling``), within what is left of the
    budget (the vocabulary, ``spelling.vocabulary_built``, is there)."""
    try:
        with time_limited(max(1, int((deadline - time.monotonic()) * 1000))):
            corrected = spelling.corrected_query(results.query, lambda trial: search_entries(trial, entries).exists())
            if corrected:
                _fetch(results, search_entries(corrected, entries), page, per_page, counted)
                terms = query_terms(corrected)
                results.corrected, results.terms, results.syllabic = corrected, terms, is_syllabic(corrected, terms)
    except SearchTimedOut:
        pass  # Then the query as typed stands: it found nothing, and "did you mean" may help.


def _without_one_word(
    results: SearchResults, entries: QuerySet, deadline: float, page: int | str, per_page: int, counted: bool
) -> None:
    """Search again without the one word no record has with the others
    (``spelling.query_without_one_word``), within what is left of the budget."""
    try:
        with time_limited(max(1, int((deadline - time.monotonic()) * 1000))):
            found = spelling.query_without_one_word(
                results.query, lambda trial: search_entries(trial, entries).exists()
            )
            if found:
                _fetch(results, search_entries(found.query, entries), page, per_page, counted)
                terms = query_terms(found.query)
                results.without, results.terms = found.left_out, terms
                results.syllabic = is_syllabic(found.query, terms)
    except SearchTimedOut:
        pass  # Then nothing has every word, and "did you mean" may help.


def _written_forms(results: SearchResults) -> dict[str, set[tuple[str, str]]]:
    """How the words of the query the results are for were typed; a word the correction put
    in is folded, so it is matched (and marked) folded."""
    if not results.corrected:
        return written_forms(results.query)
    typed = set(results.query.split())
    put_in = frozenset(
        word for written in results.corrected.split() if written not in typed for word in text.words(written)
    )
    return written_forms(results.corrected, loose=put_in)


def _fetch(results: SearchResults, found: QuerySet, page: int | str, per_page: int, counted: bool) -> None:
    if counted:
        one_page = Paginator(found, per_page).page(page)
        results.entries = list(one_page.object_list)
        results.count, results.page_number = one_page.paginator.count, one_page.number
        results.pages = one_page.paginator.num_pages
    else:
        results.entries = list(found[:per_page])
        results.count = len(results.entries)


def entry_sources(entries: list[SearchEntry]) -> dict[tuple[str, int], list[Source]]:
    """The sources of the record behind each entry, in one query whatever the kinds found:
    the (kind, record, source id) links of every searchable kind in one UNION; the sources
    themselves are the kept ones (``kept_sources``)."""
    if not entries:
        return {}
    ids: dict[str, list[int]] = {}
    for entry in entries:
        ids.setdefault(entry.kind, []).append(entry.object_id)
    parts = []
    # Link tables without a default ordering first: the first part's model orders the UNION,
    # and document citations have one (which a UNION cannot use).
    for kind in sorted(registry.searchable(), key=lambda kind: kind.citations is not None):
        links, owner = kind.citation_links()
        parts.append(
            links.filter(**{f"{owner}__in": ids.get(kind.search.kind, [])})
            .annotate(entry_kind=Value(kind.search.kind, output_field=CharField()))
            .values_list("entry_kind", owner, "source_id")
            .order_by()
        )
    links = list(parts[0].union(*parts[1:], all=True))
    sources = sources_by_id({source_id for _kind, _record, source_id in links})
    rows = [(entry_kind, record, sources[source_id]) for entry_kind, record, source_id in links]
    found: dict[tuple[str, int], list[Source]] = {}
    for entry_kind, record, source in sorted(rows, key=lambda row: row[2].code):
        cited = found.setdefault((entry_kind, record), [])
        if source not in cited:
            cited.append(source)
    return found


@dataclass
class Suggestion:
    kind: str
    label: str
    url: str


SUGGESTIONS = 8


def search_suggestions(*, query: str) -> list[Suggestion]:
    """Up to eight suggestions while typing: documents by number first, then titles."""
    suggestions: list[Suggestion] = []
    if len(query) < 2:
        return suggestions
    parsed = number_search.parse_number_query(query)
    if parsed:
        for document in number_search.documents_for_number(parsed).documents[:5]:
            suggestions.append(
                Suggestion(
                    kind=str(registry.search_kind("document").search.label),
                    label=f"{document.label} — {document.heading}",
                    url=document.get_absolute_url(),
                )
            )
    if query_terms(query):
        try:
            with time_limited():
                entries = list(search_entries(query)[: SUGGESTIONS - len(suggestions)])
        except SearchTimedOut:
            entries = []
        suggestions += [
            Suggestion(kind=entry.get_kind_display(), label=entry.title, url=registry.entry_url(entry))
            for entry in entries
        ]
    return suggestions[:SUGGESTIONS]
