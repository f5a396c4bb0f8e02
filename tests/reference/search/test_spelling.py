"""Forgiving matching: the vocabulary of the index and the corrections drawn from it."""

import pytest

from core import text
from reference.models import SearchEntry
from reference.search import spelling

pytestmark = pytest.mark.django_db

TEXTS = [
    " tam dinh chi cong tac temporary suspens from work ",
    " bo nhiem can bo appoint of cadr ",
    " cap nhat kien thuc refresher train ",
    " nhap hoc nhap ngu ",
    " politburo member uy vien bo chinh tri ",
]


@pytest.fixture(autouse=True)
def entries():
    SearchEntry.objects.bulk_create(
        SearchEntry(kind="key_point", object_id=number, target="x", title_text=words, search_text=words)
        for number, words in enumerate(TEXTS)
    )
    spelling._vocabularies.clear()


def _finds(query):
    return any(all(f" {word}" in entry for word in text.words(query)) for entry in TEXTS)


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("tạm đìhn chỉ", "tạm dinh chỉ"),  # two letters swapped
        ("Politbureau", "politburo"),
        ("refresher trainn", "refresher train"),  # a doubled letter
        ("cập nhập kiến thức", "cập nhat kiến thức"),  # a real word, wrong next to its neighbour
    ],
)
def test_a_typing_mistake_is_corrected_to_what_the_index_holds(typed, corrected):
    assert spelling.corrected_query(typed, _finds) == corrected


@pytest.mark.parametrize("typed", ["xyzzy plugh", "tam dinh chi", "luật đất đai"])
def test_a_query_with_nothing_near_it_is_not_corrected(typed):
    assert spelling.corrected_query(typed, lambda _query: False) is None


def test_a_short_word_may_change_by_one_letter_only():
    assert spelling.allowed_edits("nhap") == 1
    assert spelling.vocabulary().nearest("xhap") == ["nhap"]
    assert spelling.vocabulary().nearest("xxap") == []


def test_corrections_never_read_the_entries_once_the_vocabulary_is_built(django_assert_num_queries):
    spelling.vocabulary()
    with django_assert_num_queries(0):
        spelling.corrected_query("Politbureau", _finds)
