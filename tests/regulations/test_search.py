"""The search box: number queries, full text, filters, suggestions, and hostile input.

The golden queries in ``search_golden.json`` pin what a person typing into the box must get;
they run against the real reference data on whichever database the suite uses, so the same
file checks that SQLite and PostgreSQL agree.
"""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regulations.models import SearchEntry
from regulations.search.index import search_index_rebuild
from regulations.search.query import clean_query

GOLDEN = json.loads((Path(__file__).with_name("search_golden.json")).read_text("utf-8"))
SEARCH = "/en/search/"
SUGGEST = "/en/search/suggest.json"
FIRST_RESULT = re.compile(r'<ol class="results">\s*<li>\s*<a href="([^"]+)"')
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HOSTILE = [
    "'); DROP TABLE regulations_searchentry; --",
    "&|!:*()<>",
    "!!!",
    "a & | b",
    "'\"\\",
    "%_%",
    "\x00365\x00",
    "\x00",
    "\u0301\u0300\u0303",
    "\u0300" * 500,
    "📜🔍 tiêu chuẩn 🇻🇳",
    "\ufeff\u200b\u202e",
    "x" * 10_000,
    "365 " * 3_000,
    "-",
    "-tiêu",
    '"unclosed phrase',
    "or or or",
    "1" * 40,
    "9" * 10,
    "31/02/2025",
    "<script>alert(1)</script>",
    "tiêu:* & chuẩn",
]


def _golden(key):
    return [pytest.param(item, id=item["query"]) for item in GOLDEN["queries"] if key in item]


def _expected_url(first):
    with translation.override("en"):
        kind, target = first["kind"], first["target"]
        if kind in {"document", "key_point"}:
            url = reverse("regulations:document-detail", kwargs={"slug": target})
        elif kind == "position":
            url = reverse("cadres:position-detail", kwargs={"slug": target})
        elif kind == "standard":
            url = reverse("cadres:standard-list") + f"#{target}"
        elif kind in {"criterion", "band"}:
            url = reverse("cadres:assessment") + f"#{target}"
        else:
            url = reverse("cadres:authority-list") + f"#{target}"
    return url + (f"#{first['anchor']}" if first.get("anchor") else "")


def _document_url(slug):
    return f"/en/documents/{slug}/"


def _search(client, query, **filters):
    return client.get(SEARCH, {"q": query, **filters})


# The golden queries


def test_the_golden_file_covers_at_least_seventy_queries_of_every_sort():
    queries = GOLDEN["queries"]
    assert len(queries) >= 70
    assert len({item["query"] for item in queries}) == len(queries)
    assert {"redirect", "choices", "first"} <= {key for item in queries for key in item}


@pytest.mark.django_db
@pytest.mark.parametrize("item", _golden("redirect") + _golden("choices") + _golden("first"))
def test_golden_queries_find_the_expected_first_result(client, item):
    response = _search(client, item["query"])
    if "redirect" in item:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == _document_url(item["redirect"])
        assert parse_qs(location.query)["searched"] == [clean_query(item["query"])]
    elif "choices" in item:
        assert response.status_code == 200
        section = response.content.decode().split('id="numbered-heading"')[1].split("</section>")[0]
        listed = set(re.findall(r'<a href="/en/documents/([^/"]+)/"', section))
        assert listed == set(item["choices"])
    else:
        assert response.status_code == 200
        first = FIRST_RESULT.search(response.content.decode())
        assert first, "no full-text result"
        assert first.group(1) == _expected_url(item["first"]), item["why"]


# Number queries


@pytest.mark.django_db
def test_search_for_bare_number_redirects_to_the_regulation(client):
    response = _search(client, "365")
    assert response.status_code == 302
    assert response["Location"] == "/en/documents/365-qd-tw/?searched=365"


@pytest.mark.django_db
def test_the_document_page_says_how_the_number_query_was_understood(client):
    page = client.get(_search(client, "Quy dinh so 365")["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert "You searched for “Quy dinh so 365”." in content
    assert "Number 365 · Quy định — Regulation" in content
    assert "Search as words instead" in content


@pytest.mark.django_db
def test_the_vietnamese_search_redirects_to_the_vietnamese_document_page(client):
    response = client.get("/vi/search/", {"q": "KL 198"})
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/documents/198-kl-tw/?searched=")


@pytest.mark.django_db
def test_an_ambiguous_number_shows_a_choice_between_both_documents(client):
    response = _search(client, "35")
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 documents have this number: which one do you mean?" in content
    assert 'href="/en/documents/35-kl-tw/"' in content
    assert 'href="/en/documents/35-ct-tw/"' in content
    assert "Number 35" in content


@pytest.mark.django_db
def test_a_number_of_the_wrong_kind_offers_the_documents_with_that_number(client):
    response = _search(client, "Kết luận 365")
    content = response.content.decode()
    assert response.status_code == 200
    assert "No document fits everything you typed; these have the same number" in content
    assert 'href="/en/documents/365-qd-tw/"' in content


@pytest.mark.django_db
def test_an_unknown_number_says_so_and_offers_close_numbers(client):
    response = _search(client, "QĐ 9999")
    content = response.content.decode()
    assert response.status_code == 200
    assert "No document numbered 9999 is in CadreRef." in content
    close = content.split("Close numbers:")[1].split("</ul>")[0]
    assert 'href="/en/documents/377-qd-tw/"' in close


@pytest.mark.django_db
def test_a_mistyped_number_offers_the_documents_one_slip_away_first(client):
    content = _search(client, "Quy định 356").content.decode()
    assert "No document numbered 356 is in CadreRef." in content
    close = re.findall(r'href="/en/documents/([^/"]+)/"', content.split("Close numbers:")[1])
    assert close[:2] == ["365-qd-tw", "366-qd-tw"]


@pytest.mark.django_db
def test_a_filter_keeps_a_number_query_on_the_search_page(client):
    response = _search(client, "365", type="document")
    assert response.status_code == 200
    assert 'href="/en/documents/365-qd-tw/"' in response.content.decode()


# Full text


@pytest.mark.django_db
def test_full_text_results_are_grouped_by_kind_with_the_best_group_first(client):
    content = _search(client, "Prosecutor General").content.decode()
    headings = re.findall(r'<h2 id="group-([a-z_]+)">', content)
    assert headings[0] == "position"
    assert len(headings) == len(set(headings)) > 1


@pytest.mark.django_db
def test_full_text_results_highlight_the_words_that_matched(client):
    content = client.get("/vi/search/", {"q": "tam dinh chi"}).content.decode()
    assert "<mark>tạm</mark> <mark>đình</mark> <mark>chỉ</mark>" in content
    english = _search(client, "suspension").content.decode()
    assert "<mark>suspension</mark>" in english


@pytest.mark.django_db
def test_highlighting_escapes_the_query_and_the_text_around_the_marks(client):
    content = client.get("/vi/search/", {"q": "<b>tiêu chuẩn</b>"}).content.decode()
    assert "<b>" not in content
    assert "&lt;b&gt;tiêu chuẩn&lt;/b&gt;" in content
    assert "<mark>Tiêu</mark> <mark>chuẩn</mark>" in content


@pytest.mark.django_db
def test_a_key_point_result_links_to_its_anchor_on_the_document_page(client):
    content = _search(client, "maximum duration").content.decode()
    assert 'href="/en/documents/148-qd-tw/#art-10"' in content


@pytest.mark.django_db
def test_a_gap_never_outranks_the_provision_it_is_about(client):
    first = FIRST_RESULT.search(_search(client, "not completed").content.decode())
    assert first.group(1) == "/en/assessment/#band-khong-hoan-thanh"


@pytest.mark.django_db
def test_searching_with_and_without_diacritics_gives_the_same_results(client):
    with_marks = _search(client, "tiêu chuẩn Tổng Bí thư").content.decode()
    without = _search(client, "tieu chuan tong bi thu").content.decode()
    assert re.findall(r'<a href="([^"]+)"', with_marks.split('class="results"')[1]) == (
        re.findall(r'<a href="([^"]+)"', without.split('class="results"')[1])
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "expected_kinds"),
    [
        ({"type": "position"}, {"position"}),
        ({"type": "authority"}, {"authority"}),
        ({"kind": "decree"}, {"document", "key_point"}),
    ],
)
def test_the_result_type_and_document_kind_filters_narrow_the_results(client, filters, expected_kinds):
    everything = _search(client, "senior experts").content.decode()
    narrowed = _search(client, "senior experts", **filters).content.decode()
    kinds = set(re.findall(r'<h2 id="group-([a-z_]+)">', narrowed))
    assert kinds
    assert kinds <= expected_kinds
    assert len(re.findall(r"<li>", narrowed)) < len(re.findall(r"<li>", everything))


@pytest.mark.django_db
def test_the_document_kind_filter_keeps_only_records_of_that_kind_of_document(client):
    content = _search(client, "senior experts", kind="decree").content.decode()
    assert 'href="/en/documents/92-2025-nd-cp/"' in content
    assert 'href="/en/documents/180-qd-tw/"' not in content


@pytest.mark.django_db
def test_the_issuer_filter_keeps_only_records_of_that_issuers_documents(client):
    content = _search(client, "chuyên gia cao cấp", issuer="government").content.decode()
    assert 'href="/en/documents/92-2025-nd-cp/"' in content
    assert 'href="/en/documents/180-qd-tw/"' not in content


@pytest.mark.django_db
def test_the_year_filter_keeps_only_records_of_documents_issued_that_year(client):
    content = _search(client, "internal political protection", year="2025").content.decode()
    assert 'href="/en/documents/367-qd-tw/"' in content
    assert 'href="/en/documents/58-qd-tw/"' not in content
    assert 'href="/en/documents/126-qd-tw/"' not in content


@pytest.mark.django_db
def test_the_status_filter_keeps_only_records_of_documents_with_that_status(client):
    content = _search(client, "tạm đình chỉ", status="replaced").content.decode()
    assert 'href="/en/documents/148-qd-tw/"' in content
    assert 'href="/en/documents/377-qd-tw/"' not in content


@pytest.mark.django_db
def test_an_invalid_filter_value_is_reported_not_fatal(client):
    response = _search(client, "senior experts", year="last year", type="nonsense")
    assert response.status_code == 200
    assert 'href="/en/documents/180-qd-tw/"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("misspelled", ["tieu chaun", "refresher trainng"])
def test_a_misspelled_query_that_finds_nothing_suggests_close_titles(client, misspelled):
    content = _search(client, misspelled).content.decode()
    assert "No record contains all the words" in content
    assert "Did you mean" in content
    suggestions = content.split("Did you mean")[1]
    assert re.search(r"<a href=\"/en/[^\"]+\">", suggestions)


@pytest.mark.django_db
def test_a_query_that_resembles_nothing_says_so_without_suggestions(client):
    content = _search(client, "qwxzvbn").content.decode()
    assert "No record contains all the words “qwxzvbn”." in content
    assert "Did you mean" not in content


@pytest.mark.django_db
def test_an_empty_query_shows_the_search_help(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Type a document number in any form" in response.content.decode()


def test_search_on_an_empty_database_finds_nothing_and_fails_nowhere(client, empty_database):
    assert _search(client, "365").status_code == 200
    assert "No document numbered 365" in _search(client, "365").content.decode()
    assert "No record contains all the words" in _search(client, "tạm đình chỉ").content.decode()
    assert client.get(SUGGEST, {"q": "tiêu"}).json()["suggestions"] == []


@pytest.mark.django_db
def test_search_without_a_language_prefix_redirects_and_keeps_the_query(client):
    response = client.get("/search/", {"q": "365"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path in {"/vi/search/", "/en/search/"}
    assert parse_qs(location.query) == {"q": ["365"]}


# The index


@pytest.mark.django_db
def test_the_index_is_the_same_whichever_language_the_editor_works_in():
    def index():
        entries = SearchEntry.objects.order_by("kind", "object_id")
        return list(entries.values_list("kind", "object_id", "title_en", "search_text"))

    with translation.override("vi"):
        search_index_rebuild()
    built_in_vietnamese = index()
    with translation.override("en"):
        search_index_rebuild()
    assert index() == built_in_vietnamese


# Suggestions


@pytest.mark.django_db
def test_suggestions_are_json_with_at_most_eight_items(client):
    response = client.get(SUGGEST, {"q": "cán bộ"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "cán bộ"
    assert 0 < len(data["suggestions"]) <= 8
    assert {"kind", "label", "url"} <= set(data["suggestions"][0])


@pytest.mark.django_db
def test_suggestions_put_the_document_with_the_typed_number_first(client):
    suggestions = client.get(SUGGEST, {"q": "QĐ 365"}).json()["suggestions"]
    assert suggestions[0]["url"] == "/en/documents/365-qd-tw/"
    assert suggestions[0]["label"].startswith("365-QĐ/TW")


@pytest.mark.django_db
def test_suggestions_complete_a_number_prefix(client):
    urls = [item["url"] for item in client.get(SUGGEST, {"q": "36"}).json()["suggestions"]]
    assert "/en/documents/365-qd-tw/" in urls
    assert "/en/documents/366-qd-tw/" in urls


@pytest.mark.django_db
def test_suggestions_complete_a_word_being_typed(client):
    urls = [item["url"] for item in client.get(SUGGEST, {"q": "tổng bí th"}).json()["suggestions"]]
    assert "/en/positions/tong-bi-thu/" in urls


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "3", " ", "\x00"])
def test_suggestions_wait_for_two_characters(client, query):
    assert client.get(SUGGEST, {"q": query}).json()["suggestions"] == []


# Hostile input


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_answered_without_a_server_error(client, query):
    assert _search(client, query).status_code in {200, 302}
    assert client.get(SUGGEST, {"q": query}).status_code == 200
    assert client.get("/en/documents/365-qd-tw/", {"searched": query}).status_code == 200


hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
    st.text(alphabet=st.characters(min_codepoint=0x300, max_codepoint=0x36F)),
    st.text(alphabet="&|!:*()<>'\"-\\%_ \x00\t\n365QĐqđ/TW"),
    # Hypothesis cannot draw 10,000 characters one by one; repeat a short drawn text instead.
    st.text(min_size=1, max_size=40).map(lambda chunk: (chunk * 10_000)[:10_000]),
    st.sampled_from(HOSTILE),
)


@pytest.mark.django_db
@FUZZ
@given(query=hostile_text)
@example(query="'); DROP TABLE regulations_document; --")
def test_no_query_makes_the_search_page_fail(client, query):
    # 414 only when the encoded query string passes settings.MAX_QUERY_STRING_LENGTH.
    assert _search(client, query).status_code in {200, 302, 414}


@pytest.mark.django_db
@FUZZ
@given(query=hostile_text)
def test_no_query_makes_the_suggestions_fail(client, query):
    response = client.get(SUGGEST, {"q": query})
    assert response.status_code in {200, 414}
    if response.status_code == 200:
        assert len(response.json()["suggestions"]) <= 8
