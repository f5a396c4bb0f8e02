"""The glossary and "what changed" selectors: grouped terms with the provisions that use them,
change points in order with what the sources do not tell apart, in a bounded number of queries."""

import pytest

from core.data_version import data_version_read
from reference.selectors import documents as document_selectors
from reference.selectors import rules
from reference.selectors.changes import comparisons, document_changes
from reference.selectors.glossary import glossary_page
from regulations.models import Change, KeyPoint
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def entries(page):
    return {entry.term.slug: entry for group in page.groups for entry in group.entries}


def test_terms_come_grouped_in_the_order_of_the_groups_then_of_the_terms():
    page = glossary_page()
    assert [group.value for group in page.groups] == ["measures", "discipline"]
    assert [entry.term.slug for entry in page.groups[0].entries] == ["mien-nhiem", "bo-nhiem", "bo-nhiem-lai"]
    assert page.count == 4
    assert [number for number, _source in page.sources] == [1, 2]


def test_a_term_lists_the_provisions_of_its_documents_that_use_it_in_each_language(scenario):
    suspension = entries(glossary_page())["tam-dinh-chi-cong-tac"]
    assert suspension.key_points_vi == [scenario.suspension_duration]
    assert suspension.key_points_en == [scenario.suspension_duration]  # "Suspension", from the stem


def test_a_provision_counts_for_a_term_only_in_the_language_it_uses_the_term_in(scenario):
    point = factories.KeyPointFactory(
        document=scenario.d377, text_vi="Miễn nhiệm cán bộ.", text_en="The cadre leaves office.", sources=[]
    )
    dismissal = entries(glossary_page())["mien-nhiem"]
    assert dismissal.key_points_vi == [point]
    assert dismissal.key_points_en == []


def test_the_longer_term_claims_its_words_and_gaps_and_other_documents_do_not_count(scenario):
    again = factories.KeyPointFactory(document=scenario.d377, text_vi="Bổ nhiệm lại khi hết nhiệm kỳ.", sources=[])
    factories.KeyPointFactory(document=scenario.d377, kind=KeyPoint.Kind.GAP, text_vi="Không rõ bổ nhiệm.")
    factories.KeyPointFactory(document=scenario.d365, text_vi="Bổ nhiệm theo tiêu chuẩn.")
    found = entries(glossary_page())
    assert found["bo-nhiem-lai"].key_points_vi == [again]
    assert found["bo-nhiem"].key_points_vi == []


def test_the_glossary_page_runs_the_same_few_queries_however_many_terms_and_provisions(
    scenario, django_assert_max_num_queries
):
    data_version_read()  # as a worker does once per DATA_STATE_TTL, not once per page
    with django_assert_max_num_queries(5):
        glossary_page()
    for number in range(20):
        term = factories.TermFactory(documents=[scenario.d377, scenario.d148], confused_with=[scenario.dismissal])
        factories.KeyPointFactory(document=scenario.d377, text_vi=f"{term.term_vi} số {number}")
    rules.forget()  # what an import does, by moving the data version
    with django_assert_max_num_queries(5):
        page = glossary_page()
    assert page.count == 24
    assert all(entry.key_points_vi for entry in page.groups[-1].entries)


def test_the_glossary_page_is_read_once_per_data_version(django_assert_num_queries):
    first = glossary_page()
    with django_assert_num_queries(0):
        assert glossary_page() is first


def test_an_empty_glossary_is_an_empty_page(empty_database):
    page = glossary_page()
    assert (page.groups, page.sources, page.count) == ([], [], 0)


# What changed


def changes_of(slug):
    return document_changes(document=document_selectors.document_for_page(slug=slug))


def test_a_changes_page_keeps_what_the_sources_do_not_tell_apart(scenario):
    page = changes_of("377-qd-tw")
    assert [cited.item.anchor for cited in page.points] == ["who-suspends"]
    assert [cited.item.anchor for cited in page.not_told] == ["durations"]
    assert page.compared_with == [scenario.d148]
    assert [(kind, count) for kind, _label, count in page.counts] == [("changed", 1), ("not_told", 1)]
    assert [source.code for _number, source in page.sources] == ["S01", "S02"]


def test_a_document_without_change_points_has_no_changes_page():
    with pytest.raises(Change.DoesNotExist):
        changes_of("365-qd-tw")


def test_the_changes_page_runs_the_same_few_queries_however_many_points(scenario, django_assert_max_num_queries):
    document = document_selectors.document_for_page(slug="377-qd-tw")
    for _ in range(15):
        factories.ChangeFactory(document=scenario.d377, compared_with=[scenario.d148, scenario.d365])
    with django_assert_max_num_queries(4):
        page = document_changes(document=document)
    assert len(page.points) == 16
    assert page.compared_with == [scenario.d148, scenario.d365]


def test_both_documents_know_of_the_comparison(scenario):
    new, old = (document_selectors.document_page(document=scenario.d377), document_selectors.document_page(
        document=document_selectors.document_for_page(slug="148-qd-tw")))  # fmt: skip
    assert new.changes.compared_with == [scenario.d148]
    assert new.changed_in == []
    assert old.changes is None
    assert [comparison.document for comparison in old.changed_in] == [scenario.d377]
    assert [comparison.document for comparison in comparisons()] == [scenario.d377]
