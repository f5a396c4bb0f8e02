"""Search quality and the cost of its forgiving paths: the golden set's success rate, and p50/p95
of strict, fallback (typo-corrected, all but one word) and suggestion queries.

Every golden query (``tests/end_to_end/search_golden.json``) goes through the selector the
search page uses (``search_results``, as the page calls it) and is judged as the golden test
judges the page: where a number lands, which documents a number lists, the first result, an
honest nothing, the word left out. Each query is then timed ``--rounds`` times and filed by
what answered it:

- strict: the query as typed found something;
- corrected: it found nothing and the typo-corrected query did;
- without one word: neither did, and the query without one word did;
- nothing: nothing did (the time includes "did you mean");
- did you mean: ``similar_titles`` alone, for the queries that find nothing;
- suggestions: ``search_suggestions`` (the list shown while typing) for a fixed sample of 400
  prefixes (2 to 8 characters) of the golden queries, as a person types them.

Timings are in process (ORM, no HTTP), after one untimed round that builds the per-version
vocabularies and warms the database. The reference data was the answer key; on a large corpus
(``make bench``'s) the success rate says how far the same answers survive among many more
records, and the timings what the paths cost there.

Usage: python -m benchmarks.search_quality --database-url URL [--load-reference] [--rounds N]
       [--json PATH]    (with --load-reference the database is migrated and the reference data
       loaded first: an empty SQLite file or PostgreSQL database for "the reference data")
Also called by benchmarks.run (``make bench``) through ``search_quality_report``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "end_to_end" / "search_golden.json"
# What the search page asks of the selector (reference.views.search): 30 results x 4 groups.
PER_PAGE = 120
SUGGESTION_PREFIX = 8
SUGGESTIONS_SAMPLE = 400
# The target for suggestions and "did you mean", on the reference data.
SUGGESTION_TARGET_MS = 50.0
PATHS = ("strict", "corrected", "without_one_word", "nothing", "did_you_mean", "suggestions")


def _timing(seconds: list[float]) -> dict:
    if not seconds:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    ms = sorted(value * 1000 for value in seconds)
    return {
        "count": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 2),
        "max_ms": round(ms[-1], 2),
    }


def _search(query: str):
    from reference.models import SearchEntry
    from reference.selectors.search import search_results

    return search_results(
        query=query,
        entries=SearchEntry.objects.select_related("document"),
        per_page=PER_PAGE,
        land_on_one_number=True,
        counted=False,
    )


def _first(entry) -> dict:
    first = {"kind": entry.kind, "target": entry.target}
    if entry.anchor:
        first["anchor"] = entry.anchor
    return first


def _judged(item: dict, results) -> bool:
    """Whether the page would pass the golden test for ``item``."""
    if "redirect" in item:
        return bool(results.lands_on) and results.lands_on.slug == item["redirect"]
    if "choices" in item:
        listed = {document.slug for document in results.number_match.documents} if results.number_match else set()
        return not results.lands_on and listed == set(item["choices"])
    if "nothing" in item:
        return not results.lands_on and not results.entries
    if not results.entries:
        return False
    if (results.without or None) != item.get("without"):
        return False
    expected = {key: value for key, value in item["first"].items() if value}
    return _first(results.entries[0]) == expected


def _path(results) -> str:
    if results.corrected:
        return "corrected"
    if results.without:
        return "without_one_word"
    return "strict" if results.entries else "nothing"


def _prefixes(queries: list[str]) -> list[str]:
    """What the box sends while each query is typed (2 to 8 characters), at most
    ``SUGGESTIONS_SAMPLE`` of them, the same ones every run."""
    prefixes = []
    for query in queries:
        typed = query.strip()[:SUGGESTION_PREFIX]
        prefixes += [typed[:length] for length in range(2, len(typed) + 1)]
    unique = list(dict.fromkeys(prefixes))
    return random.Random(14).sample(unique, min(SUGGESTIONS_SAMPLE, len(unique)))


def measure(*, rounds: int = 5) -> dict:
    """Judge and time every golden query on the configured database (Django set up)."""
    from django.db import connection

    from reference.search.query import SearchTimedOut, similar_titles, time_limited
    from reference.selectors.search import search_suggestions

    golden = json.loads(GOLDEN.read_text("utf-8"))["queries"]
    verdicts, paths, failures = {}, {}, []
    for item in golden:  # The untimed round: vocabularies built, caches and buffers warm.
        results = _search(item["query"])
        verdicts[item["query"]] = _judged(item, results)
        if results.lands_on or results.understood:
            continue
        paths[item["query"]] = _path(results)
        if not verdicts[item["query"]]:
            failures.append(
                {
                    "query": item["query"],
                    "expected": {
                        key: item[key] for key in ("redirect", "choices", "first", "without", "nothing") if key in item
                    },
                    "got": _first(results.entries[0]) if results.entries else None,
                    "without": results.without,
                    "corrected": results.corrected,
                }
            )
    seconds: dict[str, list[float]] = {path: [] for path in PATHS}
    nothing = [query for query, path in paths.items() if path == "nothing"]
    prefixes = _prefixes(list(paths))
    for _round in range(rounds):
        for query, path in paths.items():
            started = time.perf_counter()
            _search(query)
            seconds[path].append(time.perf_counter() - started)
        for query in nothing:
            started = time.perf_counter()
            try:
                with time_limited() as deadline:
                    similar_titles(query, deadline=deadline)
            except SearchTimedOut:
                pass
            seconds["did_you_mean"].append(time.perf_counter() - started)
        for prefix in prefixes:
            started = time.perf_counter()
            search_suggestions(query=prefix)
            seconds["suggestions"].append(time.perf_counter() - started)
    from reference.models import SearchEntry

    passed = sum(verdicts.values())
    timings = {path: _timing(values) for path, values in seconds.items()}
    worst = max((timings[path]["p95_ms"] or 0.0) for path in ("did_you_mean", "suggestions"))
    return {
        "database": connection.vendor,
        "entries": SearchEntry.objects.count(),
        "golden": {"queries": len(golden), "passed": passed, "rate": round(passed / len(golden), 4)},
        "failures": failures,
        "rounds": rounds,
        "queries_by_path": {path: sum(1 for value in paths.values() if value == path) for path in PATHS[:4]},
        "timings": timings,
        "suggestions_p95_under_50_ms": worst < SUGGESTION_TARGET_MS,
    }


def _run(url: str, *, load_reference: bool, rounds: int) -> dict:
    """``measure`` in a process of its own: Django settles on one database per process."""
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [sys.executable, "-m", "benchmarks.search_quality", "--database-url", url, "--rounds", str(rounds)]
        command += ["--json", output.name] + (["--load-reference"] if load_reference else [])
        # Its own table is left out: make bench prints the three rows together.
        subprocess.run(
            command, cwd=ROOT, check=True, env=dict(os.environ, DJANGO_ENV="development"), stdout=subprocess.DEVNULL
        )
        return json.loads(Path(output.name).read_text("utf-8"))


def _postgres_database(url: str, name: str, *, drop: bool = False) -> str:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def search_quality_report(*, corpus_url: str, work_dir: Path, rounds: int = 5, corpus_rounds: int = 1) -> dict:
    """For ``make bench``: the reference data alone on SQLite and on PostgreSQL (built for the
    run, then removed), ``rounds`` times, and the corpus already in ``corpus_url``, whose slow
    paths take seconds a round, ``corpus_rounds`` times."""
    work_dir.mkdir(parents=True, exist_ok=True)
    sqlite_path = work_dir / "search_quality.sqlite3"
    sqlite_path.unlink(missing_ok=True)
    reference_name = f"{urlsplit(corpus_url).path.lstrip('/')}_reference"
    reference_url = _postgres_database(corpus_url, reference_name)
    try:
        report = {
            "reference_sqlite": _run(f"sqlite:///{sqlite_path}", load_reference=True, rounds=rounds),
            "reference_postgresql": _run(reference_url, load_reference=True, rounds=rounds),
            "corpus_postgresql": _run(corpus_url, load_reference=False, rounds=corpus_rounds),
        }
    finally:
        _postgres_database(corpus_url, reference_name, drop=True)
        sqlite_path.unlink(missing_ok=True)
    return report


def _ms(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.1f}"


def table_lines(report: dict, *, targets: tuple[str, ...] = ("reference",)) -> list[str]:
    """The report as lines of text, one row per database; the 50 ms target for the rows whose
    name starts with one of ``targets``."""
    lines = [
        "Search quality (benchmarks.search_quality; p50/p95 ms, in process):",
        f"  {'data':<22} {'golden':>9}  "
        + "  ".join(f"{path.replace('_', ' '):>17}" for path in ("strict", "corrected", "without_one_word"))
        + f"  {'did you mean':>17}  {'suggestions':>17}",
    ]
    for name, result in report.items():
        golden, timings = result["golden"], result["timings"]
        cells = [
            f"{_ms(timings[path]['p50_ms'])}/{_ms(timings[path]['p95_ms'])} ({timings[path]['count']:>3})"
            for path in ("strict", "corrected", "without_one_word", "did_you_mean", "suggestions")
        ]
        lines.append(
            f"  {name.replace('_', ' '):<22} {golden['passed']:>3}/{golden['queries']:<3}  " + "  ".join(cells)
        )
    for name, result in report.items():
        if name.startswith(targets):
            verdict = "met   " if result["suggestions_p95_under_50_ms"] else "MISSED"
            lines.append(f"  {verdict} suggestions and did you mean < 50 ms p95 ({name.replace('_', ' ')})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--load-reference", action="store_true", help="migrate and load the reference data first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the report here as JSON")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV="development"
    )
    import django

    django.setup()
    from django.core.management import call_command

    if args.load_reference:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_reference", verbosity=0)
    report = measure(rounds=args.rounds)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in table_lines({f"{report['database']} ({report['entries']} entries)": report}, targets=("",)):
        print(line)
    for failure in report["failures"]:
        print(f"  failed: {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
