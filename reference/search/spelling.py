"""Forgiving matching: when a query finds nothing, the nearest query that finds something.

The vocabulary is every folded word of the index with the number of entries using it, built
once per data version and kept in this process, with a trigram index over it. A correction
looks only at the words sharing the most trigrams with a typed word (``CANDIDATES``), never at
the entries, so a search that finds nothing costs a few lookups in memory and, at most,
``ATTEMPTS`` cheap existence checks. The same vocabulary and rule on both databases, so SQLite
and PostgreSQL correct a query alike.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from core import text
from core.data_version import PerVersion
from reference.models import SearchEntry

# Words compared with a typed word: those sharing the most trigrams with it.
CANDIDATES = 60
# Other words tried in place of a known word ("cập nhập" for "cập nhật"), at most.
ATTEMPTS = 6


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def allowed_edits(word: str) -> int:
    """How many edits a correction of ``word`` may make: 1 up to five letters, 2 up to eight,
    3 beyond ("Politbureau" → "politburo")."""
    return 1 if len(word) <= 5 else 2 if len(word) <= 8 else 3


@dataclass
class Vocabulary:
    counts: dict[str, int]
    ordered: list[str]
    by_trigram: dict[str, list[str]]
    # Neighbouring words as they occur ("cap nhat"): which correction fits its neighbours.
    pairs: set[str]

    @classmethod
    def build(cls, texts) -> Vocabulary:
        counts: Counter[str] = Counter()
        pairs: set[str] = set()
        for search_text in texts:
            words = search_text.split()
            counts.update({word for word in words if word.isalpha() and len(word) >= 2})
            pairs.update(f"{first} {second}" for first, second in pairwise(words))
        by_trigram: dict[str, list[str]] = {}
        for word in counts:
            for trigram in _trigrams(word):
                by_trigram.setdefault(trigram, []).append(word)
        return cls(counts=dict(counts), ordered=sorted(counts), by_trigram=by_trigram, pairs=pairs)

    def knows(self, term: str) -> bool:
        """Whether some word of the index starts with ``term``."""
        index = bisect_left(self.ordered, term)
        return index < len(self.ordered) and self.ordered[index].startswith(term)

    def nearest(self, term: str, before: str | None = None, after: str | None = None) -> list[str]:
        """Words within ``allowed_edits`` of ``term`` (itself excluded), fewest edits first, then
        those that occur next to the query's neighbouring words ``before`` and ``after``, then
        the most used."""
        shared: Counter[str] = Counter()
        for trigram in _trigrams(term):
            shared.update(self.by_trigram.get(trigram, ()))
        scored = []
        for word, _shared in shared.most_common(CANDIDATES):
            if word != term and abs(len(word) - len(term)) <= allowed_edits(term):
                distance = text.edit_distance(term, word)
                if distance <= allowed_edits(term):
                    scored.append((distance, -self.fits(word, before, after), -self.counts[word], word))
        return [word for *_order, word in sorted(scored)]

    def fits(self, word: str, before: str | None, after: str | None) -> bool:
        """Whether ``word`` occurs right after ``before`` or right before ``after``."""
        return bool(before and f"{before} {word}" in self.pairs) or bool(after and f"{word} {after}" in self.pairs)


_vocabularies = PerVersion()


def vocabulary() -> Vocabulary:
    """The vocabulary of the index, built once per data version in this process."""
    return _vocabularies.get(
        lambda: Vocabulary.build(SearchEntry.objects.values_list("search_text", flat=True).iterator(chunk_size=2000))
    )


def corrected_query(query: str, finds: Callable[[str], bool]) -> str | None:
    """The query with its typing mistakes corrected, if that finds something (``finds``), else
    None. Words the index does not know are replaced by their nearest word; if that is not
    enough, a known word by a near word that occurs next to its neighbour in the query
    ("cập nhập" → "cập nhật"). The query is rewritten word for word as typed, a corrected
    word folded."""
    words = query.split()
    stems = [[text.english_stem(word) for word in text.words(typed)] for typed in words]
    single = [found[0] if len(found) == 1 and found[0].isalpha() else None for found in stems]
    known = vocabulary()

    def around(position: int) -> tuple[str | None, str | None]:
        before = stems[position - 1][-1] if position > 0 and stems[position - 1] else None
        after = stems[position + 1][0] if position + 1 < len(stems) and stems[position + 1] else None
        return before, after

    fixed = list(words)
    for position, stem in enumerate(single):
        if stem and not known.knows(stem):
            nearest = known.nearest(stem, *around(position))
            if nearest:
                fixed[position] = nearest[0]
    if fixed != words and finds(" ".join(fixed)):
        return " ".join(fixed)
    attempts = 0
    for position, stem in enumerate(single):
        if not stem or fixed[position] != words[position] or len(stem) < 3:
            continue
        before, after = around(position)
        for other in known.nearest(stem, before, after)[:2]:
            if not known.fits(other, before, after):
                break
            if attempts >= ATTEMPTS:
                return None
            attempts += 1
            trial = " ".join([*fixed[:position], other, *fixed[position + 1 :]])
            if finds(trial):
                return trial
    return None
