"""The documents list and document pages, their JSON twins and the fixture downloads."""

import datetime
import json

import pytest

from reference.services.derived import derived_refresh as refresh_derived
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
    assert "Article 10, Regulation No. 148-QĐ/TW of 23 May 2024" in html
    assert 'href="#source-1"' in html
    assert 'id="source-1"' in html
    assert url("regulations:document-detail", slug="377-qd-tw") in html
    assert "is replaced by" in html
    assert "may suspend" in html
    assert "conflicting source" in html


def test_a_replaced_document_is_dated_by_the_effective_date_of_its_replacement(client):
    # 377's effective date is cited, so the replacement has a date; 377's issue date is shown as such.
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "Replaced from 8 October 2025 by" in html
    assert "(issued 8 October 2025)" in html
    assert "08/10/2025" in client.get(url("regulations:document-detail", "vi", slug="148-qd-tw")).content.decode()


def test_a_replacement_issue_date_is_never_shown_as_the_date_of_replacement(client, scenario):
    old = factories.DocumentFactory(number=4100, issued_on=datetime.date(2017, 12, 19))
    factories.RelationFactory(subject=scenario.d366, object=old, kind="replaces", sources=[scenario.source])
    refresh_derived()
    html = client.get(url("regulations:document-detail", slug=old.slug)).content.decode()
    assert "Replaced by" in html
    assert "(issued 30 August 2025)" in html
    assert "Replaced from" not in html
    assert "do not say from which date the replacement took effect" in html
    assert get_json(client, url("regulations:document-detail-json", slug=old.slug))["replaced_on"] is None


def test_the_pilot_banner_gives_the_pilot_period_as_the_sources_state_it(client):
    html = client.get(url("regulations:document-detail", slug="142-qd-tw")).content.decode()
    assert "a pilot of 50 years from its issue on 23 April 2024" in html
    assert "until" not in html.split('role="note"')[1].split("</div>")[0]


def test_a_checked_document_without_an_effective_date_reads_current_with_the_month_of_the_check(client, scenario):
    scenario.d365.status_checked_on = datetime.date(2026, 11, 1)
    scenario.d365.save()
    refresh_derived()
    scenario.d365.refresh_from_db()
    assert scenario.d365.status == Document.Status.CURRENT
    html = client.get(url("regulations:document-detail", slug="365-qd-tw")).content.decode()
    assert "Current (no replacement reported)" in html
    assert "(last checked November 2026)" in html
    assert "Status not stated" not in html
    vi = client.get(url("regulations:document-detail", "vi", slug="365-qd-tw")).content.decode()
    assert "Hiện hành (chưa thấy văn bản thay thế)" in vi


def test_an_unchecked_document_says_its_standing_was_not_checked(client):
    html = client.get(url("regulations:document-detail", slug="35-ct-tw")).content.decode()
    assert "Standing not checked" in html
    assert "whether it is still in force has not been checked" in html


def test_a_note_on_standing_is_shown_with_its_sources(client, scenario):
    scenario.d142.status_note_en = "No source says whether it still runs."
    scenario.d142.save()
    scenario.d142.citations.create(field="status", source=scenario.other_source)
    response = client.get(url("regulations:document-detail", slug="142-qd-tw"))
    html = response.content.decode()
    banner = html.split('role="note"')[1].split("</div>")[0]
    assert "No source says whether it still runs." in banner
    assert "#source-" in banner
    data = get_json(client, url("regulations:document-detail-json", slug="142-qd-tw"))
    assert_every_citation_is_listed(data)
    assert data["status_note"]["en"] == "No source says whether it still runs."
    assert data["fields"]["status"]["sources"]


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


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_json_names_a_document_without_a_symbol_in_both_languages_whatever_the_address(client, language):
    """The "en" label was the page language's: "Kết luận 20 (2022)" in the Vietnamese twin."""
    factories.DocumentFactory(kind="conclusion", number=20, year=2022, symbol="", slug="ket-luan-20-2022")
    data = get_json(client, f"/{language}/documents/ket-luan-20-2022.json")
    assert data["label"] == {"vi": "Kết luận số 20 (2022)", "en": "Conclusion 20 (2022)"}
    assert data["kind_name"]["en"] == "Conclusion"


def test_the_json_gives_gaps_as_key_points_without_a_citation_form(client):
    data = get_json(client, url("regulations:document-detail-json", slug="366-qd-tw"))
    kinds = {point["anchor"]: point for point in data["key_points"]}
    assert kinds["gap-not-completed"]["kind"] == "gap"
    assert kinds["gap-not-completed"]["citation_vi"] is None
    assert kinds["scope"]["citation_vi"] == "Điều 1, Quy định số 366-QĐ/TW ngày 30/08/2025 của Bộ Chính trị"
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
    labels = {item["model"] for item in json.loads(b"".join(response.streaming_content))}
    assert {"regulations.document", "cadres.authority", "regulations.source"} <= labels
    one = client.get(url("regulations:document-fixture", slug="148-qd-tw"))
    assert one["Content-Disposition"] == 'attachment; filename="cadreref-148-qd-tw.json"'
    objects = json.loads(b"".join(one.streaming_content))
    slugs = {item["fields"].get("slug") for item in objects if item["model"] == "regulations.document"}
    assert slugs == {"148-qd-tw", "377-qd-tw"}  # and the document that replaces it, so the file loads alone
    assert client.get(url("regulations:document-fixture", slug="no-such")).status_code == 404


def test_an_event_known_only_by_its_month_shows_the_month(client, scenario):
    event = factories.EventFactory(held_on=datetime.date(2025, 10, 1), month_only=True, documents=[scenario.d377])
    for path in (url("regulations:document-detail", slug="377-qd-tw"), url("regulations:home")):
        html = client.get(path).content.decode()
        assert '<time datetime="2025-10">October 2025</time>' in html, path
        assert "1 October 2025" not in html, path
    assert (
        get_json(client, url("regulations:document-detail-json", slug="377-qd-tw"))["events"][0]["month_only"]
        is event.month_only
    )


def test_each_key_point_offers_a_prefilled_report_to_the_corrections_address(client, settings):
    settings.CORRECTIONS_EMAIL = "corrections@example.org"
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    report = "mailto:corrections@example.org?subject=Correction%3A%20148-Q%C4%90%2FTW%2C%20"
    assert html.count(report) == html.count('class="kp-head"')
    assert "%2Fen%2Fdocuments%2F148-qd-tw%2F%23art-10" in html  # the page and the key point


def test_without_a_corrections_address_report_an_error_leads_to_the_about_page(client, settings):
    settings.CORRECTIONS_EMAIL = ""
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "mailto:" not in html
    assert html.count(url("regulations:about") + "#report") > html.count('class="kp-head"')
