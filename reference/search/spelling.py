"""Forgiving matching: when a query finds nothing, the nearest query that finds something.

The vocabulary is every folded word of the index with the number of entries using it, built
once per data version by the pre-render job (``vocabulary_store``: seconds of CPU on a large
index) and read by each process in one query, with a trigram index over it. A correction
looks only at the words sharing the most trigrams with a typed word (``CANDIDATES``), never at
the entries, so a search that finds nothing costs a few lookups in memory and, at most,
``ATTEMPTS`` cheap existence checks. The same vocabulary and rule on both databases, so SQLite
and PostgreSQL correct a query alike.
"""

from __future__ import annotations

import contextvars
import json
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from itertools import pairwise

from django.db import connection

from core import text
from core.data_version import PerVersion, Version, data_version_rendered, data_version_unchanged
from core.models import DataState
from reference.models import SearchEntry, SpellingVocabulary
from reference.search.vocabulary import ENGLISH_STOP_WORDS, VIETNAMESE_STOP_WORDS, is_syllabic

# Words compared with a typed word: those sharing the most trigrams with it.
CANDIDATES = 60
# Other words tried in place of a known word ("cập nhập" for "cập nhật"), at most.
ATTEMPTS = 6
STOP_WORDS = ENGLISH_STOP_WORDS | VIETNAMESE_STOP_WORDS


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
        return cls._indexed(dict(counts), pairs)

    @classmethod
    def _indexed(cls, counts: dict[str, int], pairs: set[str]) -> Vocabulary:
        by_trigram: dict[str, list[str]] = {}
        for word in counts:
            for trigram in _trigrams(word):
                by_trigram.setdefault(trigram, []).append(word)
        return cls(counts=counts, ordered=sorted(counts), by_trigram=by_trigram, pairs=pairs)

    def dumps(self) -> bytes:
        """The words and pairs, as stored (``SpellingVocabulary.words``); the indexes over them
        are rebuilt on loading, in a small fraction of the time reading the index takes."""
        plain = {"counts": self.counts, "pairs": sorted(self.pairs)}
        return zlib.compress(json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode())

    @classmethod
    def loads(cls, stored: bytes) -> Vocabulary:
        plain = json.loads(zlib.decompress(stored))
        return cls._indexed(plain["counts"], set(plain["pairs"]))

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
# The build started in ``_builder`` for a data version whose vocabulary is not stored, if any.
_builds = PerVersion()
# Up to this many index entries, a request that finds no stored vocabulary builds it (about
# 0.2 s for 5,000: the reference data has some 1,500); beyond, ``_builder`` does, off the
# request (``vocabulary_built``): one thread, so one build at a time in this process.
INLINE_ENTRIES = 5_000
_builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vocabulary")


def _index_texts():
    return SearchEntry.objects.values_list("search_text", flat=True).iterator(chunk_size=2000)


def _stored(version: Version) -> bytes | None:
    found = (
        SpellingVocabulary.objects.filter(version=version.number, changed_at=version.changed_at)
        .values_list("words", flat=True)
        .first()
    )
    return None if found is None else bytes(found)


def vocabulary_store(*, version: Version) -> bool:
    """Build the vocabulary of data version ``version`` from the index and keep it where every
    process reads it (``SpellingVocabulary``), with that of the version served now: the
    pre-render job's first step after every data change, so that no web worker spends seconds
    of CPU building its own. False, keeping nothing, if the data moved on meanwhile: the index
    read may then be newer than ``version`` (the newer version's own job stores its words)."""
    if not data_version_unchanged(version):
        return False
    built = Vocabulary.build(_index_texts())
    if not data_version_unchanged(version):
        return False
    SpellingVocabulary.objects.bulk_create(
        [SpellingVocabulary(version=version.number, changed_at=version.changed_at, words=built.dumps())],
        update_conflicts=True,
        unique_fields=["version"],
        update_fields=["changed_at", "words"],
    )
    served = DataState.objects.values_list("served_version", flat=True).first()
    SpellingVocabulary.objects.exclude(version__in={version.number, served}).delete()
    return True


def vocabulary() -> Vocabulary:
    """The vocabulary of the index, kept in this process once per data version: the one the
    pre-render job stored (``vocabulary_store``), else built from the index."""
    return _vocabularies.get(_stored_or_built)


def _stored_or_built() -> Vocabulary:
    stored = _stored(data_version_rendered())
    return Vocabulary.build(_index_texts()) if stored is None else Vocabulary.loads(stored)


def _build_in_thread() -> None:
    try:
        vocabulary()
    finally:
        connection.close()  # the builder thread's own connection


def vocabulary_built(*, wait: float) -> bool:
    """Whether the vocabulary is ready, after waiting at most ``wait`` seconds for it.

    Nothing is read once it is in this process. Otherwise the pre-render job's copy is read
    (one query; under 0.1 s to load at 112,000 entries). Only if the job has not stored one
    yet (it builds it first after a data change, in seconds to tens of seconds) is the index
    read: a small one by this request, a large one by a thread of this process, started once
    per data version, that a request waits for only within its budget and leaves to finish
    for the next. So a data version costs a process at most one count of the index, not one
    per search that finds nothing, and a search that finds something never reads any of it."""
    if _vocabularies.built():
        return True
    if not _builds.built():
        stored = _stored(data_version_rendered())
        if stored is not None:
            _vocabularies.get(lambda: Vocabulary.loads(stored))
            return True
        if SearchEntry.objects.count() <= INLINE_ENTRIES:
            _vocabularies.get(lambda: Vocabulary.build(_index_texts()))
            return True
    # The thread reads the data version this request reads (a pre-render job's, if any).
    started = _builds.get(lambda: _builder.submit(contextvars.copy_context().run, _build_in_thread))
    try:
        started.result(timeout=max(0.0, wait))
    except FutureTimeout:
        return False
    except Exception:
        _builds.clear()  # The build failed (the database went away?): the next search tries again.
        raise
    return True


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
            nearest = [word for word in known.nearest(stem, *around(position)) if word not in STOP_WORDS]
            if nearest:
                fixed[position] = nearest[0]
    if fixed != words and finds(" ".join(fixed)):
        return " ".join(fixed)
    attempts = 0
    for position, stem in enumerate(single):
        if not stem or fixed[position] != words[position] or len(stem) < 3:
            continue
        before, after = around(position)
        if known.fits(stem, before, after):
            continue  # As typed, it already sits next to its neighbour somewhere: no slip.
        for other in known.nearest(stem, before, after)[:2]:
            if not known.fits(other, before, after):
                break
            if other in STOP_WORDS:
                # Optional words: "correcting" into one only takes the word out ("tổng" → "trong").
                continue
            if attempts >= ATTEMPTS:
                return None
            attempts += 1
            trial = " ".join([*fixed[:position], other, *fixed[position + 1 :]])
            if finds(trial):
                return trial
    return None


# Queries tried without one of their words, at most: each is one existence check.
WITHOUT_ATTEMPTS = 4


@dataclass(frozen=True)
class WithoutOneWord:
    """A query that found something once ``left_out`` (typed words, as typed) was taken out."""

    query: str
    left_out: str


def _entries_using(known: Vocabulary, stem: str) -> int:
    """How many entries use a word starting with ``stem`` (each word's count, summed)."""
    index, total = bisect_left(known.ordered, stem), 0
    while index < len(known.ordered) and known.ordered[index].startswith(stem):
        total += known.counts[known.ordered[index]]
        index += 1
    return total


def query_without_one_word(query: str, finds: Callable[[str], bool]) -> WithoutOneWord | None:
    """The query without the one word that keeps it from finding anything, if leaving that
    word out finds something (``finds``), else None: for a question whose main word no record
    has ("who dismisses the prime minister", "tiểu sử Tổng Bí thư").

    Words the index does not know at all are left out first, then the rarest: the word least
    likely to be shared by the records that hold the others. Stop words are never the word
    left out (they need not match anyway), and what is left must still hold a word that has to
    match. A query in Vietnamese syllables loses a syllable or a two-syllable word ("tiểu sử",
    a pair the index never has side by side, before either syllable) only at either end, and
    keeps two syllables: taking one out of the middle would make neighbours of syllables the
    query kept apart, and one syllable alone is rarely the word meant ("luật" of "luật đất đai").
    At most ``WITHOUT_ATTEMPTS`` queries are tried."""
    words = query.split()
    terms = [term for typed in words for term in (text.english_stem(word) for word in text.words(typed))]
    syllabic = is_syllabic(query, terms)
    stop_words = VIETNAMESE_STOP_WORDS if syllabic else ENGLISH_STOP_WORDS | VIETNAMESE_STOP_WORDS
    stems = [[text.english_stem(word) for word in text.words(typed)] for typed in words]
    content = [index for index, found in enumerate(stems) if found and not set(found) <= stop_words]
    if len(content) < (3 if syllabic else 2):
        return None
    known = vocabulary()
    if syllabic:
        first, last = content[0], content[-1]
        spans = [(first, first + 1), (last, last + 1)]
        if content[1] == first + 1:
            spans.append((first, first + 2))
        if content[-2] == last - 1:
            spans.append((last - 1, last + 1))
        spans = [span for span in spans if len([i for i in content if not span[0] <= i < span[1]]) >= 2]
    else:
        spans = [(index, index + 1) for index in content]

    def order(span: tuple[int, int]) -> tuple:
        span_stems = [stem for index in range(*span) for stem in stems[index]]
        unknown = not all(known.knows(stem) for stem in span_stems)
        # A two-syllable word the index never has side by side goes before its syllables.
        unseen_pair = len(span_stems) == 2 and " ".join(span_stems) not in known.pairs
        rarity = min(_entries_using(known, stem) for stem in span_stems)
        return (not unknown, not unseen_pair, rarity, span)

    for start, end in sorted(dict.fromkeys(spans), key=order)[:WITHOUT_ATTEMPTS]:
        # The stop words go too: they were never required, and left in they would rank the
        # records that use "who" or "the" above those that use what the question is about.
        trial = " ".join(words[index] for index in content if not start <= index < end)
        if finds(trial):
            return WithoutOneWord(query=trial, left_out=" ".join(words[start:end]))
    return None
