"""Search micro-benchmark, in process through the ORM: number lookup, full-text search, and the
same full-text queries done the naive way (``icontains`` over the entries' text).

- number lookup: ``parse_number_query`` + ``documents_for_number`` for random number queries;
- full text: ``search_entries(q)[:30]`` evaluated, for realistic queries;
- naive: every word of the query must appear (``icontains``) in one of the four display columns
  of ``SearchEntry``; the 30 first by weight. Ordering makes the database look at every match,
  as any ranked search must; without it LIMIT stops at the first 30 rows found and times luck.

Usage: imported by benchmarks.run (``make bench``); not a command of its own.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import asdict, dataclass

from django.db.models import Q

from reference.models import SearchEntry
from reference.search.numbers import documents_for_number, parse_number_query
from reference.search.query import search_entries

RESULTS = 30


@dataclass
class Timing:
    count: int
    median_ms: float
    p95_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        ms = sorted(s * 1000 for s in seconds)
        return cls(
            count=len(ms),
            median_ms=statistics.median(ms),
            p95_ms=ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
            max_ms=ms[-1],
        )


def _timed(function, items) -> tuple[list[float], list]:
    seconds, results = [], []
    for item in items:
        started = time.perf_counter()
        results.append(function(item))
        seconds.append(time.perf_counter() - started)
    return seconds, results


def _number_lookup(query: str) -> int:
    parsed = parse_number_query(query)
    return len(documents_for_number(parsed).documents) if parsed else 0


def _full_text(query: str) -> int:
    return len(list(search_entries(query)[:RESULTS]))


def _naive(query: str) -> int:
    condition = Q()
    for word in query.split():
        condition &= (
            Q(title_vi__icontains=word)
            | Q(title_en__icontains=word)
            | Q(body_vi__icontains=word)
            | Q(body_en__icontains=word)
        )
    return len(list(SearchEntry.objects.filter(condition).order_by("-weight", "pk")[:RESULTS]))


def _within_budget(function, items, budget_seconds: float) -> tuple[list[float], list]:
    """Time ``function`` over ``items`` until ``budget_seconds`` have passed (at least one item)."""
    seconds: list[float] = []
    results: list = []
    budget_end = time.perf_counter() + budget_seconds
    for item in items:
        if seconds and time.perf_counter() > budget_end:
            break
        more_seconds, more_results = _timed(function, [item])
        seconds += more_seconds
        results += more_results
    return seconds, results


def search_benchmark(
    *,
    number_queries: list[str],
    text_queries: list[str],
    seed: int = 198,
    text_budget_seconds: float = 60.0,
    naive_budget_seconds: float = 30.0,
    warmup_budget_seconds: float = 10.0,
) -> dict:
    """Time the three searches. Full text runs over up to 200 queries, as many as fit in
    ``text_budget_seconds``; the naive search over as many of the same queries as fit in
    ``naive_budget_seconds``, and is compared with ours on exactly those queries."""
    rng = random.Random(seed)
    numbers = [rng.choice(number_queries) for _ in range(500)]
    texts = rng.sample(text_queries, min(200, len(text_queries)))
    # Warm the connection, the plan caches and PostgreSQL's buffers before timing.
    _within_budget(_number_lookup, numbers[:20], warmup_budget_seconds)
    _within_budget(_full_text, texts[:20], warmup_budget_seconds)

    number_seconds, number_results = _timed(_number_lookup, numbers)
    text_seconds, text_results = _within_budget(_full_text, texts, text_budget_seconds)
    naive_seconds, naive_results = _within_budget(_naive, texts, naive_budget_seconds)
    compared = min(len(naive_seconds), len(text_seconds))
    ours_on_same = Timing.of(text_seconds[:compared])
    naive = Timing.of(naive_seconds[:compared])
    return {
        "number_lookup": asdict(Timing.of(number_seconds))
        | {"found_one": sum(1 for n in number_results if n == 1), "found_none": number_results.count(0)},
        "full_text": asdict(Timing.of(text_seconds)) | {"with_results": sum(1 for n in text_results if n)},
        "naive": asdict(naive) | {"with_results": sum(1 for n in naive_results[:compared] if n)},
        "full_text_on_naive_queries": asdict(ours_on_same),
        "speedup_median": naive.median_ms / ours_on_same.median_ms if ours_on_same.median_ms else None,
        "speedup_p95": naive.p95_ms / ours_on_same.p95_ms if ours_on_same.p95_ms else None,
    }
