"""Full-text queries over ``SearchEntry``, on PostgreSQL or SQLite, with highlighted snippets.

Which entries match depends on the database. On SQLite every folded, lightly stemmed query word
must start a word of ``search_text`` (a query in Vietnamese syllables: be a whole word of it,
but for its last syllable, which may still be being typed), looked up in an FTS5 table over
the folded columns (reference migration 0006: ``_sqlite_candidates``). PostgreSQL uses the
stored, GIN-indexed ``vector`` column (regulations migrations 0002 and 0005) and accepts an
entry that ``websearch_to_tsquery`` matches under either configuration (Vietnamese unaccented,
English unaccented and stemmed), or in which every query word starts a word, the SQLite rule,
looked up in the GIN-indexed ``phrases`` column (reference migration 0003). So PostgreSQL
finds what SQLite finds and more besides: Snowball stems, quoted phrases, ``or`` and ``-word``
(for plain Vietnamese syllables the ``phrases`` rule alone: ``_postgres_matches``).

Neither ranks every match: a bounded candidate set (``_candidate_ids``) is read first, so a
word found in half the corpus costs about what a rare one does.

The order is the same on both, because it is one formula over the folded ``title_text`` and
``search_text`` columns written with portable functions (``ts_rank`` on one side and an
imitation of it on the other disagreed on ties and on what a title match was worth). For each
query word, and for each pair of neighbouring words (Vietnamese is written in syllables: "bộ
trưởng" is one word, and "bộ … trưởng" far apart is not it), a match in the title scores 1.0
and one only in the body 0.4. The rank is the mean of the word and pair scores times the
entry's weight (core documents and positions up, "not found in the sources" key points down;
see ``index``). Ties go to the entry that uses the words more often, then to the one whose
title is most nearly just those words ("Minister" before "Deputy minister").
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import time
import unicodedata
from bisect import bisect_left
from contextlib import contextmanager
from itertools import islice, pairwise

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.safestring import SafeString, mark_safe

from core import text
from core.data_version import PerVersion
from core.slots import process_slots
from reference.models import SearchEntry, SearchWord
from reference.search.synonyms import query_units
from reference.search.vocabulary import is_syllabic, required_terms
from regulations.models import Document

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Full text ranks a bounded candidate set, never every match: at most TITLE_POOL matches whose
# titles hold every word and POOL others, the first the database finds in a fixed order
# (``_candidates``), of which the CANDIDATES best by a cheap first rank (PostgreSQL) or the
# first (SQLite) get the full formula (``_ranked``). The search page shows at most 120
# results, the JSON pages as many as CANDIDATES.
POOL = 200
TITLE_POOL = 100
CANDIDATES = 200
# On PostgreSQL a word that may still be being typed is looked up as the words of the index it
# starts (``_exact``), if it starts at most this many; a shorter beginning stays a prefix.
EXPANSIONS = 40
# The FTS5 table over the entries' folded columns (reference migration 0006), on SQLite only,
# and how few entries a page's filters must leave for a scan of them to be asked instead.
FTS_TABLE = "reference_searchentry_fts"
FEW_ENTRIES = 5000
# Titles the "did you mean" comparison looks at on SQLite (difflib, in Python), at most.
SIMILAR_CANDIDATES = 100
# How alike (difflib's ratio) a window of a title and the query must be to be offered.
SIMILAR_RATIO = 0.6
# How often SQLite asks whether the budget is spent, in virtual-machine instructions.
SQLITE_BUDGET_CHECK = 10_000
# How long a search waits for a slot before it is refused: long enough that ordinary bursts
# queue rather than fail, short enough that the threads waiting keep cheap pages waiting little.
SLOT_WAIT_SECONDS = 0.5
TITLE_SCORE = 1.0
BODY_SCORE = 0.4
# Entries of a replaced document (and records belonging to one) rank below comparable entries
# of the rules in force: they are still found and marked, but the current rule comes first.
REPLACED_FACTOR = 0.7
# An entry whose own title, in either language, is the query ("Central Committee member": the
# standard of that name) ranks above entries that only mention it (the deputy whose title adds
# "who is a Central Committee member", the key point headed "365-QĐ/TW: Central Committee
# members"). Above the positions' extra weight (1.2), below what being replaced takes away.
OWN_TITLE_FACTOR = 1.25
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w+", re.UNICODE)
# What ``websearch_to_tsquery`` reads as syntax: a quote, "or" between words, "-" before one.
_WEBSEARCH_SYNTAX = re.compile(r'"|(?:^|\s)(?:-\w|or(?:\s|$))', re.IGNORECASE)


def _normalised(raw: str) -> str:
    return " ".join(_CONTROL.sub(" ", raw or "").split())


def clean_query(raw: str) -> str:
    """The query as the engines will see it: no control characters, bounded length."""
    return _normalised(raw)[:MAX_QUERY_LENGTH]


def query_too_long(raw: str) -> bool:
    """Longer than any query the search box sends (``maxlength``): refused, not searched."""
    return len(_normalised(raw)) > MAX_QUERY_LENGTH


def _stems(query: str) -> list[str]:
    return [text.english_stem(word) for word in text.words(query)]


def query_terms(query: str) -> list[str]:
    """Folded, stemmed words of the query: what a matching entry must contain."""
    return list(dict.fromkeys(_stems(query)))[:MAX_TERMS]


def query_phrases(query: str) -> list[str]:
    """Neighbouring pairs of query words, as they appear in the folded columns."""
    stems = _stems(query)[:MAX_TERMS]
    return list(dict.fromkeys(f"{first} {second}" for first, second in pairwise(stems)))


def search_entries(query: str, queryset: QuerySet | None = None) -> QuerySet:
    """Entries matching ``query``, best first, annotated with ``rank``.

    Stop words need not match (``vocabulary.required_terms``). A number among other words
    also matches the records of the documents with that number, whether or not their text
    repeats it ("148 thủ tướng"). A query written in Vietnamese syllables must find two of its
    syllables side by side ("luật đất đai" is not "kỷ luật … đất nước … lâu dài").

    The candidates are bounded (``POOL``, ``TITLE_POOL``, ``CANDIDATES``) and their ids are
    read when this is called, so call it inside ``time_limited``; the ranked entries are a
    lazy QuerySet over at most ``CANDIDATES`` rows, cheap to count.
    """
    queryset = SearchEntry.objects.all() if queryset is None else queryset
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    syllabic = is_syllabic(query, terms)
    required = required_terms(terms, syllabic=syllabic)
    units = query_units(required)
    neighbours = Q()
    whole: frozenset[tuple[str, ...]] = frozenset()
    # Plain syllables: two or more, which must stand side by side.
    syllables = syllabic and len(required) > 1
    if syllables:
        # A synonym found in place of the typed words counts as words side by side.
        neighbours = _neighbours(required)
        for unit in units:
            if len(unit) > 1:
                neighbours |= _contains(unit, numbered=False)
        # Syllables are matched whole, but for the last, which may still be being typed: "can
        # bo" is not "cảnh bố", as ``highlight`` marks it. Whole words are also what the
        # indexes look up fastest (no prefix scan of a common syllable's lexemes).
        whole = frozenset(units[:-1])
    if connection.vendor == "postgresql":
        words = _required_words(query, required, terms)
        queryset = _postgres_matches(words, units, queryset, neighbours, required, whole, syllables=syllables)
    else:
        matching = queryset
        for unit in units:
            matching = matching.filter(_contains(unit, numbered=len(required) > 1, whole=unit in whole))
        # No cheap first rank here: the pool is cut to what the full formula may rank.
        found = _sqlite_candidates(matching.filter(neighbours), units, queryset, neighbours, whole, required=required)
        pool = list(dict.fromkeys(found))  # title matches first, each once
        queryset = queryset.filter(pk__in=pool[:CANDIDATES])
    return _ranked(queryset, terms, query_phrases(query), query)


def _contains(unit: tuple[str, ...], *, numbered: bool, column: str = "search_text", whole: bool = False) -> Q:
    """Where one of the ``unit``'s alternatives (words or phrases: ``synonyms.query_units``)
    starts a word of ``column`` (is one or more whole words of it, if ``whole``); a number
    next to other words also where it is the entry's document's."""
    found = Q()
    end = " " if whole else ""
    for alternative in unit:
        needle = f" {alternative}{end}"
        if column == "title_text":
            # A position, not LIKE: PostgreSQL would answer a LIKE on the title through its
            # trigram index (kept for "did you mean") as well as the ``phrases`` one, and
            # reading both costs more than checking the few rows that ``phrases`` leaves.
            found |= Q(GreaterThan(StrIndex(column, Value(needle)), 0))
        else:
            found |= Q(**{f"{column}__contains": needle})
    if numbered and unit[0].isdigit() and len(unit[0]) <= 9:
        found |= Q(document__number=int(unit[0]))
    return found


def _neighbours(required: list[str]) -> Q:
    """At least two neighbouring syllables of ``required`` side by side, as the query has them
    (whole syllables, except the last, which may still be being typed). Not every pair: a
    paraphrase ("cấp ủy cấp huyện" for "huyện ủy") still keeps its other pairs."""
    condition = Q()
    for index, (first, second) in enumerate(pairwise(required)):
        condition |= Q(search_text__contains=f" {first} {second}" + ("" if index == len(required) - 2 else " "))
    return condition


def _required_words(query: str, required: list[str], terms: list[str]) -> str:
    """``query`` without the stop words it need not match, its operators and quotes kept."""
    if len(required) == len(terms):
        return query
    dropped = set(terms) - set(required)
    return " ".join(
        word for word in query.split() if not (_stems(word) and all(stem in dropped for stem in _stems(word)))
    )


def _postgres_matches(
    query: str,
    units: list[tuple[str, ...]],
    queryset: QuerySet,
    neighbours: Q,
    required: list[str],
    whole: frozenset[tuple[str, ...]],
    *,
    syllables: bool,
) -> QuerySet:
    """Entries whose stored vector matches (or, for a number among words, whose document has
    the number and whose vector matches the words), from a bounded candidate set
    (``_candidate_ids``): at most ``TITLE_POOL`` matches whose titles hold every word and
    ``POOL`` others, cut to the ``CANDIDATES`` best by ``ts_rank``.

    The portable formula of ``_ranked`` is costly per row, and so is ``ts_rank``, which reads
    each row's vector; over every match of a common word in a large corpus ("cán bộ" matches
    more than half of 100,000 key points) either would dominate the query. Nothing counts
    or ranks all the matches: a common word's best results are the ones whose titles hold it,
    which the title tier finds through the ``phrases`` index (title words, marked), as it
    finds syllables side by side (pairs of neighbouring words). On the reference data every
    match is a candidate, so both databases still agree.
    """
    every_word_starts_a_word = SearchQuery(
        " & ".join(_tsquery_unit(unit) for unit in units), config="cadreref_vi", search_type="raw"
    )
    tsquery = (
        SearchQuery(query, config="cadreref_vi", search_type="websearch")
        | SearchQuery(query, config="cadreref_en", search_type="websearch")
        | every_word_starts_a_word
    )
    words = [unit for unit in units if not unit[0].isdigit()]
    numbers = [int(unit[0]) for unit in units if unit[0].isdigit() and len(unit[0]) <= 9]
    side_by_side, words_lexemes, by_words, title_words = _exact(
        _side_by_side_lexemes(required, units) if neighbours else None,
        " & ".join(_word_lexemes(unit, whole=unit in whole) for unit in units),
        " & ".join(_word_lexemes(unit, whole=unit in whole) for unit in words),
        " & ".join(_title_lexemes(unit, whole=unit in whole) for unit in units),
    )
    beside = f" & ({side_by_side})" if side_by_side else ""
    # Each part through an index that gives its rows exactly, never a prefix scan of the
    # vector's lexemes (tens of milliseconds for a common syllable), and, for syllables, only
    # where two of them stand side by side (the pairs in ``phrases``): rows checked one by
    # one are then only the matches.
    matches = Q(
        _Matches(F("phrases"), _tsquery_text(words_lexemes + beside)),
        *(_contains(unit, numbered=False, whole=unit in whole) for unit in units),
    )
    if not syllables or _WEBSEARCH_SYNTAX.search(query):
        # The vector adds stems, stop words and websearch's syntax (quotes, "or", "-word"). Not
        # for plain syllables (``syllables``), even when they are one term with its synonyms
        # ("ban chấp hành trung ương", "central committee"): the part above has them side by
        # side already, English stop words would read "can bo lanh" as "bo lanh", and the
        # vector would add only the entries that scatter the syllables, at the cost of
        # intersecting the index entries of every syllable ("ban chấp hành trung ương": more
        # than half of the benchmark corpus's slowest query, 166 → 69 ms without it).
        websearch = SearchQuery(query, config="cadreref_vi", search_type="websearch")
        if not syllables:
            websearch |= SearchQuery(query, config="cadreref_en", search_type="websearch")
        by_vector = Q(vector=websearch)
        if side_by_side:
            by_vector &= Q(_Matches(F("phrases"), _tsquery_text(side_by_side)))
        matches |= by_vector
    if words and numbers:
        matches |= Q(
            _Matches(F("phrases"), _tsquery_text(by_words + beside)),
            *(_contains(unit, numbered=False, whole=unit in whole) for unit in words),
            # A subquery, not a join: the candidates stay one table's rows, read in its order
            # (``_in_table_order``) whatever the plan, where a hash join could give the other's.
            document__in=Document.objects.filter(number__in=numbers),
        )
    matching = queryset.filter(matches, neighbours)
    if side_by_side:
        title_words = f"{title_words} & ({side_by_side})"
    in_titles = queryset.filter(_Matches(F("phrases"), _tsquery_text(title_words)))
    # One read, whatever the number of matches: the bounded pool cut to the best by ts_rank.
    with _in_table_order():
        pool = list(
            SearchEntry.objects.filter(pk__in=_candidates(matching, units, in_titles, neighbours, whole))
            .annotate(first_rank=SearchRank(F("vector"), tsquery, weights=[0.1, 0.2, 0.4, 1.0]) * F("weight"))
            .order_by("-first_rank", "pk")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
    return queryset.filter(pk__in=pool)


# What ``_in_table_order`` sets for the candidate query alone (``SET LOCAL``, then back).
_TABLE_ORDER = {
    "synchronize_seqscans": "off",
    "max_parallel_workers_per_gather": "0",
    "enable_indexscan": "off",
    "enable_seqscan": "off",
}


@contextmanager
def _in_table_order():
    """PostgreSQL reads the candidate query's matches in the table's order, whatever plan it
    picks, so that the same query on the same data always finds the same candidates.

    The pool is the first matches the database finds (``_candidates``), and no index serves an
    order over them cheaply: ordering a common word's matches by id made the p95 several times
    worse, since a bitmap scan must then fetch every match before the LIMIT. A bitmap scan
    returns rows in the table's order and stops at the LIMIT, but a sequential scan of a table
    larger than a quarter of ``shared_buffers`` starts where another scan of it stopped
    (``synchronize_seqscans``), parallel workers return rows in the order they finish, and a
    btree index scan (a filter on ``kind``) in the index's order. Here a sequential scan is a
    last resort and starts at block 0, which is what a bitmap scan would give; bitmap scans are
    also what this needs, since a scan from block 0 reads every page left empty by the rebuilds'
    UPDATE of the stored vectors (over 40% of the table at scale 1), while a bitmap skips them."""
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(f"set_config('{name}', '{value}', true)" for name, value in _TABLE_ORDER.items())
            )
        yield
        # The rest of the search's transaction (the ranking) plans as usual.
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"set_config('{name}', NULL, true)" for name in _TABLE_ORDER))


def _candidates(
    matching: QuerySet,
    units: list[tuple[str, ...]],
    titles: QuerySet,
    neighbours: Q,
    whole: frozenset[tuple[str, ...]],
    *,
    limit: int | None = None,
) -> QuerySet:
    """The ids (a lazy UNION, to read or to use as a subquery) of at most ``TITLE_POOL``
    entries of ``titles`` (on PostgreSQL already narrowed through the ``phrases`` index) whose
    titles hold every unit, then of at most ``limit`` entries of ``matching``: the first the
    database finds, since nothing cheap orders them, yet the same on every run: on PostgreSQL
    the first in the table's order whatever the plan (``_in_table_order``); SQLite, which has
    no synchronized or parallel scans, reads them in its one plan's order (the table's rowid
    order, or that of an index a filter uses). Title matches come
    first because they rank first (``_ranked``) and an arbitrary slice of a common word's
    matches may miss them. Two bounded parts, whatever the number of matches: each part's LIMIT
    sits in an ``IN`` subquery, since SQLite allows no LIMIT in a member of a UNION itself."""
    titled = titles.filter(
        *(_contains(unit, numbered=False, column="title_text", whole=unit in whole) for unit in units), neighbours
    )
    entries = SearchEntry.objects.values_list("pk", flat=True)
    return entries.filter(pk__in=titled.values("pk")[:TITLE_POOL]).union(
        entries.filter(pk__in=matching.values("pk")[: POOL if limit is None else limit]), all=True
    )


def _sqlite_candidates(
    matching: QuerySet,
    units: list[tuple[str, ...]],
    titles: QuerySet,
    neighbours: Q,
    whole: frozenset[tuple[str, ...]],
    *,
    required: list[str],
) -> list[int]:
    """``_candidates`` on SQLite, read through the FTS5 table of reference migration 0006: at
    most ``TITLE_POOL`` ids of ``titles`` whose titles hold every unit, then at most
    ``CANDIDATES`` of ``matching``, each in the order of their ids, as a scan of the entries
    found them. The ``LIKE`` conditions of ``matching`` stay the exact check, so the FTS5
    query need only find every match, and may find more: a number among other words (a match
    through the entry's document, which FTS5 cannot see) is left out of it, and so are the
    syllables side by side where a synonym's phrase, which counts as such, is required anyway.
    A query of numbers alone (nothing to ask FTS5) still scans, and so does a search the page's
    filters narrow to few entries (``FEW_ENTRIES``): FTS5 would walk every match of a common
    word to find the few that pass the filter, where the scan reads only those entries (through
    the kind's index) or every row once."""
    numbered = len(required) > 1
    words = [unit for unit in units if not (numbered and unit[0].isdigit() and len(unit[0]) <= 9)]
    # An or of every pair: costly where the syllables are common, and implied by a synonym.
    side_by_side = bool(neighbours) and not any(len(unit) > 1 for unit in words)
    beside = [f"search_text : ({_fts_side_by_side(required, units)})"] if side_by_side else []
    if (not words and not beside) or _few(titles):
        return list(_candidates(matching, units, titles, neighbours, whole, limit=CANDIDATES))
    titled = titles.filter(
        *(_contains(unit, numbered=False, column="title_text", whole=unit in whole) for unit in units), neighbours
    )
    in_titles = [f"title_text : {_fts_unit(unit, whole=unit in whole)}" for unit in units]
    in_text = [f"search_text : {_fts_unit(unit, whole=unit in whole)}" for unit in words]
    return _fts_ids(
        [
            (titled, " AND ".join(in_titles + beside), TITLE_POOL),
            (matching, " AND ".join(in_text + beside), CANDIDATES),
        ]
    )


def _few(queryset: QuerySet) -> bool:
    """Whether ``queryset`` is filtered down to at most ``FEW_ENTRIES`` entries: one read that
    stops at the entry after them, at once when the filter leaves many."""
    return bool(queryset.query.where) and not queryset.order_by()[FEW_ENTRIES : FEW_ENTRIES + 1].exists()


def _fts_ids(parts: list[tuple[QuerySet, str, int]]) -> list[int]:
    """In one read, for each (queryset, FTS5 query, limit) in turn, the ids of at most ``limit``
    entries of the queryset that the FTS5 query finds, in the order of their ids. FTS5 drives
    each join (CROSS JOIN fixes the order), so a part stops at its ``limit``-th: SQLite's
    planner otherwise starts from an index of the entries when the page filters by kind, and
    runs the full-text query again for each row. Each part's LIMIT sits in a subquery, since
    SQLite allows none in a member of a UNION itself."""
    statements, params = [], []
    for queryset, match, limit in parts:
        try:
            sql, part_params = queryset.order_by().values(entry_id=F("pk")).query.sql_with_params()
        except EmptyResultSet:
            continue
        statements.append(
            f"SELECT * FROM (SELECT entry_id FROM {FTS_TABLE} CROSS JOIN ({sql}) ON entry_id = {FTS_TABLE}.rowid "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s LIMIT %s)"
        )
        params += [*part_params, match, limit]
    if not statements:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        return [row[0] for row in cursor.fetchall()]


def _fts_phrase(words: str, *, prefix: bool) -> str:
    """Folded ``words`` as an FTS5 phrase: quoted, so that no word is read as syntax ("and",
    "near", a column's name), and a prefix if ``prefix`` (its last word still being typed). The
    words are letters and digits; a quote would be doubled all the same."""
    return '"' + words.replace('"', '""') + '"' + ("*" if prefix else "")


def _fts_unit(unit: tuple[str, ...], *, whole: bool) -> str:
    """Where one of the unit's alternatives starts a word (``_contains``), as an FTS5 query:
    the phrases or'ed, whole words if ``whole``."""
    return "(" + " OR ".join(_fts_phrase(alternative, prefix=not whole) for alternative in unit) + ")"


def _fts_side_by_side(required: list[str], units: list[tuple[str, ...]]) -> str:
    """The ``_neighbours`` condition, with the synonyms' phrases, as an FTS5 query: each pair a
    phrase, whole but for the last, whose second word may still be being typed."""
    pairs = [
        _fts_phrase(f"{first} {second}", prefix=index == len(required) - 2)
        for index, (first, second) in enumerate(pairwise(required))
    ]
    synonyms = [_fts_phrase(alternative, prefix=True) for unit in units if len(unit) > 1 for alternative in unit]
    return " OR ".join(dict.fromkeys(pairs + synonyms))


class _Matches(Func):
    """``column @@ query`` as a condition of its own (a filter on a boolean expression), for a
    query that ``SearchQuery`` would parse with a configuration (``_tsquery_text``)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _tsquery_text(text: str) -> Cast:
    """Tsquery text taken as it is (``'bo tai':*``), not parsed by a configuration: the
    lexemes of the ``phrases`` column hold spaces and marks that a parser would split off."""
    return Cast(Value(text), output_field=SearchQueryField())


def _side_by_side_lexemes(required: list[str], units: list[tuple[str, ...]]) -> str | None:
    """The ``_neighbours`` condition (with the synonyms' phrases) as ``phrases`` lexemes, or-ed:
    each pair whole, the last word of the last pair and of a two-word phrase a prefix, as there.
    None when a synonym of one word stands in for several: nothing to look up then."""
    alternatives = [
        f"'{first} {second}'" + (":*" if index == len(required) - 2 else "")
        for index, (first, second) in enumerate(pairwise(required))
    ]
    for unit in units:
        if len(unit) > 1:
            for alternative in unit:
                words = alternative.split()
                if len(words) < 2:
                    return None
                alternatives.append(f"'{words[0]} {words[1]}'" + (":*" if len(words) == 2 else ""))
    return " | ".join(dict.fromkeys(alternatives))


# A lexeme of ``phrases`` asked for as a prefix: a word ('.su':*), a title word ('=su':*) or a
# pair whose second word may still be being typed ('nhan su':*).
_PREFIX_LEXEME = re.compile(r"'([.=]|[0-9a-z]+ )([0-9a-z]+)':\*")


_words = PerVersion()


def index_words() -> list[str]:
    """Every word of the index (``SearchWord``), sorted: read once per data version in this
    process, as the index changes only with the data version (an import, an admin edit)."""
    return _words.get(lambda: sorted(SearchWord.objects.values_list("word", flat=True)))


def _started(prefix: str) -> list[str]:
    """The index words that ``prefix`` starts, at most ``EXPANSIONS`` + 1 of them."""
    words = index_words()
    found = []
    for word in islice(words, bisect_left(words, prefix), None):
        if not word.startswith(prefix) or len(found) > EXPANSIONS:
            break
        found.append(word)
    return found


def _exact(*texts: str | None) -> list[str | None]:
    """The tsquery ``texts`` with each prefix lexeme replaced by the lexemes of the index words
    (``SearchWord``) that the prefix starts, or'ed, when there are at most ``EXPANSIONS``.

    The same rows match, found faster: the GIN index reads every entry of every lexeme in a
    prefix's range into a bitmap before it checks anything ("su" starts "sua", "sung" and
    "supple", in tens of thousands of entries), while whole lexemes let it skip through the
    common ones to the entries that have the query's rarer words."""

    def whole(match: re.Match) -> str:
        words = _started(match[2])
        # No word at all: the prefix, which then finds nothing as cheaply, or finds the entries
        # of a path that wrote no words (a test's, a hand-made index) rather than none.
        if not words or len(words) > EXPANSIONS:
            return match[0]
        return "(" + " | ".join(f"'{match[1]}{word}'" for word in words) + ")"

    return [_PREFIX_LEXEME.sub(whole, text) if text else text for text in texts]


def _word_lexemes(unit: tuple[str, ...], *, whole: bool = False) -> str:
    """Where one of the unit's alternatives starts a word (``_contains``), as ``phrases``
    lexemes: a word a prefix of one of the entry's words, a phrase every pair of its
    neighbouring words (the last pair's second word a prefix); no prefix at all if ``whole``.
    Exact but for phrases of three words or more, whose pairs may stand apart, which
    ``_contains`` then checks: asking for every pair, not the first alone, leaves it a handful
    of rows to check rather than every entry with a common pair ("tiêu chuẩn chung" read 1,360
    entries with "tiêu chuẩn" for 200 matches, 37 ms at 100,000 key points)."""
    prefix = "" if whole else ":*"
    lexemes = []
    for alternative in unit:
        words = alternative.split()
        if len(words) == 1:
            lexemes.append(f"'.{words[0]}'{prefix}")
        else:
            pairs = [f"'{first} {second}'" for first, second in pairwise(words)]
            pairs[-1] += prefix
            lexemes.append(pairs[0] if len(pairs) == 1 else "(" + " & ".join(pairs) + ")")
    return "(" + " | ".join(dict.fromkeys(lexemes)) + ")"


def _title_lexemes(unit: tuple[str, ...], *, whole: bool = False) -> str:
    """Where one of the unit's alternatives starts a word of the title (``_contains`` on
    ``title_text``), as ``phrases`` lexemes: a phrase's first word whole, a word a prefix
    (whole too if ``whole``)."""
    prefix = "" if whole else ":*"
    lexemes = [f"'={words[0]}'" + (prefix if len(words) == 1 else "") for words in (a.split() for a in unit)]
    return "(" + " | ".join(dict.fromkeys(lexemes)) + ")"


def _tsquery_unit(unit: tuple[str, ...]) -> str:
    """One unit as raw tsquery text: its alternatives or'ed, each phrase's words adjacent, every
    word a prefix. The words are folded letters and digits, so nothing in them is syntax."""
    alternatives = [" <-> ".join(f"{word}:*" for word in alternative.split()) for alternative in unit]
    return "(" + " | ".join(alternatives) + ")"


class SearchTimedOut(Exception):
    """A search ran past its time budget (``settings.SEARCH_TIME_LIMIT_MS``) and was stopped."""


class SearchBusy(SearchTimedOut):
    """Every search slot of this process was taken: the search did not start."""


@contextmanager
def _search_slot():
    """One of ``settings.SEARCH_CONCURRENCY`` searches running at once in this process, or
    ``SearchBusy`` after ``SLOT_WAIT_SECONDS``: a worker's other threads stay free for pages
    that cost nothing (a cached page, /healthz), however many slow searches arrive together."""
    slots = process_slots("search", settings.SEARCH_CONCURRENCY)
    if not slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise SearchBusy
    try:
        yield
    finally:
        slots.release()


@contextmanager
def time_limited(milliseconds: int | None = None):
    """Run the queries of one search within a time budget, so that no query can hold a worker
    for long: PostgreSQL abandons it (``SET LOCAL statement_timeout`` in a transaction), SQLite
    interrupts it (a progress handler that checks the clock). Raises ``SearchTimedOut`` when
    the budget is spent, and ``SearchBusy`` without starting when the process already runs
    ``SEARCH_CONCURRENCY`` searches; yields the deadline (``time.monotonic()``) for work done
    in Python."""
    with _search_slot(), _within_budget(milliseconds) as deadline:
        yield deadline


@contextmanager
def _within_budget(milliseconds: int | None):
    # Never 0: PostgreSQL reads a statement_timeout of 0 as no limit at all.
    milliseconds = max(1, settings.SEARCH_TIME_LIMIT_MS if milliseconds is None else milliseconds)
    deadline = time.monotonic() + milliseconds / 1000
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(milliseconds)}")
                yield deadline
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise SearchTimedOut from error
            raise
        return
    connection.ensure_connection()
    sqlite = connection.connection
    sqlite.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_BUDGET_CHECK)
    try:
        yield deadline
    except OperationalError as error:
        if "interrupted" in str(error):
            raise SearchTimedOut from error
        raise
    finally:
        sqlite.set_progress_handler(None, 0)


class _Formula(Func):
    """SQL written as text around the columns it reads, for the ranking (``_ranked``): its
    formula has a CASE per word and alternative and a LIKE per column in each, and building
    and compiling that SQL from hundreds of ORM expressions took a fifth of a search's time
    (7 ms of 37 at 100,000 key points). ``sql`` names each column ``{name}`` (``columns`` maps
    the names to fields, across the document's join where they say so), and what the two
    databases spell differently ``{greatest}``, ``{octet_length}`` and ``{float}``; only the
    columns ``sql`` names are read. Values are parameters, never SQL, and each constant is one,
    typed as the ORM typed it (a float is double precision, not numeric), so that the ranking
    computes exactly what it computed."""

    def __init__(self, sql: str, params: tuple, *, columns: dict[str, str], output_field):
        read = {name: path for name, path in columns.items() if f"{{{name}}}" in sql}
        super().__init__(*(F(path) for path in read.values()), output_field=output_field)
        self.sql, self.formula_params, self.names = sql, tuple(params), tuple(read)

    def as_sql(self, compiler, connection, **extra_context):
        sources = zip(self.names, self.get_source_expressions(), strict=True)
        columns = {name: compiler.compile(source)[0] for name, source in sources}
        postgres = connection.vendor == "postgresql"
        sql = self.sql.format(
            greatest="GREATEST" if postgres else "MAX",
            # Folded words are ASCII, so a folded column's bytes are its characters, and
            # PostgreSQL's LENGTH counts the characters of UTF-8 text one by one, on every call:
            # the ranking makes dozens of calls per candidate, and counting took half its time.
            octet_length="OCTET_LENGTH" if postgres else "LENGTH",
            float="double precision" if postgres else "real",
            **columns,
        )
        return sql, list(self.formula_params)


# The columns the ranking reads, by the names its SQL gives them.
_RANKED_COLUMNS = {
    "title": "title_text",
    "body": "search_text",
    "kind": "kind",
    "weight": "weight",
    "title_vi": "title_vi",
    "title_en": "title_en",
    "number": "document__number",
    "status": "document__status",
    "subject_vi": "document__subject_vi",
    "subject_en": "document__subject_en",
}
_LIKE = " LIKE %s ESCAPE '\\'"


def _pattern(value: str, *, before: str = "%", after: str = "%") -> str:
    """``value`` as a LIKE pattern, its own ``%``, ``_`` and ``\\`` taken literally."""
    return f"{before}{connection.ops.prep_for_like_query(value)}{after}"


def _found(words: str) -> tuple[str, list]:
    """Where ``words`` starts a word: in the title, only in the body, or nowhere. A number
    counts as in the body of the records of a document with that number."""
    pattern = _pattern(f" {words}")
    sql = "CASE WHEN {title}" + _LIKE + " THEN %s WHEN {body}" + _LIKE + " THEN %s"
    params: list = [pattern, TITLE_SCORE, pattern, BODY_SCORE]
    if words.isdigit() and len(words) <= 9:
        sql += " WHEN {number} = %s THEN %s"
        params += [int(words), BODY_SCORE]
    return sql + " ELSE %s END", [*params, 0.0]


def _combined(parts: list[tuple[str, list]], operator: str) -> tuple[str, list]:
    """``parts`` joined by ``operator`` from the left, as ``((a + b) + c)``: the order the ORM
    evaluated them in, which floating point makes part of the result."""
    sql, params = parts[0]
    for part_sql, part_params in parts[1:]:
        sql, params = f"({sql} {operator} {part_sql})", params + part_params
    return sql, params


def _total(expressions: list):
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return total


def _mean(parts: list[tuple[str, list]]) -> tuple[str, list]:
    sql, params = _combined(parts, "+")
    return f"({sql} / %s)", [*params, float(len(parts))]


def _occurrences(column: str, word: str) -> tuple[str, list]:
    """How many words of ``column`` (``{title}`` or ``{body}``) start with ``word``."""
    needle = f" {word}"
    sql = f"(({{octet_length}}({column}) - {{octet_length}}(REPLACE({column}, %s, %s))) / %s)"
    return sql, [needle, "", len(needle)]


def _own_title(query: str) -> tuple[str, list]:
    """``OWN_TITLE_FACTOR`` where the query is the entry's whole title in one language, else 1.

    ``title_text`` is the folded Vietnamese title followed by the English one, so the query's
    words begin or end it; that title is then no longer than the query as typed, give or take
    punctuation and the endings stemming took off (the length of the display column is
    portable SQL, where folding it would not be)."""
    stems = _stems(query)[:MAX_TERMS]
    if not stems:
        return "%s", [1.0]
    phrase = " ".join(stems)
    longest = len(query) + 2 * len(stems) + 2
    # A document's title names its kind and number ("180-QĐ/TW: Regulation on senior experts"):
    # it is about the query when its title holds the query and its subject, in either language,
    # is no longer than the query ("Chuyên gia cao cấp" for "senior experts").
    sql = (
        "CASE WHEN ((({title}" + _LIKE + " AND LENGTH({title_vi}) <= %s)"
        " OR ({title}" + _LIKE + " AND LENGTH({title_en}) <= %s))"
        " OR ({kind} = %s AND {title}" + _LIKE + " AND (LENGTH({subject_vi}) <= %s OR LENGTH({subject_en}) <= %s)))"
        " THEN %s ELSE %s END"
    )
    params = [
        *(_pattern(f" {phrase} ", before=""), longest),
        *(_pattern(f" {phrase} ", after=""), longest),
        *("document", _pattern(f" {phrase} "), longest, longest),
        *(OWN_TITLE_FACTOR, 1.0),
    ]
    return sql, params


def _ranked(queryset: QuerySet, terms: list[str], phrases: list[str], query: str = "") -> QuerySet:
    # Each typed word scores as before; a word that belongs to a synonym group scores as well
    # as the best of the group where the typed word is absent ("quarterly" ~ "hằng quý").
    scores = []
    for unit in query_units(terms):
        for word in unit[0].split():
            found = _found(word)
            if len(unit) > 1:
                alternatives = [found, *(_found(other) for other in unit[1:])]
                found = (
                    "{greatest}(" + ", ".join(sql for sql, _params in alternatives) + ")",
                    [param for _sql, params in alternatives for param in params],
                )
            scores.append(found)
    score = _mean(scores)
    if phrases:
        score = _mean([score, _mean([_found(phrase) for phrase in phrases])])
    in_force = "CASE WHEN {status} = %s THEN %s ELSE %s END", ["replaced", REPLACED_FACTOR, 1.0]
    rank = _combined([score, ("{weight}", []), in_force, _own_title(query)], "*")
    frequency = _combined([_occurrences("{body}", term) for term in terms], "+")
    title_hits = _combined([_occurrences("{title}", term) for term in terms], "+")
    title_words = (
        "{greatest}(({octet_length}({title}) - {octet_length}(REPLACE({title}, %s, %s))) - %s, %s)",
        [" ", "", 1, 1],
    )
    focus = (
        f"(CAST({title_hits[0]} AS {{float}}) / CAST({title_words[0]} AS {{float}}))",
        title_hits[1] + title_words[1],
    )
    return queryset.annotate(
        rank=_Formula(*rank, columns=_RANKED_COLUMNS, output_field=FloatField()),
        frequency=_Formula(*frequency, columns=_RANKED_COLUMNS, output_field=IntegerField()),
        focus=_Formula(*focus, columns=_RANKED_COLUMNS, output_field=FloatField()),
    ).order_by("-rank", "-frequency", "-focus", "kind", "pk")


# Vietnamese tone marks (grave, acute, hook above, tilde, dot below). Where a tone sits is a
# matter of spelling style ("khỏe" and "khoẻ" are one syllable), so written forms compare with
# the tone apart from the letters; the other marks (â, ă, ơ, ư, ê, ô) and đ change the letter.
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")


def written_form(word: str) -> tuple[str, str]:
    """``word`` as written, lower-cased, for a comparison that keeps its diacritics: its letters
    with their vowel marks and đ, and its tone mark (or "")."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tone = "".join(char for char in decomposed if char in _TONES)
    letters = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    return letters, tone


def has_diacritics(raw: str) -> bool:
    """Whether ``raw`` is written with Vietnamese marks or đ (anything that folding removes)."""
    return any(char.isalpha() and text.fold(char) != char.casefold() for char in raw)


def written_forms(query: str, *, loose: frozenset[str] = frozenset()) -> dict[str, set[tuple[str, str]]]:
    """For a query typed with diacritics, each of its terms with the forms it was written in,
    for ``highlight``; empty for a query typed without them (then a folded match is what the
    search matched, so a folded match is what is marked). Words in ``loose`` (folded words a
    correction put in) are left out: they were never typed with marks."""
    if not has_diacritics(query):
        return {}
    forms: dict[str, set[tuple[str, str]]] = {}
    # Composed first: some keyboards type a mark as a character of its own, which \w splits at.
    for written in _WORD.findall(unicodedata.normalize("NFC", query)):
        folded = text.words(written)
        if len(folded) != 1 or folded[0] in loose:
            continue
        forms.setdefault(text.english_stem(folded[0]), set()).add(written_form(written))
    return forms


def _written_fits(word: tuple[str, str], forms: set[tuple[str, str]], *, prefix: bool) -> bool:
    """Whether a word of the display, as written, is one of the ``forms`` the query typed (or,
    for the word still being typed, starts like one: "tạm đình ch" marks "chỉ")."""
    letters, tone = word
    for typed_letters, typed_tone in forms:
        longer = len(letters) > len(typed_letters)
        if prefix and longer and letters.startswith(typed_letters) and typed_tone in {"", tone}:
            return True
        # Typed without a mark ("Ban", "365", an English word): any unmarked word the search
        # matched, stems included ("titles" for "title"), but no marked one ("bản").
        if typed_letters.isascii() and not typed_tone and letters.isascii() and not tone:
            return True
        if (letters, tone) == (typed_letters, typed_tone):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def _display_word(word: str) -> tuple[str, tuple[str, str]]:
    """A word of a display text as ``highlight`` compares it: folded and stemmed, and as written.
    Kept: a search page highlights some 25 texts of hundreds of words each, and Vietnamese
    writes them with a few thousand syllables."""
    return text.english_stem(text.fold(word)), written_form(word)


def highlight(
    display: str,
    terms: list[str],
    *,
    limit: int | None = None,
    syllabic: bool = False,
    forms: dict[str, set[tuple[str, str]]] | None = None,
) -> SafeString:
    """``display`` escaped, with the words that match the query wrapped in <mark>, cut to a
    window of about ``limit`` characters around the first match.

    Where the query's words occur together as a phrase, only those occurrences are marked:
    Vietnamese is written in syllables, and "tam dinh chi" should mark "tạm đình chỉ", not
    every "định" of "Quy định". A term that never occurs inside the phrase is marked alone,
    unless the query is ``syllabic`` (``vocabulary.is_syllabic``): then only whole syllables
    side by side as the query has them are marked ("đánh giá cán bộ" never marks "body").

    A term with written ``forms`` (``written_forms``: the query was typed with diacritics)
    marks only a word written the same way, case aside: "tạm" marks "Tạm", never "tâm". The
    search itself compares folded text on both databases, so it may find an entry through
    "tâm" alone; that entry is listed, but nothing in it is marked as what was typed.
    """
    if not display:
        return mark_safe("")
    forms = forms or {}
    words = [(match.start(), match.end(), *_display_word(match.group())) for match in _WORD.finditer(display)]
    last = terms[-1] if terms else None

    def fits(word: tuple, term: str) -> bool:
        folded = word[2]
        # A syllable is matched whole, except the query's last, which may still be being typed.
        prefix = not syllabic or term == last
        if not (folded.startswith(term) if prefix else folded == term):
            return False
        return term not in forms or _written_fits(word[3], forms[term], prefix=term == last)

    marked = [False] * len(words)
    covered = set()
    # Longest runs of consecutive query words first, down to pairs.
    for size in range(len(terms), 1, -1):
        for first in range(len(terms) - size + 1):
            run = terms[first : first + size]
            if set(run) <= covered:
                continue
            for index in range(len(words) - size + 1):
                if all(fits(words[index + offset], term) for offset, term in enumerate(run)):
                    marked[index : index + size] = [True] * size
                    covered.update(run)
    if not syllabic or len(terms) == 1:
        for index, word in enumerate(words):
            if any(fits(word, term) for term in terms if term not in covered):
                marked[index] = True
    spans = [
        (word_start, word_end)
        for (word_start, word_end, *_folded), is_marked in zip(words, marked, strict=True)
        if is_marked
    ]
    start, end = 0, len(display)
    if limit and len(display) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        end = min(len(display), start + limit)
        if start > 0:
            start = display.find(" ", start) + 1 or start
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        pieces.append(html.escape(display[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(display[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(display[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(display) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped above


def similar_titles(query: str, *, limit: int = 6, deadline: float | None = None) -> list[SearchEntry]:
    """Titles close to a query that found nothing (trigram similarity on PostgreSQL,
    difflib on SQLite): the "did you mean" list. Run it inside ``time_limited``: on SQLite it
    compares at most ``SIMILAR_CANDIDATES`` titles sharing a word's first letters with the
    query, and stops comparing at ``deadline``."""
    folded = " ".join(query_terms(query))
    if not folded:
        return []
    if connection.vendor == "postgresql":
        # The operator form (``%>``), unlike a filter on the computed similarity, can use the
        # trigram index on title_text instead of comparing with every title.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3")
        return list(
            SearchEntry.objects.filter(title_text__trigram_word_similar=folded)
            .annotate(similarity=TrigramWordSimilarity(folded, "title_text"))
            .order_by("-similarity", "-weight")[:limit]
        )
    starts = Q()
    shared = []
    for beginning in dict.fromkeys(term[:3] for term in query_terms(query)):
        starts |= Q(title_text__contains=f" {beginning}")
        shared.append(Case(When(title_text__contains=f" {beginning}", then=Value(1)), default=Value(0)))
    # The titles sharing the most word beginnings with the query first: the closest are among
    # them, and comparing fewer titles is what keeps "did you mean" quick.
    candidates = (
        SearchEntry.objects.filter(starts)
        .annotate(shared=ExpressionWrapper(_total(shared), output_field=IntegerField()))
        .only("pk", "title_text", "title_vi", "title_en", "kind", "target", "anchor", "weight")
        .order_by("-shared", "-weight", "pk")[:SIMILAR_CANDIDATES]
    )
    scored = []
    size = len(folded.split())
    matcher = difflib.SequenceMatcher(None, folded, "")
    for entry in candidates:
        if deadline is not None and time.monotonic() > deadline:
            break
        words = entry.title_text.split()
        best = 0.0
        for i in range(len(words)):
            matcher.set_seq2(" ".join(words[i : i + size]))
            # The cheap upper bounds first: most windows cannot reach the best so far, or 0.6.
            floor = max(best, SIMILAR_RATIO)
            if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
                best = max(best, matcher.ratio())
        if best >= SIMILAR_RATIO:
            scored.append((best, entry.weight, entry))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [entry for _, _, entry in scored[:limit]]
