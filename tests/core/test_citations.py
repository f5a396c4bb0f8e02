"""Numbered citations: every fact on a page points into the page's one numbered source list."""

from types import SimpleNamespace

from core.citations import SourceNumbers


def source(pk):
    return SimpleNamespace(pk=pk, code=f"S{pk}")


def test_sources_are_numbered_in_order_of_first_citation_and_keep_their_number():
    numbers = SourceNumbers()
    a, b, c = source(10), source(2), source(7)
    assert numbers.add([a, b]) == [(1, a), (2, b)]
    assert numbers.add([c, a]) == [(1, a), (3, c)]
    assert numbers.listing == [(1, a), (2, b), (3, c)]


def test_a_page_without_citations_lists_no_sources():
    numbers = SourceNumbers()
    assert numbers.add([]) == []
    assert numbers.listing == []
