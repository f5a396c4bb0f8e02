"""Words a query may use for one another: the glossary's pairs and the table in vocabulary.json."""

import pytest

from reference.search.query import query_terms
from reference.search.synonyms import query_units
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def _units(query):
    return query_units(query_terms(query))


def test_a_glossary_term_pairs_its_vietnamese_its_english_and_any_word_on_its_stem():
    TermFactory(term_vi="miễn nhiệm", term_en="dismissal", match_en="dismiss")
    expected = {"mien nhiem", "dismissal", "dismis"}
    assert set(_units("miễn nhiệm")[0]) == expected
    assert set(_units("dismissed")[0]) == expected | {"dismiss"}
    assert _units("miễn nhiệm cán bộ")[1:] == [("can",), ("bo",)]


def test_a_short_english_stem_pairs_only_the_words_themselves():
    TermFactory(term_vi="người đứng đầu", term_en="head", match_en="head")
    assert _units("headquarters") == [("headquarter",)]
    assert set(_units("head")[0]) == {"head", "nguoi dung dau"}


def test_the_table_pairs_what_the_glossary_does_not():
    assert set(_units("quarterly")[0]) >= {"quarterly", "every quarter", "hang quy"}
    assert _units("hằng quý")[0][0] == "hang quy"
    assert "quarterly" in _units("hằng quý")[0]


def test_other_words_are_units_of_their_own():
    assert _units("provincial party") == [("provincial",), ("party",)]
