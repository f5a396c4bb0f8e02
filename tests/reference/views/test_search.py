"""The search page and its suggestions: number queries, full text, filters, hostile input."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reference.models import SearchEntry
from reference.search.query import query_too_long, time_limited

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

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
    # FTS5's syntax (SQLite): operators, a column filter, an initial-token anchor, a prefix.
    "NEAR(tiêu chuẩn, 2)",
    "tiêu OR chuẩn NOT cán AND bộ",
    "search_text : tiêu",
    "{title_text}: chuẩn",
    "^tiêu + chuẩn",
    '"tiêu chuẩn"*',
    "*",
]


def search(client, query, path=SEARCH, **filters):
    return client.get(path, {"q": query, **filters})


def kinds_shown(html):
    return re.findall(r'<h2 id="group-([a-z_]+)">', html)


# Number queries


def test_a_bare_number_redirects_to_the_regulation_saying_what_was_searched(client):
    response = search(client, "365")
    assert response.status_code == 302
    assert response["Location"] == "/en/documents/365-qd-tw/?searched=365"


def test_the_document_page_says_how_the_number_query_was_understood(client):
    page = client.get(search(client, "Quy dinh so 365")["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert "You searched for “Quy dinh so 365”." in content
    assert "Number 365 · Quy định — Regulation" in content
    assert "Search as words instead" in content


def test_the_vietnamese_search_redirects_to_the_vietnamese_document_page(client):
    response = search(client, "Quy định 148", path="/vi/search/")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/documents/148-qd-tw/?searched=")


def test_an_ambiguous_number_shows_a_choice_between_both_documents(client):
    content = search(client, "35").content.decode()
    assert "2 documents have this number: which one do you mean?" in content
    assert 'href="/en/documents/35-kl-tw/"' in content
    assert 'href="/en/documents/35-ct-tw/"' in content
    assert "Number 35" in content


def test_a_number_of_the_wrong_kind_offers_the_documents_with_that_number(client):
    content = search(client, "Kết luận 365").content.decode()
    assert "No document fits everything you typed; these have the same number" in content
    assert 'href="/en/documents/365-qd-tw/"' in content


def test_an_unknown_number_says_so_and_offers_close_numbers(client):
    content = search(client, "QĐ 9999").content.decode()
    assert "No document numbered 9999 is in CadreRef." in content
    close = content.split("Close numbers:")[1].split("</ul>")[0]
    assert 'href="/en/documents/377-qd-tw/"' in close


def test_a_mistyped_number_offers_the_documents_one_slip_away_first(client):
    content = search(client, "Quy định 356").content.decode()
    assert "No document numbered 356 is in CadreRef." in content
    close = re.findall(r'href="/en/documents/([^/"]+)/"', content.split("Close numbers:")[1])
    assert close[:2] == ["365-qd-tw", "366-qd-tw"]


def test_a_filter_keeps_a_number_query_on_the_search_page(client):
    response = search(client, "365", type="document")
    assert response.status_code == 200
    assert 'href="/en/documents/365-qd-tw/"' in response.content.decode()


# Full text


def test_full_text_results_are_grouped_by_kind_with_the_best_group_first(client):
    headings = kinds_shown(search(client, "General Secretary").content.decode())
    assert headings[0] == "position"
    assert len(headings) == len(set(headings)) > 1


def test_full_text_results_highlight_the_words_that_matched(client):
    content = search(client, "tam dinh chi", path="/vi/search/").content.decode()
    assert "<mark>tạm</mark> <mark>đình</mark> <mark>chỉ</mark>" in content
    assert "<mark>Suspension</mark>" in search(client, "suspension").content.decode()


def test_highlighting_escapes_the_query_and_the_text_around_the_marks(client):
    content = search(client, "<tiêu chuẩn>", path="/vi/search/").content.decode()
    assert "<tiêu" not in content
    assert "&lt;tiêu chuẩn&gt;" in content
    assert "<mark>tiêu</mark> <mark>chuẩn</mark>" in content


def test_only_the_results_shown_are_marked_and_linked(client, monkeypatch):
    """A group shows its first rows and counts the rest: marking and linking the rest too would
    cost a search's time for nothing (120 results fetched, a few dozen shown)."""
    from reference.views import search as views

    monkeypatch.setattr(views, "RESULTS_PER_GROUP", 1)
    marked = []

    def counting(display, terms, **marks):
        marked.append(display)
        return views_highlight(display, terms, **marks)

    views_highlight = views.highlight
    monkeypatch.setattr(views, "highlight", counting)
    content = search(client, "cán bộ", path="/vi/search/").content.decode()
    shown = content.count('<ol class="results">')
    assert shown > 1
    # A title and a snippet per row shown, one row per group.
    assert len(marked) == 2 * shown
    assert re.search(r'<ol class="results">\s*<li>\s*<a href="/vi/', content)


def test_a_key_point_result_links_to_its_anchor_on_the_document_page(client):
    assert 'href="/en/documents/148-qd-tw/#art-10"' in search(client, "maximum duration").content.decode()


def test_a_gap_never_outranks_the_record_it_is_about(client):
    first = FIRST_RESULT.search(search(client, "not completed").content.decode())
    assert first.group(1) == "/en/assessment/#band-khong-hoan-thanh"


def test_a_training_group_result_links_to_its_place_on_the_assessment_page(client):
    content = search(client, "training group", type="training").content.decode()
    assert 'href="/en/assessment/#training-1"' in content
    assert "<mark>Training</mark> <mark>group</mark> 1, 366-QĐ/TW: " in content


def test_searching_with_and_without_diacritics_gives_the_same_results(client):
    with_marks = search(client, "tiêu chuẩn Tổng Bí thư").content.decode()
    without = search(client, "tieu chuan tong bi thu").content.decode()
    links = [re.findall(r'<a href="([^"]+)"', html.split('class="results"')[1]) for html in (with_marks, without)]
    assert links[0] == links[1]
    assert links[0]


@pytest.mark.parametrize(
    ("query", "filters", "expected_kinds"),
    [
        ("Tổng Bí thư", {"type": "position"}, {"position"}),
        ("Politburo", {"type": "authority"}, {"authority"}),
        ("senior", {"kind": "decree"}, {"document"}),
        ("senior", {"issuer": "government"}, {"document"}),
        ("regulation", {"year": "2025"}, {"document"}),
    ],
)
def test_the_filters_narrow_the_results_to_what_they_name(client, query, filters, expected_kinds):
    everything = search(client, query).content.decode()
    narrowed = search(client, query, **filters).content.decode()
    kinds = set(kinds_shown(narrowed))
    assert kinds
    assert kinds <= expected_kinds
    assert narrowed.count("<li>") < everything.count("<li>")


def test_the_document_kind_and_issuer_filters_keep_only_records_of_those_documents(client):
    assert 'href="/en/documents/365-qd-tw/"' in search(client, "on").content.decode()
    for filters in ({"kind": "decree"}, {"issuer": "government"}):
        content = search(client, "on", **filters).content.decode()
        assert 'href="/en/documents/92-2025-nd-cp/"' in content
        assert 'href="/en/documents/365-qd-tw/"' not in content


def test_the_year_filter_keeps_only_records_of_documents_issued_that_year(client):
    content = search(client, "regulation", year="2024").content.decode()
    assert 'href="/en/documents/148-qd-tw/"' in content
    assert 'href="/en/documents/365-qd-tw/"' not in content


def test_the_status_filter_keeps_only_records_of_documents_with_that_status(client):
    content = search(client, "tạm đình chỉ", status="replaced").content.decode()
    assert "/en/documents/148-qd-tw/" in content
    assert "/en/documents/377-qd-tw/" not in content


def test_an_invalid_filter_value_is_reported_not_fatal(client):
    response = search(client, "senior experts", year="last year", type="nonsense")
    assert response.status_code == 200
    assert 'href="/en/documents/92-2025-nd-cp/"' in response.content.decode()


@pytest.mark.parametrize("misspelled", ["tieu chaun", "Genreal Secretray"])
def test_a_misspelled_query_searched_exactly_suggests_close_titles(client, misspelled):
    content = search(client, misspelled, exact="1").content.decode()
    assert "No record contains all the words" in content
    suggestions = content.split("Did you mean")[1]
    assert re.search(r"<a href=\"/en/[^\"]+\">", suggestions)


def test_a_misspelled_query_shows_the_corrected_results_and_offers_the_exact_search(client):
    content = search(client, "Genreal Secretray").content.decode()
    assert "Showing results for “general secretary”." in content
    assert 'href="/en/search/?q=Genreal%20Secretray&amp;exact=1"' in content
    assert "<mark>" in content


def test_a_corrected_search_says_so_in_the_json(client):
    data = client.get("/en/search.json", {"q": "Genreal Secretray"}).json()
    assert data["corrected"] == "general secretary"
    assert data["results"]
    assert client.get("/en/search.json", {"q": "Genreal Secretray", "exact": "1"}).json()["corrected"] is None


def test_a_query_that_resembles_nothing_says_so_without_suggestions(client):
    content = search(client, "qwxzvbn").content.decode()
    assert "No record contains all the words “qwxzvbn”." in content
    assert "Did you mean" not in content


def test_an_empty_query_shows_the_search_help(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Type a document number in any form" in response.content.decode()


def test_search_on_an_empty_database_finds_nothing_and_fails_nowhere(client, empty_database):
    assert "No document numbered 365" in search(client, "365").content.decode()
    assert "No record contains all the words" in search(client, "tạm đình chỉ").content.decode()
    assert client.get(SUGGEST, {"q": "tiêu"}).json()["suggestions"] == []


def test_search_without_a_language_prefix_redirects_and_keeps_the_query(client):
    response = client.get("/search/", {"q": "365"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path in {"/vi/search/", "/en/search/"}
    assert parse_qs(location.query) == {"q": ["365"]}


# Suggestions


def test_suggestions_are_json_with_at_most_eight_items(client):
    response = client.get(SUGGEST, {"q": "cán bộ"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "cán bộ"
    assert 0 < len(data["suggestions"]) <= 8
    assert {"kind", "label", "url"} <= set(data["suggestions"][0])


def test_suggestions_put_the_document_with_the_typed_number_first(client):
    suggestions = client.get(SUGGEST, {"q": "QĐ 365"}).json()["suggestions"]
    assert suggestions[0]["url"] == "/en/documents/365-qd-tw/"
    assert suggestions[0]["label"].startswith("365-QĐ/TW")


def test_suggestions_complete_a_number_prefix(client):
    urls = [item["url"] for item in client.get(SUGGEST, {"q": "36"}).json()["suggestions"]]
    assert {"/en/documents/365-qd-tw/", "/en/documents/366-qd-tw/"} <= set(urls)


def test_suggestions_complete_a_word_being_typed(client):
    urls = [item["url"] for item in client.get(SUGGEST, {"q": "tổng bí th"}).json()["suggestions"]]
    assert "/en/positions/tong-bi-thu/" in urls


@pytest.mark.parametrize("query", ["", "3", " ", "\x00"])
def test_suggestions_wait_for_two_characters(client, query):
    assert client.get(SUGGEST, {"q": query}).json()["suggestions"] == []


# Hostile input


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_answered_without_a_server_error(client, query):
    expected = 400 if query_too_long(query) else 200
    assert search(client, query).status_code in {expected, 302}
    assert client.get(SUGGEST, {"q": query}).status_code == expected
    assert client.get("/en/documents/365-qd-tw/", {"searched": query}).status_code == 200


def test_a_query_longer_than_the_search_box_allows_is_refused_with_a_message(client):
    query = "tiêu chuẩn " * 30
    page = search(client, query)
    assert page.status_code == 400
    assert "longer than 200 characters" in page.content.decode()
    response = client.get("/en/search.json", {"q": query})
    assert response.status_code == 400
    assert "longer than 200 characters" in response.json()["errors"]["q"][0]
    assert client.get(SUGGEST, {"q": query}).status_code == 400
    assert search(client, "tiêu chuẩn " * 18).status_code == 200


def test_a_search_beyond_the_processs_concurrent_searches_is_refused_after_a_short_wait(client, settings):
    settings.SEARCH_CONCURRENCY = 1
    with time_limited():  # another thread's search holds the only slot
        page = search(client, "tiêu chuẩn")
        response = client.get("/en/search.json", {"q": "tiêu chuẩn"})
        number = search(client, "365")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Too many searches are running" in page.content.decode()
    assert response.status_code == 503
    assert "Too many searches" in response.json()["detail"]
    assert number.status_code == 302  # a number lands on its document without full text
    assert search(client, "tiêu chuẩn").status_code == 200


def test_a_search_past_its_time_budget_says_so_quickly(client, settings):
    text = " tieu chuan can bo lanh dao quan ly " * 20
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="key_point",
            object_id=1_000_000 + number,
            target="x",
            title_vi="Tiêu chuẩn",
            title_en="Standards",
            title_text=" tieu chuan",
            search_text=text,
        )
        for number in range(5000)
    )
    settings.SEARCH_TIME_LIMIT_MS = 1
    started = time.perf_counter()
    page = search(client, "tiêu chuẩn cán bộ lãnh đạo quản lý")
    assert time.perf_counter() - started < 2
    assert page.status_code == 200
    assert "took too long" in page.content.decode()
    response = client.get("/en/search.json", {"q": "tiêu chuẩn cán bộ"})
    assert response.status_code == 503
    assert "took too long" in response.json()["detail"]
    # What a slow moment allowed is never kept: with the budget back, the same search answers.
    assert "no-store" in page["Cache-Control"]
    settings.SEARCH_TIME_LIMIT_MS = 1500
    again = search(client, "tiêu chuẩn cán bộ lãnh đạo quản lý")
    assert again.get("X-Cache") != "hit"
    assert "took too long" not in again.content.decode()


def test_an_address_without_its_slash_keeps_the_query_on_the_redirect(client):
    response = client.get("/en/search", {"q": "365"})
    assert response.status_code == 301
    assert response["Location"] == "/en/search/?q=365"
    response = client.get("/en/documents", {"kind": "regulation", "page": "2", "junk": "x"})
    assert response.status_code == 301
    assert response["Location"] == "/en/documents/?kind=regulation&page=2"


hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
    st.text(alphabet=st.characters(min_codepoint=0x300, max_codepoint=0x36F)),
    st.text(alphabet="&|!:*()<>{}^+'\"-\\%_ \x00\t\n365QĐqđ/TW"),
    # Hypothesis cannot draw 10,000 characters one by one; repeat a short drawn text instead.
    st.text(min_size=1, max_size=40).map(lambda chunk: (chunk * 10_000)[:10_000]),
    st.sampled_from(HOSTILE),
)


@FUZZ
@given(query=hostile_text)
@example(query="'); DROP TABLE regulations_document; --")
def test_no_query_makes_the_search_page_fail(client, query):
    # 414 only when the encoded query string passes settings.MAX_QUERY_STRING_LENGTH.
    assert search(client, query).status_code in {200, 302, 400, 414}


@FUZZ
@given(query=hostile_text)
def test_no_query_makes_the_suggestions_fail(client, query):
    response = client.get(SUGGEST, {"q": query})
    assert response.status_code in {200, 400, 414}
    if response.status_code == 200:
        assert len(response.json()["suggestions"]) <= 8
