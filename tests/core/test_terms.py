"""Finding glossary terms in text: whole words, any case, the longer term first."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from core.terms import TermForms, TermMatcher

VIETNAMESE = TermMatcher(
    [
        TermForms("bo-nhiem", phrases=("bổ nhiệm",)),
        TermForms("bo-nhiem-lai", phrases=("bổ nhiệm lại",)),
        TermForms("mien-nhiem", phrases=("miễn nhiệm",)),
    ]
)
ENGLISH = TermMatcher(
    [
        TermForms("mien-nhiem", phrases=("dismissal",), stems=("dismiss",)),
        TermForms("cho-thoi", phrases=("relief from office",), stems=("relie",)),
        TermForms("bo-nhiem", phrases=("appointment",), stems=("appoint",)),
        TermForms("bo-nhiem-lai", phrases=("re-appointment",), stems=("re-appoint",)),
    ]
)


def found(matcher, text):
    return [(text[start:end], key) for start, end, key in matcher.matches(text)]


def test_the_longer_of_two_terms_starting_at_the_same_word_wins():
    assert found(VIETNAMESE, "Việc bổ nhiệm lại cán bộ") == [("bổ nhiệm lại", "bo-nhiem-lai")]
    assert found(VIETNAMESE, "bổ nhiệm và miễn nhiệm") == [("bổ nhiệm", "bo-nhiem"), ("miễn nhiệm", "mien-nhiem")]


def test_terms_match_whole_words_in_any_case_only():
    assert found(VIETNAMESE, "Bổ Nhiệm cán bộ") == [("Bổ Nhiệm", "bo-nhiem")]
    assert found(VIETNAMESE, "bổ nhiệmx") == []
    assert found(ENGLISH, "misappointment") == []


def test_an_english_stem_matches_any_word_starting_with_it_and_a_hyphen_does_not_split_a_word():
    assert found(ENGLISH, "Dismissed, relieved") == [("Dismissed", "mien-nhiem"), ("relieved", "cho-thoi")]
    assert found(ENGLISH, "re-appointed") == [("re-appointed", "bo-nhiem-lai")]


def test_a_phrase_matches_across_any_whitespace():
    assert found(ENGLISH, "relief from\n office") == [("relief from\n office", "cho-thoi")]


def test_text_typed_with_decomposed_diacritics_still_matches():
    decomposed = unicodedata.normalize("NFD", "miễn nhiệm")
    assert VIETNAMESE.keys_in(decomposed) == {"mien-nhiem"}


def test_only_the_first_occurrence_of_each_term_is_reported_as_first():
    text = "appointment, dismissal, another appointment"
    assert [text[start:end] for start, end, _key in ENGLISH.first_matches(text)] == ["appointment", "dismissal"]


def test_an_empty_glossary_matches_nothing():
    assert not TermMatcher([])
    assert list(TermMatcher([]).matches("bổ nhiệm")) == []


def one_alternation(forms):
    """The matcher as a single alternation of every term, longest first (what TermMatcher's
    grouping by first letter must agree with)."""
    import re

    alternatives = sorted(
        [(len(p), r"\s+".join(re.escape(w) for w in p.split(" ")) + r"(?!\w)", f.key) for f in forms for p in f.phrases]
        + [(len(s), re.escape(s) + r"\w*", f.key) for f in forms for s in f.stems],
        key=lambda alternative: -alternative[0],
    )
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(f"({p})" for _n, p, _k in alternatives) + ")", re.IGNORECASE)
    keys = [key for _n, _p, key in alternatives]
    return lambda text: [(m.start(), m.end(), keys[m.lastindex - 1]) for m in pattern.finditer(text)]


FORMS = [
    TermForms("a", phrases=("bổ nhiệm",)),
    TermForms("b", phrases=("bổ nhiệm lại",), stems=("Bổ",)),
    TermForms("c", phrases=("(tạm) đình chỉ",)),
    TermForms("d", phrases=("Đình chỉ công tác",), stems=("đình",)),
    TermForms("e", phrases=("dismissal",), stems=("dismiss", "Demot")),
    TermForms("f", phrases=("re-appointment", "relief"), stems=("re",)),
]


@given(
    st.lists(
        st.sampled_from(
            [
                "bổ",
                "nhiệm",
                "lại",
                "BỔ",
                "(tạm)",
                "đình",
                "ĐÌNH",
                "chỉ",
                "công",
                "tác",
                "dismissal",
                "Dismissed",
                "demoted",
                "re-appointment",
                "relief",
                "reading",
                "-re",
                "x",
                ",",
                "\n",
            ]
        ),
        max_size=30,
    )
)
@example(["(tạm)", "đình", "chỉ", "BỔ", "nhiệm", "lại", "Dismissed", "re-appointment"])
def test_grouping_terms_by_first_letter_finds_what_one_alternation_finds(words):
    text = " ".join(words)
    assert list(TermMatcher(FORMS).matches(text)) == one_alternation(FORMS)(text)
