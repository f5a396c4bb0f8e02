"""The search selectors: the number reading, one page of full text, sources, suggestions."""

import pytest
from django.core.paginator import InvalidPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference.models import SearchEntry
from reference.selectors.search import search_results, search_suggestions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def search(query, **options):
    options.setdefault("per_page", 50)
    return search_results(query=query, entries=SearchEntry.objects.select_related("document"), **options)


def test_a_number_names_its_documents_and_full_text_runs_beside_it():
    results = search("365")
    assert results.understood.number == 365
    assert [d.slug for d in results.number_match.documents] == ["365-qd-tw"]
    assert results.entries  # "365" is also a word of the document's aliases
    assert results.lands_on is None


def test_a_query_naming_exactly_one_document_can_land_on_it_without_full_text(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        results = search("QĐ 148", land_on_one_number=True)
    assert results.lands_on.slug == "148-qd-tw"
    assert results.entries == []
    assert search("35", land_on_one_number=True).lands_on is None  # two documents: a choice


def test_a_number_that_names_nothing_offers_the_closest_numbers():
    results = search("QĐ 369")
    assert results.number_match.documents == []
    assert [document.number for document in results.near_numbers[:2]] == [366, 365]


def test_full_text_gives_one_page_of_results_with_the_count_and_the_pages():
    results = search("cán bộ", per_page=2)
    assert len(results.entries) == 2
    assert results.count > 2
    assert results.pages == -(-results.count // 2)
    second = search("cán bộ", per_page=2, page=2)
    assert {e.pk for e in second.entries}.isdisjoint(e.pk for e in results.entries)
    with pytest.raises(InvalidPage):
        search("cán bộ", per_page=2, page=results.pages + 1)


def test_a_query_with_typing_mistakes_that_finds_nothing_is_corrected():
    results = search("Genreal Secretray")
    assert results.corrected == "general secretary"
    assert results.entries
    assert results.terms == ["general", "secretary"]
    assert search("Genreal Secretray", exact=True).corrected is None


def test_did_you_mean_only_when_nothing_at_all_is_found():
    assert search("Genreal Secretray", exact=True).did_you_mean
    assert search("General Secretary").did_you_mean == []
    assert search("qwxzvbn").did_you_mean == []


def test_sources_come_for_every_kind_of_result_when_asked(django_assert_max_num_queries):
    results = search("Politburo", with_sources=True)
    kinds = {entry.kind for entry in results.entries}
    assert {"document", "authority"} <= kinds
    assert all(results.sources_of(entry) for entry in results.entries)
    assert search("Politburo").sources == {}


def test_an_empty_query_finds_nothing():
    results = search("")
    assert (results.entries, results.count, results.understood) == ([], 0, None)


def test_suggestions_put_documents_by_number_first_and_stop_at_eight():
    suggestions = search_suggestions(query="QĐ 365")
    assert suggestions[0].url == "/en/documents/365-qd-tw/"
    assert len(search_suggestions(query="cán bộ")) <= 8
    assert search_suggestions(query="c") == []


def test_an_uncounted_search_fetches_the_first_results_without_counting_the_rest():
    with CaptureQueriesContext(connection) as captured:
        results = search("cán bộ", per_page=2, counted=False)
    assert len(results.entries) == 2
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
