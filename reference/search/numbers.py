"""Recognises a document number however people type it, and finds the documents it names.

"365", "365-QĐ/TW", "365/QĐ-TW", "QĐ 365", "qd365", "Quy dinh so 365", "Regulation No. 365-QD/TW",
"KL 198", "Hướng dẫn 27-HD/BTCTW", "Decree 92/2025/NĐ-CP"… are all the same kind of query: a
number, perhaps a year, perhaps a kind of document (in Vietnamese, in English or abbreviated)
and perhaps the issuer part of the symbol. A query with any other word is not a number query.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import text
from regulations.models import Document

K = Document.Kind

# Folded words (or word pairs) naming one document of a kind. Plurals are left out on purpose:
# "2025 regulations" asks for the regulations of a year, not for a document numbered 2025.
KIND_WORDS: dict[tuple[str, ...], frozenset[str]] = {
    ("quy", "dinh"): frozenset({K.REGULATION}),
    ("regulation",): frozenset({K.REGULATION}),
    ("reg",): frozenset({K.REGULATION}),
    ("quyet", "dinh"): frozenset({K.DECISION}),
    ("decision",): frozenset({K.DECISION}),
    ("ket", "luan"): frozenset({K.CONCLUSION}),
    ("thong", "bao", "ket", "luan"): frozenset({K.CONCLUSION}),
    ("conclusion",): frozenset({K.CONCLUSION}),
    ("huong", "dan"): frozenset({K.INSTRUCTION}),
    ("instruction",): frozenset({K.INSTRUCTION}),
    ("guidance",): frozenset({K.INSTRUCTION}),
    ("guideline",): frozenset({K.INSTRUCTION}),
    ("chi", "thi"): frozenset({K.DIRECTIVE}),
    ("directive",): frozenset({K.DIRECTIVE}),
    ("nghi", "quyet"): frozenset({K.RESOLUTION}),
    ("resolution",): frozenset({K.RESOLUTION}),
    ("nghi", "dinh"): frozenset({K.DECREE}),
    ("decree",): frozenset({K.DECREE}),
    ("bao", "cao"): frozenset({K.REPORT}),
    ("report",): frozenset({K.REPORT}),
}
# Abbreviations used in symbols. QĐ stands for both Quy định and Quyết định.
KIND_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "qd": frozenset({K.REGULATION, K.DECISION}),
    "kl": frozenset({K.CONCLUSION}),
    "hd": frozenset({K.INSTRUCTION}),
    "ct": frozenset({K.DIRECTIVE}),
    "nq": frozenset({K.RESOLUTION}),
    "nd": frozenset({K.DECREE}),
    "bc": frozenset({K.REPORT}),
}
# The issuer part of a symbol (after the slash): TW for the Central Committee's organs…
ISSUER_CODES = {"tw", "btctw", "cp", "twdtn"}
# …and how they come out when typed with the Vietnamese letter Ư ("365-QĐ/TƯ"), which folds to u.
ISSUER_ALIASES = {"tu": "tw", "btctu": "btctw", "tudtn": "twdtn"}
FILLER = {"so", "no", "number", "nr", "num", "of", "the", "ngay", "nam", "year", "dated"}
TOKEN = re.compile(r"[a-z]+|\d+")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class NumberQuery:
    number: int
    kinds: frozenset[str] | None = None
    year: int | None = None
    issuer_code: str | None = None
    issued_on: datetime.date | None = None

    def describe(self) -> str:
        """What was understood, e.g. "Number 365 · Quy định — Regulation · TW"."""
        parts = [_("Number %(number)s") % {"number": self.number}]
        if self.kinds:
            # On Vietnamese pages the kind's label is the Vietnamese name already.
            vietnamese = (get_language() or "").startswith("vi")
            labels = sorted(
                Document.KIND_VI[kind] if vietnamese else f"{Document.KIND_VI[kind]} — {K(kind).label}"
                for kind in self.kinds
            )
            parts.append(_(" or ").join(labels))
        if self.year:
            parts.append(_("year %(year)s") % {"year": self.year})
        if self.issuer_code:
            parts.append(_("issuer code %(code)s") % {"code": self.issuer_code.upper().replace("DTN", "ĐTN")})
        if self.issued_on:
            parts.append(_("dated %(date)s") % {"date": self.issued_on.strftime("%d/%m/%Y")})
        return " · ".join(parts)


def parse_number_query(query: str) -> NumberQuery | None:
    """The number query ``query`` expresses, or None if it is anything else."""
    tokens = TOKEN.findall(text.fold(query[:MAX_QUERY_LENGTH]))
    if not tokens:
        return None
    numbers: list[int] = []
    kinds: frozenset[str] | None = None
    issuer_code = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        phrase = next(
            (
                words
                for words in sorted(KIND_WORDS, key=len, reverse=True)
                if tuple(tokens[index : index + len(words)]) == words
            ),
            None,
        )
        if phrase:
            kinds = KIND_WORDS[phrase] if kinds is None else kinds & KIND_WORDS[phrase]
            index += len(phrase)
            continue
        if token.isdigit():
            if len(token) > 9:
                return None
            numbers.append(int(token))
        elif token in KIND_ABBREVIATIONS:
            found = KIND_ABBREVIATIONS[token]
            kinds = found if kinds is None else kinds & found
        elif token in ISSUER_CODES:
            issuer_code = token
        elif token in ISSUER_ALIASES:
            issuer_code = ISSUER_ALIASES[token]
        elif token not in FILLER:
            return None
        index += 1
    if not numbers or kinds == frozenset():
        return None
    number, rest = numbers[0], numbers[1:]
    year = issued_on = None
    if len(rest) >= 3:
        issued_on = _date(rest[-3:])
        rest = rest[:-3] if issued_on else rest
    if rest and len(rest) == 1 and 1900 <= rest[0] <= 2100:
        year = rest[0]
    elif rest:
        return None
    return NumberQuery(number=number, kinds=kinds, year=year, issuer_code=issuer_code, issued_on=issued_on)


def _date(parts: list[int]) -> datetime.date | None:
    day, month, year = parts
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass
class NumberMatch:
    documents: list[Document]
    relaxed: bool  # nothing matched everything typed; these match the number alone


def documents_for_number(parsed: NumberQuery) -> NumberMatch:
    """Documents with this number that fit everything else the query said. When the kind,
    year or issuer rule everything out, fall back to the number alone and say so."""
    candidates = list(Document.objects.for_list().filter(number=parsed.number).order_by("-is_core", "-issued_on"))
    exact = [document for document in candidates if _fits(document, parsed)]
    if exact:
        return NumberMatch(documents=exact, relaxed=False)
    return NumberMatch(documents=candidates, relaxed=bool(candidates))


def _fits(document: Document, parsed: NumberQuery) -> bool:
    if parsed.kinds and document.kind not in parsed.kinds:
        return False
    if parsed.year and document.issue_year != parsed.year:
        return False
    if parsed.issued_on and document.issued_on and document.issued_on != parsed.issued_on:
        return False
    if parsed.issuer_code:
        symbol_tokens = TOKEN.findall(text.fold(document.symbol))
        if symbol_tokens and parsed.issuer_code not in symbol_tokens:
            return False
    return True


def numbers_near(number: int, *, limit: int = 5) -> list[Document]:
    """Documents whose number is closest to one that matched nothing: first those one slip of
    the finger away (369 for 368, 356 or 3655 for 365), then the numerically nearest. Two or more
    slips make a different number, not a typo, so those count only by their distance."""
    typed = str(number)
    return sorted(
        Document.objects.for_list(),
        key=lambda document: (
            min(text.edit_distance(typed, str(document.number)), 2),
            abs(document.number - number),
            not document.is_core,
            document.slug,
        ),
    )[:limit]
