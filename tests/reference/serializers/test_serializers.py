"""Serialisers turn a selector's result into JSON and run no query: what they read is loaded."""

import pytest
from django.test import RequestFactory

from reference.models import SearchEntry
from reference.selectors import assessment, authorities, documents, positions, search, standards
from reference.selectors.changes import document_changes
from reference.selectors.glossary import glossary_page
from reference.serializers import documents as document_serializers
from reference.serializers import glossary as glossary_serializers
from reference.serializers import records
from reference.serializers import search as search_serializers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


@pytest.fixture
def request_():
    return RequestFactory().get("/en/", HTTP_HOST="localhost")


@pytest.mark.parametrize("slug", ["365-qd-tw", "366-qd-tw", "148-qd-tw", "377-qd-tw", "92-2025-nd-cp"])
def test_a_document_page_serialises_without_a_query(request_, django_assert_num_queries, slug):
    page = documents.document_page(document=documents.document_for_page(slug=slug))
    with django_assert_num_queries(0):
        data = document_serializers.document_page_data(request_, page)
    assert data["slug"] == slug
    assert data["url"] == f"http://localhost/en/documents/{slug}/"


def test_document_rows_serialise_without_a_query(request_, django_assert_num_queries):
    rows = documents.document_rows(documents=list(documents.documents_for_list()))
    with django_assert_num_queries(0):
        data = document_serializers.document_rows_data(request_, rows)
    assert len(data["results"]) == 8
    assert [source["code"] for source in data["sources"]] == ["S01"]


@pytest.mark.parametrize("slug", ["tong-bi-thu", "thu-truong", "chuyen-gia-cao-cap"])
def test_a_position_card_serialises_without_a_query(request_, django_assert_num_queries, slug):
    card = positions.position_card(position=positions.position_for_page(slug=slug))
    with django_assert_num_queries(0):
        data = records.position_card_data(request_, card)
    assert data["slug"] == slug


def test_the_cadre_pages_serialise_without_a_query(request_, django_assert_num_queries):
    position_list = positions.position_list()
    standards_page = standards.standards_page()
    assessment_page = assessment.assessment_page()
    authorities_page = authorities.authorities_page(authorities=authorities.authorities_for_list())
    with django_assert_num_queries(0):
        listed = records.position_list_data(request_, position_list, position_list.positions)
        standards_data = records.standards_page_data(request_, standards_page)
        assessment_data = records.assessment_page_data(request_, assessment_page)
        authorities_data = records.each(records.authority_data, request_, authorities_page.authorities)
    assert [row["slug"] for row in listed["results"]] == ["tong-bi-thu", "thu-truong", "chuyen-gia-cao-cap"]
    assert standards_data["common"][0]["slug"] == "chinh-tri-tu-tuong"
    assert assessment_data["classification_bands"][0]["max_score_exclusive"] == 90
    assert authorities_data[0]["actor"] == {"vi": "Bộ Chính trị", "en": "Politburo"}


@pytest.mark.parametrize("query", ["Politburo", "35", "QĐ 9999"])
def test_search_results_serialise_without_a_query(request_, django_assert_num_queries, query):
    results = search.search_results(
        query=query, entries=SearchEntry.objects.select_related("document"), per_page=50, with_sources=True
    )
    with django_assert_num_queries(0):
        data = search_serializers.search_results_data(request_, results)
    cited = {
        code
        for row in [*data["results"], *(data["number_match"] or {}).get("documents", [])]
        for code in row["sources"]
    }
    assert cited == {source["code"] for source in data["sources"]}


def test_what_the_sources_leave_out_is_null_and_text_kept_in_both_languages_is_an_object(request_):
    page = documents.document_page(document=documents.document_for_page(slug="365-qd-tw"))
    data = document_serializers.document_page_data(request_, page)
    assert data["effective_on"] is None
    assert data["signer"] is None
    assert data["title"] == {"vi": "Quy định về tiêu chuẩn chức danh cán bộ", "en": page.document.title_en}
    assert data["structure"] == {"vi": None, "en": None}


def test_the_glossary_and_a_changes_page_serialise_without_a_query(request_, django_assert_num_queries):
    glossary = glossary_page()
    changes = document_changes(document=documents.document_for_page(slug="377-qd-tw"))
    with django_assert_num_queries(0):
        terms = glossary_serializers.glossary_page_data(request_, glossary)
        points = glossary_serializers.changes_page_data(request_, changes)
    assert terms["count"] == 4
    assert [point["anchor"] for point in points["points"] + points["not_told"]] == ["who-suspends", "durations"]
