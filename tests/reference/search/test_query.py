"""Full-text search: time budgets (the database stops a query that runs past it, and the
"did you mean" comparison never outlives what is left of it) and what is highlighted."""

import contextlib
import re
import time

import pytest

from reference.models import SearchEntry
from reference.search.query import (
    SearchTimedOut,
    highlight,
    query_terms,
    search_entries,
    similar_titles,
    time_limited,
)
from reference.search.vocabulary import is_syllabic

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
