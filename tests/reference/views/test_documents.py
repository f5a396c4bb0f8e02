"""The documents list and document pages, their JSON twins and the fixture downloads."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from regulations.models import Document
from tests import factories
from tests.reference.views.helpers import assert_every_citation_is_listed, get_json, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def listed(client, **params):
    response = client.get(url("regulations:document-list"), {**params, "page": 1})
    assert response.status_code == 200
    return {document.slug for document in response.context["paginator"].object_list}


# The list


def test_the_list_shows_every_document_core_first_with_its_status(client):
    response = client.get(url("regulations:document-list"))
    slugs = [document.slug for document in response.context["object_list"]]
    assert set(slugs) == set(Document.objects.values_list("slug", flat=True))
    assert slugs.index("377-qd-tw") < slugs.index("92-2025-nd-cp")
    assert response.content.decode().count('class="badge status-') >= len(slugs)


def test_the_list_is_empty_but_renders_on_an_empty_database(client, empty_database):
    assert client.get(url("regulations:document-list")).status_code == 200
    data = get_json(client, url("regulations:document-list-json"))
    assert (data["count"], data["page"], data["pages"], data["results"], data["sources"]) == (0, 1, 1, [], [])


FILTERS = [
    ({"kind": "directive"}, "35-ct-tw", "365-qd-tw"),
    ({"issuer": "government"}, "92-2025-nd-cp", "365-qd-tw"),
    ({"year": "2024"}, "148-qd-tw", "377-qd-tw"),
    ({"status": "replaced"}, "148-qd-tw", "377-qd-tw"),
    ({"status": "pilot"}, "142-qd-tw", "148-qd-tw"),
    ({"core": "core"}, "365-qd-tw", "35-ct-tw"),
    ({"core": "referenced"}, "35-ct-tw", "365-qd-tw"),
    ({"topic": "standards"}, "365-qd-tw", "366-qd-tw"),
]


@pytest.mark.parametrize(("params", "expected", "excluded"), FILTERS)
def test_the_list_and_its_json_filter_alike(client, params, expected, excluded):
    shown = listed(client, **params)
    data = get_json(client, url("regulations:document-list-json"), params)
    assert {row["slug"] for row in data["results"]} == shown
    assert expected in shown
    assert excluded not in shown


def test_a_year_known_without_a_full_date_is_filtered_by_that_year(client):
    factories.DocumentFactory(slug="quy-dinh-89-2017", number=89, symbol="", issued_on=None, year=2017)
    assert listed(client, year="2017") == {"quy-dinh-89-2017"}


def test_the_list_sorts_by_number(client):
    response = client.get(url("regulations:document-list"), {"sort": "number"})
    numbers = [document.number for document in response.context["object_list"]]
    assert numbers == sorted(numbers)


def test_invalid_filter_values_are_reported_on_the_page_but_are_a_400_in_the_json(client):
    response = client.get(url("regulations:document-list"), {"kind": "nonsense", "year": "abc", "sort": "zzz"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert get_json(client, url("regulations:document-list-json"), {"issuer": "no-such-body"})["count"] == 0
    for params in ({"kind": "novel"}, {"year": "twenty"}, {"year": "2024.5"}, {"kind": ""}, {"issuer": "bad slug!"}):
        data = get_json(client, url("regulations:document-list-json"), params, status=400)
        assert list(data["errors"]) == list(params)
        assert data["status"] == 400


def test_the_json_list_gives_each_document_with_the_sources_of_its_metadata(client):
    data = get_json(client, url("regulations:document-list-json"))
    assert (data["count"], data["page"], data["pages"], data["previous"], data["next"]) == (8, 1, 1, None, None)
    regulation = {row["slug"]: row for row in data["results"]}["365-qd-tw"]
    assert regulation["symbol"] == "365-QĐ/TW"
    assert regulation["kind_name"] == {"vi": "Quy định", "en": "Regulation"}
    assert regulation["issued_on"] == "2025-08-30"
    assert regulation["url"] == "http://localhost/en/documents/365-qd-tw/"
    assert regulation["json_url"] == "http://localhost/en/documents/365-qd-tw.json"
    assert regulation["topics"] == [{"slug": "standards", "name": {"vi": "Tiêu chuẩn", "en": "Standards"}}]
    assert regulation["sources"] == ["S01"]
    assert_every_citation_is_listed(data)


def test_the_lists_page_by_twenty_five_and_fifty_and_a_missing_page_is_a_404(client):
    factories.DocumentFactory.create_batch(70)
    assert client.get(url("regulations:document-list"), {"page": "4"}).status_code == 200
    assert client.get(url("regulations:document-list"), {"page": "5"}).status_code == 404
    first = get_json(client, url("regulations:document-list-json"))
    assert (first["count"], first["pages"], len(first["results"])) == (78, 2, 50)
    assert first["next"] == "http://localhost/en/documents.json?page=2"
    second = get_json(client, first["next"])
    assert second["previous"] == "http://localhost/en/documents.json?page=1"
    assert not {row["slug"] for row in first["results"]} & {row["slug"] for row in second["results"]}
    for page in ("3", "0", "two", ""):
        data = get_json(client, url("regulations:document-list-json"), {"page": page}, status=404)
        assert data == {"status": 404, "detail": "There is no such page of results."}


# One document


def test_the_page_shows_cited_metadata_key_points_relations_records_and_sources(client):
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "148-QĐ/TW" in html
    assert 'id="art-10"' in html
    assert "Điều 10, Quy định số 148-QĐ/TW ngày 23/05/2024" in html
    assert 'href="#source-1"' in html
    assert 'id="source-1"' in html
    assert url("regulations:document-detail", slug="377-qd-tw") in html
    assert "is replaced by" in html
    assert "may suspend" in html
    assert "conflicting source" in html


def test_a_replaced_document_has_a_banner_naming_its_replacement_and_date(client):
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "Replaced on 8 October 2025 by" in html
    assert "08/10/2025" in client.get(url("regulations:document-detail", "vi", slug="148-qd-tw")).content.decode()


def test_the_pilot_banner_gives_the_pilot_period(client):
    html = client.get(url("regulations:document-detail", slug="142-qd-tw")).content.decode()
    assert "Pilot for 50 years from 23 April 2024" in html


def test_what_the_sources_do_not_say_is_shown_as_such(client):
    html = client.get(url("regulations:document-detail", slug="366-qd-tw")).content.decode()
    assert "Not stated in the sources" in html  # the effective date
    assert "What the sources do not say" in html
    assert "machine translation" in html


def test_the_english_page_keeps_the_official_vietnamese_title_marked_as_vietnamese(client):
    html = client.get(url("regulations:document-detail", slug="365-qd-tw")).content.decode()
    assert '<span lang="vi">Quy định về tiêu chuẩn chức danh cán bộ' in html


def test_the_page_lists_the_records_the_document_sets_out_and_its_events(client, scenario):
    html = client.get(url("regulations:document-detail", slug="365-qd-tw")).content.decode()
    assert url("cadres:position-detail", slug="tong-bi-thu") in html
    assert scenario.event.title_en in html
    assert "Politics and ideology" in html


def test_an_unknown_document_is_a_404_in_the_site_style_or_in_json(client):
    response = client.get(url("regulations:document-detail", slug="999-qd-tw"))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    data = get_json(client, url("regulations:document-detail-json", slug="no-such"), status=404)
    assert data == {"status": 404, "detail": "No document has this address."}
    data = get_json(client, url("regulations:document-detail-json", "vi", slug="no-such"), status=404)
    assert data == {"status": 404, "detail": "Không có văn bản nào ở địa chỉ này."}


def test_the_json_gives_facts_with_their_sources_key_points_relations_and_records(client):
    data = get_json(client, url("regulations:document-detail-json", slug="148-qd-tw"))
    assert (data["symbol"], data["status"], data["replaced_on"]) == ("148-QĐ/TW", "replaced", "2025-10-08")
    assert [other["slug"] for other in data["replaced_by"]] == ["377-qd-tw"]
    assert data["fields"]["issued_on"]["sources"] == ["S01"]
    assert [dispute["source"] for dispute in data["fields"]["signer"]["disputed_by"]] == ["S02"]
    assert {"kind": "replaces", "direction": "incoming"}.items() <= data["relations"][0].items()
    assert [authority["action"] for authority in data["records"]["authorities"]] == ["suspend"]
    assert data["feed_url"] == "http://localhost/en/documents/148-qd-tw/feed.atom"
    assert data["fixture_url"] == "http://localhost/en/documents/148-qd-tw/fixture.json"
    assert_every_citation_is_listed(data)


def test_the_json_gives_gaps_as_key_points_without_a_citation_form(client):
    data = get_json(client, url("regulations:document-detail-json", slug="366-qd-tw"))
    kinds = {point["anchor"]: point for point in data["key_points"]}
    assert kinds["gap-not-completed"]["kind"] == "gap"
    assert kinds["gap-not-completed"]["citation_vi"] is None
    assert kinds["scope"]["citation_vi"] == "Điều 1, Quy định số 366-QĐ/TW ngày 30/08/2025"
    assert [point["order"] for point in data["key_points"]] == [1, 2]


def test_unknown_values_are_null_never_guessed(client):
    data = get_json(client, url("regulations:document-detail-json", slug="365-qd-tw"))
    assert (data["effective_on"], data["status"], data["signer"]) == (None, "unknown", None)
    factories.DocumentFactory(slug="quy-dinh-89-2017", number=89, symbol="", issued_on=None, year=2017)
    undated = get_json(client, url("regulations:document-detail-json", slug="quy-dinh-89-2017"))
    assert (undated["symbol"], undated["issued_on"], undated["year"]) == (None, None, 2017)
    assert undated["label"]["en"] == "Regulation 89 (2017)"


def test_the_language_prefix_changes_the_links_but_not_the_bilingual_text(client):
    english = get_json(client, url("regulations:document-detail-json", slug="148-qd-tw"))
    vietnamese = get_json(client, url("regulations:document-detail-json", "vi", slug="148-qd-tw"))
    assert vietnamese["url"] == "http://localhost/vi/documents/148-qd-tw/"
    assert vietnamese["title"] == english["title"]
    assert vietnamese["key_points"][0]["text"] == english["key_points"][0]["text"]


# HTTP behaviour


def test_json_is_open_to_any_origin_and_html_is_not(client):
    assert client.get(url("regulations:document-list-json"))["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(url("regulations:document-list"))


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_only_get_and_head_are_allowed(client, method):
    for name in ("regulations:document-detail", "regulations:document-detail-json"):
        response = getattr(client, method)(url(name, slug="365-qd-tw"))
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert client.head(url(name, slug="365-qd-tw")).status_code == 200


# Downloads


def test_the_whole_dataset_and_one_document_download_as_fixtures(client):
    response = client.get(url("regulations:data-export"))
    assert response["Content-Disposition"].startswith('attachment; filename="cadreref-fixtures-')
    labels = {item["model"] for item in json.loads(response.content)}
    assert {"regulations.document", "cadres.authority", "regulations.source"} <= labels
    one = client.get(url("regulations:document-fixture", slug="148-qd-tw"))
    assert one["Content-Disposition"] == 'attachment; filename="cadreref-148-qd-tw.json"'
    slugs = {item["fields"].get("slug") for item in json.loads(one.content) if item["model"] == "regulations.document"}
    assert slugs == {"148-qd-tw", "377-qd-tw"}  # and the document that replaces it, so the file loads alone
    assert client.get(url("regulations:document-fixture", slug="no-such")).status_code == 404


def test_a_burst_of_export_requests_builds_the_export_once():
    from core.data_version import data_version_read
    from reference.views.documents import _export_for_version

    data_version_read()  # cached, so the threads below need no database
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.2)
        return "[]"

    with ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(lambda _: _export_for_version("burst", build), range(8)))
    assert texts == ["[]"] * 8
    assert len(builds) == 1
