"""Which query words must match, and how a query is written; the word lists are in
``vocabulary.json``.

Stop words are folded (so "là" and "la" are one word) and *optional*: they still count in the
ranking, so an entry titled "Tạm đình chỉ là gì" stays first for "tạm đình chỉ là gì", but an
entry need not contain them to be found. A query made only of stop words ("ai", "who are")
must match all of them, as before, so it still finds what uses those words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_DATA = json.loads(Path(__file__).with_name("vocabulary.json").read_text("utf-8"))
# Which list applies depends on how the query is written (``is_syllabic``): "can", "an" and
# "to" are English stop words but Vietnamese syllables of "cán bộ", "Chánh án" and "tổ chức".
ENGLISH_STOP_WORDS = frozenset(_DATA["stop_words"]["en"])
VIETNAMESE_STOP_WORDS = frozenset(_DATA["stop_words"]["vi"])
# Groups of words or phrases, as typed, that a query may use for one another (``synonyms``).
SYNONYMS: list[list[str]] = _DATA["synonyms"]

# A Vietnamese syllable as folded: an optional initial consonant, a vowel cluster and an
# optional final consonant. English words rarely fit ("party", "secretary", "body" do not).
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?")


def required_terms(terms: list[str], *, syllabic: bool) -> list[str]:
    """The terms an entry must contain: ``terms`` without the stop words of the query's
    language (Vietnamese if ``syllabic``), unless nothing is left."""
    stop_words = VIETNAMESE_STOP_WORDS if syllabic else ENGLISH_STOP_WORDS | VIETNAMESE_STOP_WORDS
    kept = [term for term in terms if term not in stop_words]
    return kept or list(terms)


def is_syllabic(raw: str, terms: list[str]) -> bool:
    """Whether the query reads as Vietnamese written in syllables: it carries Vietnamese marks,
    or every word of it is a possible Vietnamese syllable ("tam dinh chi", "can bo"). Such a
    query's words are matched as neighbouring syllables, not as unrelated single words."""
    words = [term for term in terms if not term.isdigit()]
    if len(words) < 2:
        return False
    if any(ord(char) > 127 and char.isalpha() for char in raw):
        return True
    return all(_SYLLABLE.fullmatch(word) for word in words)
