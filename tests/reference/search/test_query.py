"""Full-text search: time budgets (the database stops a query that runs past it, and the
"did you mean" comparison never outlives what is left of it) and what is highlighted."""

import contextlib
import re
import time
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference.models import SearchEntry
from reference.search import query
from reference.search.index import STORED_VECTORS, STORED_WORDS, stemmed_index_text
from reference.search.query import (
    SearchTimedOut,
    highlight,
    query_terms,
    search_entries,
    similar_titles,
    time_limited,
    written_forms,
)
from reference.search.vocabulary import is_syllabic
from reference.selectors.search import search_results
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = " ".join(f"tu{number} chuan{number}" for number in range(40))


@pytest.fixture
def many_entries():
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="key_point",
            object_id=number,
            target="x",
            title_vi=LONG_TITLE,
            title_en=LONG_TITLE,
            title_text=f" {LONG_TITLE}",
            search_text=f" {LONG_TITLE} " * 5,
        )
        for number in range(4000)
    )


def test_a_query_past_its_budget_is_stopped_by_the_database(many_entries):
    with pytest.raises(SearchTimedOut), time_limited(1):
        list(search_entries("tu1 chuan2 tu3 chuan4 tu5 chuan6 tu7"))


def test_the_did_you_mean_comparison_stops_at_its_deadline(many_entries):
    started = time.perf_counter()
    # PostgreSQL cancels the trigram query; SQLite's loop over the titles stops comparing.
    with contextlib.suppress(SearchTimedOut), time_limited(200) as deadline:
        similar_titles("tu1 chuam2 tu3 chuam4 tu5 chuam6", deadline=deadline)
    assert time.perf_counter() - started < 1


def test_the_did_you_mean_comparison_still_finds_a_close_title(many_entries):
    SearchEntry.objects.create(
        kind="document",
        object_id=1,
        target="quy-dinh",
        title_vi="Tiêu chuẩn chức danh",
        title_en="Standards of positions",
        title_text=" tieu chuan chuc danh",
        search_text=" tieu chuan chuc danh",
        weight=3.0,
    )
    with time_limited() as deadline:
        found = similar_titles("tieu chuam", deadline=deadline)
    assert found[0].target == "quy-dinh"


def _marked(display, query):
    terms = query_terms(query)
    return re.findall(r"<mark>(.*?)</mark>", highlight(display, terms, syllabic=is_syllabic(query, terms)))


def test_syllables_are_marked_only_side_by_side_as_the_query_has_them():
    display = "Quy định số 148-QĐ/TW: Quy định về tạm đình chỉ công tác"
    assert _marked(display, "tam dinh chi") == ["tạm", "đình", "chỉ"]
    assert _marked("Quy định về thẩm quyền", "tam dinh chi") == []


def test_a_vietnamese_query_never_marks_the_start_of_an_english_word():
    assert _marked("The body that assesses cadres", "đánh giá cán bộ") == []
    assert _marked("Đánh giá cán bộ hằng năm", "đánh giá cán bộ") == ["Đánh", "giá", "cán", "bộ"]


def test_an_english_query_still_marks_its_words_alone():
    assert _marked("Who appoints the provincial secretary", "appoint secretary") == ["appoints", "secretary"]


def _marked_as_typed(display, query):
    terms = query_terms(query)
    return re.findall(
        r"<mark>(.*?)</mark>",
        highlight(display, terms, syllabic=is_syllabic(query, terms), forms=written_forms(query)),
    )


def test_a_query_typed_with_diacritics_marks_only_words_written_the_same_way():
    display = "Tâm huyết: Tạm đình chỉ công tác; tam giác"
    assert _marked_as_typed(display, "tạm") == ["Tạm"]
    assert _marked_as_typed(display, "TẠM ĐÌNH CHỈ") == ["Tạm", "đình", "chỉ"]
    # The search finds this through "đình chỉ" side by side: that pair is what matched.
    assert _marked_as_typed("Tâm đình chỉ", "tạm đình chỉ") == ["đình", "chỉ"]


def test_a_query_typed_without_diacritics_marks_what_folds_alike():
    display = "Tâm huyết: Tạm đình chỉ công tác; tam giác"
    assert _marked_as_typed(display, "tam") == ["Tâm", "Tạm", "tam"]
    assert _marked_as_typed("Quy định về tạm đình chỉ", "tam dinh chi") == ["tạm", "đình", "chỉ"]


def test_where_the_tone_mark_sits_does_not_matter_but_which_tone_does():
    assert _marked_as_typed("Sức khoẻ và độ tuổi", "sức khỏe") == ["Sức", "khoẻ"]
    assert _marked_as_typed("Sức khoẻ và độ tuổi", "sức khoe") == []


def test_an_unmarked_word_in_a_marked_query_marks_only_unmarked_words():
    assert _marked_as_typed("Ban Bí thư; bản Bí thư", "Ban Bí thư") == ["Ban", "Bí", "thư"]
    assert _marked_as_typed("Thường trực Bán Bí thư", "ban bí thư") == ["Bí", "thư"]


def test_the_word_still_being_typed_marks_a_word_it_starts():
    assert _marked_as_typed("Tạm đình chỉ công tác", "tạm đình ch") == ["Tạm", "đình", "chỉ"]
    assert _marked_as_typed("Tạm đình chí", "tạm đình chỉ") == ["Tạm", "đình"]


def test_a_query_typed_with_separate_combining_marks_highlights_like_a_composed_one():
    decomposed = unicodedata.normalize("NFD", "tạm đình chỉ")
    assert _marked_as_typed("Tâm huyết; tạm đình chỉ", decomposed) == ["tạm", "đình", "chỉ"]


def _entries_about(texts: list[tuple[str, str]]) -> None:
    """Index entries with these (title, body) texts, with their stored vectors and their words
    on PostgreSQL."""
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="key_point",
            object_id=number,
            target=f"doc-{number}",
            title_vi=title,
            title_en=title,
            body_vi=body,
            body_en=body,
            title_text=stemmed_index_text(title, title),
            search_text=stemmed_index_text(title, title, body, body),
        )
        for number, (title, body) in enumerate(texts, start=1)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(STORED_WORDS.format(where="TRUE"))
            cursor.execute(f"UPDATE {SearchEntry._meta.db_table} SET {STORED_VECTORS}")  # noqa: S608


@pytest.fixture
def small_bounds(monkeypatch):
    # As in production, the pool of other matches alone can fill the candidates: it may hold
    # the title matches too (the database finds them in any order), so a smaller pool would
    # leave fewer candidates than there are matches, depending on where the rows lie.
    monkeypatch.setattr(query, "POOL", 6)
    monkeypatch.setattr(query, "TITLE_POOL", 3)
    monkeypatch.setattr(query, "CANDIDATES", 6)


@pytest.fixture
def a_common_word(small_bounds):
    # Thirty entries say it in passing, stored first; the two whose titles hold it come last,
    # past what an arbitrary slice of the matches would reach.
    _entries_about(
        [(f"Điều {number}", "Nội dung về quy hoạch cán bộ của cấp ủy.") for number in range(30)]
        + [("Quy hoạch cán bộ", "Nguyên tắc."), ("Quy hoạch cán bộ lãnh đạo", "Trình tự.")]
    )


def test_a_common_word_still_finds_first_the_entries_whose_titles_hold_it(a_common_word):
    found = list(search_entries("quy hoach can bo"))
    assert [entry.title_vi for entry in found[:2]] == ["Quy hoạch cán bộ", "Quy hoạch cán bộ lãnh đạo"]
    assert len(found) == query.CANDIDATES


def test_a_vietnamese_query_matches_its_syllables_whole_but_for_the_last():
    _entries_about(
        [
            ("Cán bộ lãnh đạo", "Quy định về cán bộ."),
            ("Cảnh báo sớm", "Bộ phận theo dõi."),
            ("Cảnh giác", "Bộ lãnh đạo các cấp."),
            ("Cán bộ trẻ", "Bồi dưỡng."),
            ("Title standards", "For leaders."),
        ]
    )
    # "can" is "cán", never the start of "cảnh", even where two other syllables of the query
    # stand side by side ("bộ lãnh"); "bo", still being typed, may start "bộ".
    assert {entry.title_vi for entry in search_entries("can bo")} == {"Cán bộ lãnh đạo", "Cán bộ trẻ"}
    assert {entry.title_vi for entry in search_entries("can bo lanh")} == {"Cán bộ lãnh đạo"}
    # An English query still matches the start of a word anywhere ("standard" in "standards").
    assert [entry.title_vi for entry in search_entries("standard leader")] == ["Title standards"]


def test_syllables_that_make_one_glossary_term_are_found_together_on_both_databases():
    TermFactory(term_vi="tạm đình chỉ công tác", term_en="suspension", match_en="suspension")
    _entries_about(
        [
            ("Tạm đình chỉ công tác", "Người đứng đầu quyết định."),
            ("Suspension", "By the head."),
            # Every syllable, and two pairs side by side ("đình chỉ", "công tác"), but apart.
            ("Công tác cán bộ", "Tạm hoãn, không đình chỉ."),
        ]
    )
    # The query is one term with its synonyms: as for any plain syllables, PostgreSQL finds
    # them side by side, as SQLite does, and not scattered through an entry.
    for typed in ("tạm đình chỉ công tác", "tam dinh chi cong tac"):
        assert {entry.title_vi for entry in search_entries(typed)} == {"Tạm đình chỉ công tác", "Suspension"}


@pytest.mark.parametrize("expansions", [query.EXPANSIONS, 1])
def test_a_word_still_being_typed_finds_every_word_it_starts(monkeypatch, expansions):
    # PostgreSQL looks the words a beginning starts up, or keeps the beginning when it starts
    # more than ``EXPANSIONS``: the same entries either way.
    monkeypatch.setattr(query, "EXPANSIONS", expansions)
    _entries_about(
        [
            ("Sửa đổi quy định", "Nhân sự."),
            ("Sung công tài sản", "Bổ sung."),
            ("Sự nghiệp", "Nhân sự cấp cao."),
            ("Nhân sĩ", "Tổ chức."),
            ("Tổ chức", "Nhân viên."),
        ]
    )
    assert {entry.title_vi for entry in search_entries("su")} == {"Sửa đổi quy định", "Sung công tài sản", "Sự nghiệp"}
    assert {entry.title_vi for entry in search_entries("nhân s")} == {"Sửa đổi quy định", "Sự nghiệp", "Nhân sĩ"}
    assert {entry.title_vi for entry in search_entries("nhân sự")} == {"Sửa đổi quy định", "Sự nghiệp"}
    assert not list(search_entries("nhan sz"))


def test_search_syntax_typed_in_a_query_is_searched_as_words():
    _entries_about([("Tiêu chuẩn cán bộ", "Near the title text."), ("Cán bộ trẻ", "Bồi dưỡng.")])
    typed = ["NEAR", '"tiêu chuẩn', "tiêu* chuẩn", "NEAR(tiêu chuẩn)", "title_text : tiêu", "^tiêu + chuẩn", "tiêu -"]
    for query_typed in typed:
        assert [entry.title_vi for entry in search_entries(query_typed)] == ["Tiêu chuẩn cán bộ"], query_typed


@pytest.mark.parametrize("few_entries", [0, query.FEW_ENTRIES])
def test_a_search_narrowed_by_a_filter_finds_only_what_passes_it(monkeypatch, few_entries):
    # On SQLite a filter that leaves few entries is searched by scanning them, one that
    # leaves many through FTS5 (``FEW_ENTRIES`` 0): the same entries either way.
    monkeypatch.setattr(query, "FEW_ENTRIES", few_entries)
    _entries_about([("Quy hoạch cán bộ", "Nguyên tắc."), ("Cán bộ trẻ", "Quy hoạch."), ("Tổ chức", "Cán bộ.")])
    SearchEntry.objects.filter(title_vi="Cán bộ trẻ").update(kind="position")
    positions = SearchEntry.objects.filter(kind="position")
    assert [entry.title_vi for entry in search_entries("can bo", positions)] == ["Cán bộ trẻ"]
    assert not search_entries("to chuc", positions).exists()


def test_an_entry_rewritten_or_deleted_in_place_is_searched_as_it_now_is():
    _entries_about([("Quy hoạch cán bộ", "Nguyên tắc."), ("Luân chuyển cán bộ", "Trình tự.")])
    SearchEntry.objects.filter(title_vi="Quy hoạch cán bộ").update(
        title_text=stemmed_index_text("Bổ nhiệm"), search_text=stemmed_index_text("Bổ nhiệm", "Điều kiện.")
    )
    SearchEntry.objects.filter(title_vi="Luân chuyển cán bộ").delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {SearchEntry._meta.db_table} SET {STORED_VECTORS}")  # noqa: S608
    assert not search_entries("quy hoach").exists()
    assert not search_entries("luan chuyen").exists()
    assert [entry.title_vi for entry in search_entries("bo nhiem")] == ["Quy hoạch cán bộ"]


def _ids_in(sql: str) -> int:
    listed = re.search(r'"id" IN \(([^)]*)\)', sql)
    return len(listed.group(1).split(",")) if listed else 0


def test_full_text_never_reads_ranks_or_counts_every_match(a_common_word):
    with CaptureQueriesContext(connection) as captured:
        results = search_results(query="quy hoach can bo", entries=SearchEntry.objects.all(), per_page=50)
    assert results.count == query.CANDIDATES
    reads = [item["sql"] for item in captured.captured_queries if SearchEntry._meta.db_table in item["sql"]]
    assert reads
    for sql in reads:
        # Each read stops at a LIMIT, or looks only at the candidates found by those that do.
        assert "LIMIT" in sql or 0 < _ids_in(sql) <= query.CANDIDATES, sql
        assert _ids_in(sql) <= query.POOL + query.TITLE_POOL, sql


def _table_pages_for_synchronized_scans() -> int:
    """How many pages the search entries must fill for PostgreSQL to synchronize scans of them
    (more than a quarter of ``shared_buffers``), or skip the test past a quick table's size."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::int FROM pg_settings WHERE name = 'shared_buffers'")
        pages = cursor.fetchone()[0] // 4 + 100
    if pages > 20_000:
        pytest.skip(f"shared_buffers is too large to fill a quarter of it quickly ({pages} pages)")
    return pages


def _entries_one_a_page(count: int, *, match_every: int) -> None:
    """``count`` entries, one a page (a fill factor of 10%, rolled back with the test), every
    ``match_every``-th of them about "quy hoạch cán bộ"."""
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} SET (fillfactor = 10)")
    # Rows of about 500 bytes: one fits in a page's first 10%, two do not.
    padding = "x" * 80
    _entries_about(
        [
            ("Điều", f"Nội dung về {'quy hoạch cán bộ' if number % match_every == 0 else 'tổ chức đảng'}. {padding}")
            for number in range(1, count + 1)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")
        assert cursor.fetchone()[0] >= count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronized scans are PostgreSQL's")
def test_the_same_query_finds_the_same_entries_wherever_another_scan_of_the_table_stopped(small_bounds):
    pages = _table_pages_for_synchronized_scans()
    _entries_one_a_page(pages, match_every=50)
    table = SearchEntry._meta.db_table
    found = []
    with connection.cursor() as cursor:
        # The planner would read so few matches through the index; a sequential scan is what it
        # picks for a common word in a large table, and what once started where another stopped.
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for _ in range(3):
            # A scan that stops a third of the way round (one entry a page) once left the next
            # one's start there.
            cursor.execute(f"SELECT id FROM {table} OFFSET %s LIMIT 1", [pages // 3])  # noqa: S608
            found.append([entry.pk for entry in search_entries("quy hoach can bo")])
        cursor.execute("SET LOCAL enable_bitmapscan = on")
    found.append([entry.pk for entry in search_entries("quy hoach can bo")])
    assert len(found[0]) == query.CANDIDATES
    assert found == [found[0]] * len(found)
