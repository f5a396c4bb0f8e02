"""Which query words must match, and when a query reads as Vietnamese syllables."""

import pytest

from reference.search.query import query_terms
from reference.search.vocabulary import is_syllabic, required_terms


def _required(query):
    terms = query_terms(query)
    return required_terms(terms, syllabic=is_syllabic(query, terms))


@pytest.mark.parametrize(
    ("query", "required"),
    [
        ("who appoints provincial party secretary", ["appoint", "provincial", "party", "secretary"]),
        ("how are cadres assessed and classified", ["cadre", "assess", "classify"]),
        ("tạm đình chỉ là gì", ["tam", "dinh", "chi"]),
        ("ai bổ nhiệm", ["bo", "nhiem"]),
        # "án" and "cán" are syllables of Vietnamese words, not the English "an" and "can".
        ("Chánh án Tòa án", ["chanh", "an", "toa"]),
        ("đánh giá cán bộ", ["danh", "gia", "can", "bo"]),
    ],
)
def test_question_and_other_stop_words_need_not_match(query, required):
    assert _required(query) == required


@pytest.mark.parametrize("query", ["ai", "who", "how are", "là gì"])
def test_a_query_made_only_of_stop_words_must_match_all_of_them(query):
    assert _required(query) == query_terms(query)


@pytest.mark.parametrize(
    ("query", "syllabic"),
    [
        ("luật đất đai", True),
        ("tam dinh chi", True),
        ("can bo", True),
        ("party secretary", False),
        ("who are the cadres", False),
        ("suspension", False),
    ],
)
def test_a_query_reads_as_vietnamese_syllables_by_its_marks_or_its_shape(query, syllabic):
    assert is_syllabic(query, query_terms(query)) is syllabic
