"""The document-side selectors: one read per page, with one numbering of its sources."""

import datetime

import pytest

from core import data_version
from reference.selectors import documents as selectors
from regulations.models import Document
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def page_for(slug):
    return selectors.document_page(document=selectors.document_for_page(slug=slug))


def test_a_document_page_numbers_its_sources_once_in_order_of_first_citation():
    page = page_for("148-qd-tw")
    numbers = [number for number, _source in page.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    assert page.fields["symbol"].cites == [(1, page.sources[0][1])]
    assert page.fields["signer"].disputes[0][1].code == "S02"
    assert page.provisions[0].cites[0][0] == 1  # the metadata's source, numbered first, again


def test_a_document_page_separates_provisions_from_gaps_and_lists_key_points_in_order():
    page = page_for("366-qd-tw")
    assert [cited.item.anchor for cited in page.provisions] == ["scope"]
    assert [cited.item.anchor for cited in page.gaps] == ["gap-not-completed"]
    assert [cited.item.anchor for cited in page.key_points] == ["scope", "gap-not-completed"]


def test_relations_read_both_ways():
    replaced, replacing = page_for("148-qd-tw"), page_for("377-qd-tw")
    assert [(str(line.verb), line.other.slug, line.outgoing) for line in replaced.relations] == [
        ("is replaced by", "377-qd-tw", False)
    ]
    assert [(str(line.verb), line.other.slug, line.outgoing) for line in replacing.relations] == [
        ("replaces", "148-qd-tw", True)
    ]


def test_a_document_without_relations_is_read_without_asking_for_them(django_assert_num_queries):
    document = selectors.document_for_page(slug=factories.DocumentFactory().slug)
    with django_assert_num_queries(3):  # its citations, key points and their sources
        page = selectors.document_page(document=document)
    assert page.relations == []
    other = factories.DocumentFactory()
    factories.RelationFactory(subject=other, object=document)
    assert [line.other.slug for line in page_for(document.slug).relations] == [other.slug]


def test_the_status_says_what_replaced_a_document_and_when_or_when_a_pilot_ends():
    assert page_for("148-qd-tw").status.replaced_on == datetime.date(2025, 10, 8)
    assert [d.slug for d in page_for("148-qd-tw").status.replaced_by] == ["377-qd-tw"]
    assert page_for("142-qd-tw").status.pilot_ends_on == datetime.date(2074, 4, 23)
    assert page_for("365-qd-tw").status.replaced_by == []


def test_a_document_page_gathers_only_the_kinds_of_record_it_sets_out(django_assert_max_num_queries):
    records = page_for("366-qd-tw").records
    assert [c.item.code for c in records.periods] == ["quarterly"]
    assert [c.item.code for c in records.bands] == ["tot", "khong-hoan-thanh"]
    assert records.positions == records.standards == []
    document = selectors.document_for_page(slug="35-ct-tw")
    with django_assert_max_num_queries(8):
        assert not selectors.document_page(document=document).records


def test_document_rows_carry_the_sources_of_their_metadata_but_not_the_disputing_ones(scenario):
    rows = selectors.document_rows(documents=list(Document.objects.filter(slug__in=["148-qd-tw", "365-qd-tw"])))
    assert {cited.item.slug: [s.code for _n, s in cited.cites] for cited in rows.rows} == {
        "148-qd-tw": ["S01"],
        "365-qd-tw": ["S01"],
    }
    assert [source.code for _n, source in rows.sources] == ["S01"]


def test_the_home_page_lists_the_core_documents_newest_first_and_the_latest_events():
    page = selectors.home_page()
    dates = [document.issued_on for document in page.core]
    assert dates == sorted(dates, reverse=True)
    assert all(document.is_core for document in page.core)
    assert [event.slug for event in page.events] == ["conference-2025"]
    assert page.counts["documents"] == 8


def test_the_home_pages_records_are_read_once_per_data_version(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = selectors.home_page()
    with django_assert_num_queries(0):
        assert selectors.home_page() is first
    factories.DocumentFactory(is_core=True)
    assert selectors.home_page() is first  # an import or admin edit moves the version:
    with django_capture_on_commit_callbacks(execute=True):
        data_version.data_version_bump()
    assert len(selectors.home_page().core) == len(first.core) + 1


def test_the_relations_page_draws_every_document_that_takes_part_in_a_relation():
    page = selectors.relations_page()
    dates = [document.issued_on for document in page.documents]
    assert dates == sorted(dates)
    assert {node.document.slug for node in page.graph.nodes} == {"148-qd-tw", "377-qd-tw"}
    assert len(page.graph.edges) == 1


def test_each_source_says_which_documents_and_how_many_records_of_each_kind_rest_on_it():
    uses = {use.source.code: use for use in selectors.sources_page().uses}
    assert {d.slug for d in uses["S01"].documents} >= {"365-qd-tw", "148-qd-tw"}
    assert len(uses["S01"].documents) == len({d.slug for d in uses["S01"].documents})  # each once
    assert (1, "position") in [(count, str(noun)) for count, noun in uses["S01"].records]
    factories.SourceFactory(code="S98")
    unused = {use.source.code: use for use in selectors.sources_page().uses}["S98"]
    assert (unused.documents, unused.records) == ([], [])


def test_a_source_cited_by_many_documents_names_the_first_few_core_first_and_counts_the_rest(scenario):
    source = factories.SourceFactory(code="S97")
    factories.DocumentFactory.create_batch(selectors.SOURCE_DOCUMENTS_SHOWN + 2, cited=source)
    factories.KeyPointFactory(document=scenario.d365, sources=[source])
    use = {use.source.code: use for use in selectors.sources_page().uses}["S97"]
    assert len(use.documents) == selectors.SOURCE_DOCUMENTS_SHOWN
    assert use.documents[0].slug == "365-qd-tw"
    numbers = [document.number for document in use.documents[1:]]
    assert numbers == sorted(numbers)
    assert use.more_documents == 3


def test_the_graph_spaces_years_in_proportion_and_keeps_whole_labels():
    graph = selectors.relations_page().graph
    years = [year for year, _x in graph.years]
    assert years == list(range(years[0], years[-1] + 1))  # empty years keep their width
    steps = {round(b - a) for (_y1, a), (_y2, b) in zip(graph.years, graph.years[1:], strict=False)}
    assert len(steps) <= 1
    assert all(" ".join(node.lines) == str(node.document.label) for node in graph.nodes)


def test_a_document_page_lists_its_events_oldest_first_even_one_added_since_they_were_kept():
    document = selectors.document_for_page(slug="365-qd-tw")
    kept = [cited.item.slug for cited in selectors.document_page(document=document).events]
    assert kept == ["conference-2025"]
    factories.EventFactory(slug="conference-2019", held_on=datetime.date(2019, 5, 1), documents=[document])
    events = selectors.document_page(document=selectors.document_for_page(slug="365-qd-tw")).events
    assert [cited.item.slug for cited in events] == ["conference-2019", "conference-2025"]


def test_the_sources_are_read_once_per_data_version_and_one_written_since_comes_from_the_database(
    django_assert_num_queries,
):
    from reference.selectors.sources import kept_sources, sources_by_id

    kept = kept_sources()
    with django_assert_num_queries(0):
        assert kept_sources() is kept
    known = next(iter(kept.by_id))
    newer = factories.SourceFactory(code="S96", title="Written since")  # no new data version yet
    with django_assert_num_queries(1):
        found = sources_by_id([known, newer.pk])
    assert found[known] is kept.by_id[known]
    assert found[newer.pk].title == "Written since"
    point = factories.KeyPointFactory(document=Document.objects.get(slug="365-qd-tw"), sources=[newer])
    cited = {cited.item.pk: cited.cites for cited in page_for("365-qd-tw").key_points}
    assert [source.code for _number, source in cited[point.pk]] == ["S96"]
