"""The JSON twins of the document pages and of search (regulations.api), in both languages."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from regulations.models import Document, KeyPoint
from tests import factories
from tests.test_query_counts import grow

pytestmark = pytest.mark.django_db

SOURCE_FIELDS = {
    "code",
    "title",
    "title_from_address",
    "publisher",
    "url",
    "published_on",
    "date_note",
    "language",
    "machine_translated",
    "quality",
    "note",
}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def get_json(client, path, params=None, status=200):
    response = client.get(path, params or {})
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def cited_codes(value) -> set[str]:
    """Every source code a response cites anywhere (the ``sources`` lists of its records)."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list) and all(isinstance(code, str) for code in item):
                found.update(item)
            else:
                found |= cited_codes(item)
    elif isinstance(value, list):
        for item in value:
            found |= cited_codes(item)
    return found


def assert_every_citation_is_listed(data):
    listed = {source["code"] for source in data["sources"]}
    assert cited_codes(data) <= listed
    for source in data["sources"]:
        assert set(source) == SOURCE_FIELDS


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("regulations:document-list-json", {}, "/en/documents.json"),
        ("regulations:document-detail-json", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw.json"),
        ("regulations:search-json", {}, "/en/search.json"),
        ("regulations:document-list-feed", {}, "/en/documents/feed.atom"),
        ("regulations:document-feed", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw/feed.atom"),
    ],
)
def test_open_data_url_names_reverse_and_resolve_in_both_languages(name, kwargs, path):
    assert url(name, **kwargs) == path
    assert url(name, "vi", **kwargs) == path.replace("/en/", "/vi/", 1)
    with translation.override("en"):
        assert resolve(path).view_name == name


# The documents list


def test_the_document_list_gives_every_document_with_the_sources_of_its_metadata(client):
    data = get_json(client, url("regulations:document-list-json"))
    assert data["count"] == Document.objects.count()
    assert (data["page"], data["pages"], data["previous"]) == (1, 1, None)
    assert data["next"] is None
    by_slug = {row["slug"]: row for row in data["results"]}
    regulation = by_slug["365-qd-tw"]
    assert regulation["symbol"] == "365-QĐ/TW"
    assert regulation["kind"] == "regulation"
    assert regulation["kind_name"] == {"vi": "Quy định", "en": "Regulation"}
    assert regulation["issued_on"] == "2025-08-30"
    assert regulation["url"] == "http://localhost/en/documents/365-qd-tw/"
    assert regulation["json_url"] == "http://localhost/en/documents/365-qd-tw.json"
    assert regulation["sources"]
    assert_every_citation_is_listed(data)


def test_the_document_list_is_empty_but_well_formed_on_an_empty_database(client, empty_database):
    data = get_json(client, url("regulations:document-list-json"))
    assert (data["count"], data["page"], data["pages"], data["results"], data["sources"]) == (0, 1, 1, [], [])


@pytest.mark.parametrize(
    ("params", "expected", "excluded"),
    [
        ({"kind": "directive"}, "35-ct-tw", "365-qd-tw"),
        ({"issuer": "government"}, None, "365-qd-tw"),
        ({"year": "2024"}, "148-qd-tw", "365-qd-tw"),
        ({"status": "replaced"}, "148-qd-tw", "377-qd-tw"),
        ({"core": "core"}, "365-qd-tw", "35-ct-tw"),
        ({"core": "referenced"}, "35-ct-tw", "365-qd-tw"),
        ({"topic": "suspension-dismissal"}, "148-qd-tw", "145-qd-tw"),
    ],
)
def test_the_document_list_filters_as_the_html_list_does(client, params, expected, excluded):
    data = get_json(client, url("regulations:document-list-json"), params)
    html = client.get(url("regulations:document-list"), params)
    slugs = [row["slug"] for row in data["results"]]
    assert set(slugs) == {document.slug for document in html.context["paginator"].object_list}
    if expected:
        assert expected in slugs
    assert excluded not in slugs


def test_an_unknown_slug_filter_matches_nothing_but_a_malformed_value_is_a_400(client):
    assert get_json(client, url("regulations:document-list-json"), {"issuer": "no-such-body"})["count"] == 0
    for params in ({"kind": "novel"}, {"year": "twenty"}, {"year": "2024.5"}, {"kind": ""}, {"issuer": "bad slug!"}):
        data = get_json(client, url("regulations:document-list-json"), params, status=400)
        assert list(data["errors"]) == list(params)
        assert data["status"] == 400


def test_the_document_list_pages_by_fifty_and_a_missing_page_is_a_json_404(client):
    factories.DocumentFactory.create_batch(70)
    first = get_json(client, url("regulations:document-list-json"))
    total = Document.objects.count()
    assert (first["count"], first["pages"], len(first["results"])) == (total, 3, 50)
    assert first["next"] == "http://localhost/en/documents.json?page=2"
    second = get_json(client, first["next"])
    assert second["previous"] == "http://localhost/en/documents.json?page=1"
    assert not {row["slug"] for row in first["results"]} & {row["slug"] for row in second["results"]}
    filtered = get_json(client, url("regulations:document-list-json"), {"kind": "regulation", "page": 2})
    assert filtered["next"] is None or "kind=regulation" in filtered["next"]
    for page in ("4", "0", "two", ""):
        data = get_json(client, url("regulations:document-list-json"), {"page": page}, status=404)
        assert data == {"status": 404, "detail": "There is no such page of results."}


# One document


def test_a_document_gives_its_facts_with_their_sources_key_points_relations_and_records(client):
    data = get_json(client, url("regulations:document-detail-json", slug="148-qd-tw"))
    assert data["symbol"] == "148-QĐ/TW"
    assert data["status"] == "replaced"
    assert [other["slug"] for other in data["replaced_by"]] == ["377-qd-tw"]
    assert data["replaced_on"] == "2025-10-08"
    assert data["title"]["vi"].startswith("Quy định về thẩm quyền")
    assert data["fields"]["issued_on"]["sources"]
    signer = data["fields"]["signer"]
    assert [dispute["source"] for dispute in signer["disputed_by"]] == ["S59"]
    assert signer["disputed_by"][0]["note"]["en"]
    assert {"kind": "replaces", "direction": "incoming"}.items() <= data["relations"][0].items()
    assert data["records"]["authorities"]
    assert all(authority["action"] == "suspend" for authority in data["records"]["authorities"])
    assert data["feed_url"] == "http://localhost/en/documents/148-qd-tw/feed.atom"
    assert_every_citation_is_listed(data)


def test_a_document_exports_what_the_sources_do_not_say_as_key_points_of_kind_gap(client):
    data = get_json(client, url("regulations:document-detail-json", slug="365-qd-tw"))
    gaps = [point for point in data["key_points"] if point["kind"] == "gap"]
    assert len(gaps) == KeyPoint.objects.gaps().filter(document__slug="365-qd-tw").count()
    assert all(point["citation_vi"] is None and point["sources"] for point in gaps)
    provisions = [point for point in data["key_points"] if point["kind"] == "provision"]
    assert all(point["citation_vi"].endswith("Quy định số 365-QĐ/TW ngày 30/08/2025") for point in provisions)
    assert [point["order"] for point in data["key_points"]] == sorted(point["order"] for point in data["key_points"])
    assert data["key_points"][0]["url"].startswith("http://localhost/en/documents/365-qd-tw/#")


def test_unknown_values_are_null_never_guessed(client):
    data = get_json(client, url("regulations:document-detail-json", slug="365-qd-tw"))
    assert data["effective_on"] is None
    assert data["status"] == "unknown"
    undated = get_json(client, url("regulations:document-detail-json", slug="quy-dinh-89-2017"))
    assert (undated["symbol"], undated["issued_on"], undated["year"]) == (None, None, 2017)
    assert undated["label"]["en"] == "Regulation 89 (2017)"


def test_the_language_prefix_changes_the_links_but_not_the_bilingual_text(client):
    english = get_json(client, url("regulations:document-detail-json", slug="377-qd-tw"))
    vietnamese = get_json(client, url("regulations:document-detail-json", "vi", slug="377-qd-tw"))
    assert vietnamese["url"] == "http://localhost/vi/documents/377-qd-tw/"
    assert vietnamese["title"] == english["title"]
    assert vietnamese["key_points"][0]["text"] == english["key_points"][0]["text"]


def test_an_unknown_document_is_a_json_404_in_both_languages(client):
    for language in ("vi", "en"):
        data = get_json(client, url("regulations:document-detail-json", language, slug="no-such-document"), status=404)
        assert data["status"] == 404
    get_json(client, "/en/documents/not%20a%20slug.json", status=404)


# Search


def test_a_number_query_lists_the_documents_it_names_and_what_was_understood_without_redirecting(client):
    data = get_json(client, url("regulations:search-json"), {"q": "365-QĐ/TW"})
    assert data["understood"]["number"] == 365
    assert data["understood"]["kinds"] == ["decision", "regulation"]
    assert [document["slug"] for document in data["number_match"]["documents"]] == ["365-qd-tw"]
    assert data["number_match"]["relaxed"] is False
    assert data["number_match"]["documents"][0]["sources"]
    assert_every_citation_is_listed(data)


def test_a_number_that_names_nothing_suggests_close_numbers(client):
    data = get_json(client, url("regulations:search-json"), {"q": "369"})
    assert data["number_match"]["documents"] == []
    assert "368-qd-tw" in {document["slug"] for document in data["near_numbers"]}


def test_full_text_results_carry_the_sources_of_the_records_they_find(client):
    data = get_json(client, url("regulations:search-json"), {"q": "tạm đình chỉ"})
    assert data["understood"] is None
    assert len(data["results"]) == min(data["count"], 50) > 0
    assert {"document", "key_point"} <= {result["kind"] for result in data["results"]}
    assert all(result["sources"] for result in data["results"])
    assert_every_citation_is_listed(data)
    authorities = get_json(client, url("regulations:search-json"), {"q": "suspend", "type": "authority"})
    assert authorities["results"][0]["json_url"] == "http://localhost/en/authorities.json"
    assert all(result["sources"] for result in authorities["results"])


def test_search_filters_narrow_the_results_and_an_empty_query_finds_nothing(client):
    data = get_json(client, url("regulations:search-json"), {"q": "suspend", "type": "authority"})
    assert {result["kind"] for result in data["results"]} == {"authority"}
    empty = get_json(client, url("regulations:search-json"))
    assert (empty["query"], empty["count"], empty["results"]) == ("", 0, [])
    assert get_json(client, url("regulations:search-json"), {"q": "x", "type": "poem"}, status=400)["errors"]


@pytest.mark.parametrize("misspelled", ["tieu chaun", "refresher trainng"])
def test_words_that_match_nothing_get_did_you_mean_suggestions(client, misspelled):
    data = get_json(client, url("regulations:search-json"), {"q": misspelled})
    assert (data["count"], data["results"]) == (0, [])
    assert data["did_you_mean"]
    assert all(suggestion["url"].startswith("http://localhost/en/") for suggestion in data["did_you_mean"])
    assert get_json(client, url("regulations:search-json"), {"q": "qwxzvbn"})["did_you_mean"] == []


# HTTP behaviour


def test_json_is_open_to_any_origin_and_html_is_not(client):
    assert client.get(url("regulations:document-list-json"))["Access-Control-Allow-Origin"] == "*"
    assert client.get(url("regulations:search-json"), {"page": "9"})["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(url("regulations:document-list"))


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_only_get_and_head_are_allowed(client, method):
    response = getattr(client, method)(url("regulations:document-detail-json", slug="365-qd-tw"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(url("regulations:document-detail-json", slug="365-qd-tw")).status_code == 200


def test_a_json_url_has_an_etag_and_answers_304_while_the_data_is_unchanged(client):
    path = url("regulations:document-detail-json", slug="365-qd-tw")
    response = client.get(path)
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get(path).headers.get("X-Cache") == "hit"


def count_queries(client, path, params=None):
    cache.clear()  # the data version and the page cache: count a full render every time
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(context.captured_queries)


def test_the_json_runs_the_same_number_of_queries_on_ten_times_the_data(client):
    requests = [
        (url("regulations:document-list-json"), None),
        (url("regulations:document-list-json"), {"page": "2"}),
        (url("regulations:document-detail-json", slug="365-qd-tw"), None),
        (url("regulations:search-json"), {"q": "tạm đình chỉ"}),
        (url("regulations:search-json"), {"q": "365"}),
        (url("regulations:search-json"), {"q": "test"}),
    ]
    grow(1)
    before = [count_queries(client, path, params) for path, params in requests]
    grow(10)
    after = [count_queries(client, path, params) for path, params in requests]
    assert after == before
