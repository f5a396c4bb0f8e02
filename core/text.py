"""Text normalisation shared by lookup keys, the search index and the query parser.

Vietnamese is written with stacked diacritics (ệ, ữ) and the letter đ, which has no Unicode
decomposition. People type it with, without, or with half of its marks, so everything that
compares text folds it first: decompose, drop combining marks, map đ to d, casefold.
"""

import functools
import re
import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ı": "i", "ł": "l", "Ł": "L"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WORDS = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish form of `text`: no diacritics, no đ, no control characters."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", text).translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


# A word as written: letters, digits and any combining marks (so text typed decomposed, as
# some keyboards do, stays one word).
_RAW_WORDS = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@functools.lru_cache(maxsize=200_000)
def _folded_word(word: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(fold(word)))


def words(text: str) -> list[str]:
    """The folded alphanumeric words of `text`, in order.

    Folds word by word through a cache: the same few thousand words recur across a large
    corpus, and folding them character by character again dominated rebuilding the index.
    """
    if not text:
        return []
    found: list[str] = []
    for word in _RAW_WORDS.findall(text):
        found.extend(_folded_word(word))
    return found


def index_text(*parts: str) -> str:
    """One search column: folded words separated by single spaces, padded so that
    ``" word"`` matches only at a word start."""
    tokens: list[str] = []
    for part in parts:
        tokens.extend(words(part))
    return " " + " ".join(tokens) + " " if tokens else ""


def symbol_key(symbol: str) -> str:
    """Normalised form of a document symbol for exact lookup: ``365-QĐ/TW`` → ``365-QD/TW``."""
    folded = fold(symbol).upper()
    return re.sub(r"\s+", "", folded)


def english_stem(word: str) -> str:
    """A light English stemmer for the SQLite search path.

    PostgreSQL stems English with Snowball; SQLite has no stemmer, so plurals and the
    commonest verb endings are stripped here to keep the two databases' results close.
    Vietnamese syllables are short and never end in these suffixes in folded form
    often enough to matter, but very short words are left alone.
    """
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in ("ments", "ment", "ings", "ing", "ions", "ion", "ies", "ied", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            if suffix in {"ies", "ied"}:
                stem += "y"
            return stem
    return word


def edit_distance(first: str, second: str) -> int:
    """Edits (a character added, dropped, changed, or two neighbours swapped) from one to the
    other: the optimal string alignment distance, for short strings (numbers, words)."""
    table = [
        [max(row, column) if 0 in (row, column) else 0 for column in range(len(second) + 1)]
        for row in range(len(first) + 1)
    ]
    for row in range(1, len(first) + 1):
        for column in range(1, len(second) + 1):
            changed = first[row - 1] != second[column - 1]
            table[row][column] = min(
                table[row - 1][column] + 1,
                table[row][column - 1] + 1,
                table[row - 1][column - 1] + changed,
            )
            swapped = (
                row > 1 and column > 1 and first[row - 1] == second[column - 2] and first[row - 2] == second[column - 1]
            )
            if swapped:
                table[row][column] = min(table[row][column], table[row - 2][column - 2] + 1)
    return table[-1][-1]
