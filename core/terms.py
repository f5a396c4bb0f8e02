"""Finding the terms of a glossary in running text: whole words, any case, longest first.

One regular expression holds every term, longest first, so that where two terms start at the
same word the longer one wins ("bổ nhiệm lại" over "bổ nhiệm"). A term is matched either as a
whole phrase or, for an English stem such as "dismiss", as any word that starts with it
("dismissal", "dismissed"). Text and terms are compared in Unicode NFC, so a text typed with
decomposed diacritics still matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


@dataclass(frozen=True)
class TermForms:
    """How one term is written: whole ``phrases`` and word ``stems`` (a word starting with the
    stem matches). ``key`` names the term (its slug)."""

    key: str
    phrases: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()


class TermMatcher:
    """Every term of a glossary in one expression, for one language."""

    def __init__(self, terms: Iterable[TermForms]):
        # (length, pattern, key, first letter) of every way a term is written.
        alternatives: list[tuple[int, str, str, str]] = []
        for term in terms:
            for phrase in term.phrases:
                phrase = " ".join(nfc(phrase).split())
                if phrase:
                    # Inner spaces match any run of whitespace: texts wrap where they like.
                    pattern = r"\s+".join(re.escape(word) for word in phrase.split(" ")) + r"(?!\w)"
                    alternatives.append((len(phrase), pattern, term.key, phrase[0]))
            for stem in term.stems:
                stem = nfc(stem).strip()
                if stem:
                    alternatives.append((len(stem), re.escape(stem) + r"\w*", term.key, stem[0]))
        # Longest first: at a given word the alternation takes the first alternative that fits.
        alternatives.sort(key=lambda alternative: -alternative[0])
        # Grouped by first letter, each group behind a look-ahead for it: at the start of a word
        # the expression tries the few terms that begin with its letter, not every term (the
        # engine tries the alternatives of a plain alternation one by one: 3 to 6 times slower
        # per text). Only the terms of one group can match at a given place, and each group
        # keeps the longest-first order, so what matches is the same.
        groups: dict[str, list[tuple[int, str, str, str]]] = {}
        for alternative in alternatives:
            first = alternative[3].lower()
            groups.setdefault(first if len(first) == 1 else alternative[3], []).append(alternative)
        self._keys = [key for group in groups.values() for _length, _pattern, key, _first in group]
        self._pattern = (
            re.compile(
                r"(?<![\w-])(?:"
                + "|".join(
                    f"(?={re.escape(first)})(?:" + "|".join(f"({pattern})" for _length, pattern, *_rest in group) + ")"
                    for first, group in groups.items()
                )
                + ")",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    @staticmethod
    def normalised(text: str) -> str:
        """``text`` as the positions of ``matches`` count it (NFC)."""
        return nfc(text)

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, key) of every term in ``text`` (in NFC), left to right, never overlapping."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(nfc(text)):
            yield match.start(), match.end(), self._keys[match.lastindex - 1]

    def keys_in(self, text: str) -> set[str]:
        """The terms ``text`` uses."""
        return {key for _start, _end, key in self.matches(text)}

    def first_matches(self, text: str) -> list[tuple[int, int, str]]:
        """The first occurrence of each term in ``text`` (in NFC)."""
        seen: set[str] = set()
        first = []
        for start, end, key in self.matches(text):
            if key not in seen:
                seen.add(key)
                first.append((start, end, key))
        return first
