"""Cold-render micro-benchmark: every public page type rendered in process, through the whole
middleware stack (Django's test client), with the page cache cleared before each request, so every
render misses it and looks in the shared tier of pre-rendered pages (core.page_cache), which holds
nothing for these addresses; the data version is read before, as a worker reads it once per
``DATA_STATE_TTL``. Per page type: SQL
queries (max and median over its addresses; transaction control such as the BEGIN, SET LOCAL
and COMMIT around a search on PostgreSQL is not counted), wall-clock render time (median and p95 over every
timed render) and the median CPU time of this process per render (``time.process_time``: what
the render costs whatever else the machine runs, but without the database server's own time,
which SQLite spends in this process and PostgreSQL in another).

Page types are the public URL names (``regulations:document-detail``, ``cadres:assessment-json``,
...), each asked for in both languages; object pages are asked for every object of the database
(capped by ``--per-type``), lists with a few filters, searches with a few queries.

A first pass renders every address once, uncounted: what a worker builds once per data version
and keeps in process (the glossary's matchers, the search's word lists, the cadre rules) is then built, as it is
in a server that has answered any request since the last import. The counted pass follows, then
``--repeat`` timed passes. Timings are wall-clock medians on whatever else the machine runs.

Usage: DATABASE_URL=... python -m benchmarks.render_micro [--repeat N] [--per-type N] [--only NAME]
       [--skip NAME ...] [--json PATH]   (also imported by benchmarks.run for the table's queries-per-page column)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

LANGUAGES = ("vi", "en")
# Statements that read nothing: the transaction and statement timeout around a search on
# PostgreSQL (reference.search.query.time_limited).
CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET |SELECT set_config\()", re.IGNORECASE)
# Query strings the list and search pages are asked with (besides the bare address).
LIST_QUERIES = ["", "kind=regulation", "year=2025&sort=-date", "status=in_force&core=core", "topic=standards"]
SEARCH_QUERIES = ["tạm đình chỉ", "tam dinh chi", "365", "tiêu chuẩn chức danh", "assessment criteria"]


@dataclass
class PageType:
    name: str
    addresses: int
    queries_max: int
    queries_median: float
    median_ms: float
    p95_ms: float
    cpu_median_ms: float
    renders: int
    worst: str


def reads(captured: list[dict]) -> int:
    """How many of the statements ``CaptureQueriesContext`` caught are queries (not transaction
    control or settings)."""
    return sum(1 for query in captured if not CONTROL.match(query["sql"]))


def targets(per_type: int | None = None) -> dict[str, list[str]]:
    """Every public page type, with the addresses (both languages) it is measured on."""
    from django.urls import reverse
    from django.utils import translation

    from cadres.models import Position
    from regulations.models import Change, Document

    documents = list(Document.objects.order_by("slug").values_list("slug", flat=True))
    changed = list(
        Document.objects.filter(pk__in=Change.objects.values("document"))
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    positions = list(Position.objects.order_by("slug").values_list("slug", flat=True))

    def cap(values: list[str]) -> list[str]:
        return values[:per_type] if per_type else values

    pages: list[tuple[str, list[tuple[dict, str]]]] = [
        ("regulations:home", [({}, "")]),
        ("regulations:about", [({}, "")]),
        ("regulations:document-list", [({}, q) for q in LIST_QUERIES]),
        ("regulations:document-list-json", [({}, q) for q in LIST_QUERIES]),
        ("regulations:document-list-feed", [({}, "")]),
        ("regulations:document-detail", [({"slug": s}, "") for s in cap(documents)]),
        ("regulations:document-detail-json", [({"slug": s}, "") for s in cap(documents)]),
        ("regulations:document-feed", [({"slug": s}, "") for s in cap(documents)]),
        ("regulations:document-changes", [({"slug": s}, "") for s in cap(changed)]),
        ("regulations:document-changes-json", [({"slug": s}, "") for s in cap(changed)]),
        ("regulations:document-fixture", [({"slug": s}, "") for s in cap(documents)]),
        ("regulations:data-export", [({}, "")]),
        ("regulations:glossary", [({}, "")]),
        ("regulations:glossary-json", [({}, "")]),
        ("regulations:relation-list", [({}, "")]),
        ("regulations:source-list", [({}, "")]),
        ("regulations:search", [({}, urlencode({"q": q})) for q in SEARCH_QUERIES]),
        ("regulations:search-json", [({}, urlencode({"q": q})) for q in SEARCH_QUERIES]),
        ("regulations:search-suggest", [({}, urlencode({"q": q})) for q in SEARCH_QUERIES]),
        ("cadres:position-list", [({}, "")]),
        ("cadres:position-list-json", [({}, "")]),
        ("cadres:position-detail", [({"slug": s}, "") for s in cap(positions)]),
        ("cadres:position-detail-json", [({"slug": s}, "") for s in cap(positions)]),
        ("cadres:position-feed", [({"slug": s}, "") for s in cap(positions)]),
        ("cadres:standard-list", [({}, "")]),
        ("cadres:standard-list-json", [({}, "")]),
        ("cadres:assessment", [({}, "")]),
        ("cadres:assessment-json", [({}, "")]),
        ("cadres:authority-list", [({}, "")]),
        ("cadres:authority-list-json", [({}, "")]),
        ("cadres:authority-matrix", [({}, "")]),
    ]
    result: dict[str, list[str]] = {}
    for name, variants in pages:
        addresses = []
        for language in LANGUAGES:
            with translation.override(language):
                for kwargs, query in variants:
                    path = reverse(name, kwargs=kwargs or None)
                    addresses.append(f"{path}?{query}" if query else path)
        result[name] = addresses
    result["sitemap"] = ["/sitemap.xml"]
    return result


def _client():
    from django.test import Client

    # Django's test client, without the test runner: the host is one development allows.
    return Client(HTTP_HOST="localhost")


def cold_start() -> None:
    """Forget every rendered page, then read the data version again, as a worker does once per
    ``DATA_STATE_TTL`` rather than once per page: the render that follows is cold, and neither
    this nor the version read is part of what is counted or timed."""
    from django.core.cache import cache

    from core.data_version import data_version_read

    cache.clear()
    data_version_read()


def _get(client, address: str):
    response = client.get(address)
    if response.status_code not in {200, 302}:
        raise RuntimeError(f"{address} answered {response.status_code}")
    if response.get("X-Cache") == "hit":
        raise RuntimeError(f"{address} came from the page cache")
    return response


def measure(
    *, repeat: int = 5, per_type: int | None = None, only: str | None = None, skip: tuple[str, ...] = ()
) -> dict[str, PageType]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    pages = {
        name: addresses
        for name, addresses in targets(per_type).items()
        if (not only or only in name) and not any(part in name for part in skip)
    }
    for addresses in pages.values():  # the warm-up pass: what a worker keeps per data version
        for address in addresses:
            cold_start()
            _get(client, address)
    results = {}
    for name, addresses in pages.items():
        counts = {}
        for address in addresses:
            cold_start()
            with CaptureQueriesContext(connection) as captured:
                _get(client, address)
            counts[address] = reads(captured.captured_queries)
        seconds, cpu = [], []
        for _ in range(repeat):
            for address in addresses:
                cold_start()
                started, started_cpu = time.perf_counter(), time.process_time()
                _get(client, address)
                seconds.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
        ms = sorted(s * 1000 for s in seconds)
        worst = max(counts, key=counts.get)
        results[name] = PageType(
            name=name,
            addresses=len(addresses),
            queries_max=counts[worst],
            queries_median=statistics.median(counts.values()),
            median_ms=round(statistics.median(ms), 2),
            p95_ms=round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 2),
            cpu_median_ms=round(statistics.median(cpu) * 1000, 2),
            renders=len(ms),
            worst=worst,
        )
    return results


def queries_per_page(paths: dict[str, tuple[list[str], str]], *, sample: int = 20) -> dict[str, int]:
    """For benchmarks.run's table: per page type, the most queries a cold render of one of the
    first ``sample`` addresses of its cold run takes (after one uncounted render of each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    result = {}
    for page, (cold, _warm) in paths.items():
        counts = []
        for address in cold[:sample]:
            cold_start()
            _get(client, address)
            cold_start()
            with CaptureQueriesContext(connection) as captured:
                _get(client, address)
            counts.append(reads(captured.captured_queries))
        result[page] = max(counts)
    return result


def print_table(results: dict[str, PageType]) -> None:
    header = (
        f"{'page type':<36}{'addr':>5}{'q max':>7}{'q med':>7}{'ms med':>9}{'ms p95':>9}{'cpu med':>9}  most queries at"
    )
    print(header)
    print("-" * len(header))
    for page in results.values():
        print(
            f"{page.name:<36}{page.addresses:>5}{page.queries_max:>7}{page.queries_median:>7g}"
            f"{page.median_ms:>9.1f}{page.p95_ms:>9.1f}{page.cpu_median_ms:>9.1f}  {page.worst}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over every address (default 5)")
    parser.add_argument("--per-type", type=int, default=None, help="at most N objects per object page type")
    parser.add_argument("--only", default=None, help="only the page types whose URL name contains this")
    parser.add_argument(
        "--skip", action="append", default=[], help="leave out the page types whose URL name contains this"
    )
    parser.add_argument("--json", default=None, help="also write the results to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    results = measure(repeat=args.repeat, per_type=args.per_type, only=args.only, skip=tuple(args.skip))
    print(
        f"Cold renders in process on {connection.vendor}, cache cleared before each request; {args.repeat} timed passes"
    )
    print_table(results)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as output:
            json.dump({name: asdict(page) for name, page in results.items()}, output, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
