"""Folding Vietnamese text so that every way of typing a word compares equal."""

import pytest

from core import text


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Quy định", "quy dinh"),
        ("ĐẢNG", "dang"),
        ("Tổng Bí thư", "tong bi thu"),
        ("Quy đi\u0323nh", "quy dinh"),  # typed decomposed, as some keyboards do
        ("", ""),
        ("nul\x00here", "nul here"),
    ],
)
def test_folding_drops_diacritics_and_case(typed, folded):
    assert text.fold(typed) == folded


def test_words_keep_digits_and_split_on_everything_else():
    assert text.words("Quy định 365-QĐ/TW, ngày 30/8") == ["quy", "dinh", "365", "qd", "tw", "ngay", "30", "8"]


def test_an_index_column_pads_words_so_a_match_starts_a_word():
    assert text.index_text("Tạm đình chỉ", "công tác") == " tam dinh chi cong tac "
    assert text.index_text("", "") == ""


def test_a_symbol_key_is_the_folded_upper_case_symbol_without_spaces():
    assert text.symbol_key("365-QĐ/TW") == "365-QD/TW"
    assert text.symbol_key(" 92/2026/ NĐ-CP") == "92/2026/ND-CP"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("standards", "standard"),
        ("appointments", "appoint"),
        ("assessing", "assess"),
        ("authorities", "authority"),
        ("tam", "tam"),
    ],
)
def test_the_light_stemmer_strips_common_english_endings_only(word, stem):
    assert text.english_stem(word) == stem
