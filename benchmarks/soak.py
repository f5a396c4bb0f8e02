"""``make soak``: many concurrent clients against gunicorn + PostgreSQL on loopback, for a while,
with zero errors allowed.

The database is the benchmark corpus (``cadreref_bench``, left by ``make bench``) when it is
there, otherwise ``cadreref_soak``, recreated with the reference data alone. gunicorn runs as in
the image (docker/entrypoint.sh, production settings, default workers). wrk sends a mix of
pages and searches (home, filtered document lists, document and position pages, number and
full-text searches; no JSON endpoint), each request picked at random. An error is any answer
other than 2xx/3xx (5xx counted on their own too; searches refused as busy, 503, are not, as
long as they stay under 1% of requests) and any socket error, including a request
unanswered after the timeout (default 30 s, gunicorn's own worker timeout, past which gunicorn
would kill the worker); the command exits 1 if there is one, if the server logged a traceback,
or if it is not ready afterwards. Latency percentiles are reported, not judged.

Then two hostile phases, each as long again: made-up query strings (four in five on the data
export, ``?x=N&utm_source=…``, every one distinct, sent with the export's ETag: see
``export_etag``), then long searches that match nothing (the
slow kind: the "did you mean" fallback runs). Meanwhile one client reads a cached page five
times a second. The same zero-error rule applies (a 503 with Retry-After, the worker's defence, excepted), and no
worker may end either phase larger than ``--memory-ceiling`` MiB (default 200: a
worker starts at about 80 MiB and its page cache holds at most 64 MiB), which the made-up query
strings broke before the page cache was bounded (a 455 KB entry per request: 2,000 of them
grew two workers by 880 MiB). The cached page's latency is reported, not judged: clients that
hammer gunicorn directly over kept-alive connections delay new connections, which is what the
proxy in front is for.

Usage: python -m benchmarks.soak [--seconds 60] [--clients 50] [--timeout 30] [--corpus auto|reference]
                                 [--memory-ceiling 200]
       (make soak SOAK_SECONDS=10 SOAK_CLIENTS=50 SOAK_TIMEOUT=30 SOAK_CORPUS=reference)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

from benchmarks import servers
from benchmarks.load import LoadSettings, run_wrk
from benchmarks.run import DEFAULT_DATABASE_URL, WORK_DIR, database_recreate, log, manage, our_paths

# SOAK_DATABASE_URL in the environment names another database (recreated the same way).
SOAK_DATABASE_URL = os.environ.get("SOAK_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/cadreref_soak"
# Share of requests per page type: what readers of a reference site mostly do.
MIX = {
    "home": 10,
    "document_list": 15,
    "document": 30,
    "position": 15,
    "number_search": 15,
    "fulltext_search": 15,
}
PATHS = 5000
# Share of the reader's mix that may be searches refused as busy (503 with Retry-After: the
# per-worker search limit, SEARCH_CONCURRENCY) without counting as errors; above it, all count.
BUSY_SHARE = 0.01
# Pages that made-up query strings are thrown at in the hostile mix; the first is the largest.
JUNK_PAGES = ["/en/data/cadreref-fixtures.json", "/en/", "/en/documents/", "/en/about/", "/vi/documents.json"]
# The page a reader keeps opening while the hostile mix runs: it must stay fast.
CHEAP_PAGE = "/en/about/"


def bench_corpus_present(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            row = connection.execute("SELECT count(*) FROM regulations_document").fetchone()
    except psycopg.Error:
        return False
    return bool(row) and row[0] > 1000


def mixed_paths(targets: dict, *, seed: int = 142) -> list[str]:
    rng = random.Random(seed)
    by_page = our_paths(targets)
    pages = list(MIX)
    chosen = rng.choices(pages, weights=[MIX[page] for page in pages], k=PATHS)
    return [rng.choice(by_page[page][0]) for page in chosen]


def junk_paths(*, seed: int = 18) -> list[str]:
    """Made-up query strings, all distinct, four in five on the data export (the largest page)."""
    rng = random.Random(seed)
    pages = [JUNK_PAGES[0] if rng.random() < 0.8 else rng.choice(JUNK_PAGES[1:]) for _ in range(PATHS)]
    return [f"{page}?x={number}&utm_source={rng.getrandbits(32):08x}" for number, page in enumerate(pages)]


def export_etag(port: int, *, limit: float = 300) -> str | None:
    """The data export's ETag, once its file is written (a HEAD request writes it the first
    time; meanwhile 503). The made-up query strings' phase sends it as If-None-Match: each
    request still runs the view (the file opened, or written, for its own query string), but
    is answered 304. wrk's response hook copies every body into Lua, so 124 MB bodies (the
    scale-1 corpus) would measure wrk, not the server (curl fetches that file in under a
    second); other pages ignore an ETag that is not theirs."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        # The request that writes the file answers once it is written: over a minute for the
        # scale-1 corpus on a slow machine.
        remaining = max(1.0, limit - (time.monotonic() - started))
        status, headers, _body = servers.http_get(port, JUNK_PAGES[0], method="HEAD", timeout=remaining)
        if status == 200:
            return headers.get("etag")
        time.sleep(2)
    return None


def slow_search_paths(*, seed: int = 18) -> list[str]:
    """Long searches that match nothing, all distinct: 20 made-up words, 179 characters (within
    the 200 a query may have), so the "did you mean" fallback runs too."""
    rng = random.Random(seed)
    return ["/en/search/?q=" + "+".join(f"zq{rng.getrandbits(24):06x}" for _ in range(20)) for _ in range(PATHS)]


HOSTILE_PHASES = {"made-up query strings": junk_paths, "slow searches": slow_search_paths}


class CheapPageProbe(threading.Thread):
    """Reads ``CHEAP_PAGE`` five times a second and keeps the latencies (a failure counts)."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.latencies: list[float] = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(0.2):
            started = time.monotonic()
            try:
                status = servers.http_get(self.port, CHEAP_PAGE)[0]
            except OSError:
                status = 0
            self.latencies.append((time.monotonic() - started) * 1000)
            self.failures += status != 200


def hostile_summary(result: dict, probe: CheapPageProbe, worker_rss: list[int]) -> dict:
    """One hostile phase's figures. A 503 with Retry-After is the defence working, not an
    error: a search refused because the worker runs as many as it may (SEARCH_CONCURRENCY), or
    a download asked for while another process writes the export (EXPORT_WAIT_SECONDS); any
    other 5xx, 4xx or socket error is, and so is a failed read of the cheap page."""
    errors = (
        result["s4xx"]
        + result["s5xx"]
        - result["s503"]
        + result["other"]
        + sum(result["socket_errors"].values())
        + probe.failures
    )
    return {
        "requests": result["requests"],
        "errors": errors,
        "searches_refused_busy": result["s503"],
        "socket_errors": result["socket_errors"],
        "latency_ms": result["latency_ms"],
        "cheap_page_ms": {
            "p50": round(statistics.median(probe.latencies)) if probe.latencies else None,
            "max": round(max(probe.latencies)) if probe.latencies else None,
            "samples": len(probe.latencies),
        },
        "worker_rss_mib": worker_rss,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS") or 60))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS") or 50))
    parser.add_argument(
        "--timeout",
        type=int,
        default=int(os.environ.get("SOAK_TIMEOUT") or 30),
        help="seconds before wrk counts a request as a timeout (default 30: gunicorn's worker timeout)",
    )
    parser.add_argument(
        "--corpus",
        choices=["auto", "reference"],
        default=os.environ.get("SOAK_CORPUS") or "auto",
        help="auto: the benchmark corpus when present; reference: always the reference data alone",
    )
    parser.add_argument(
        "--memory-ceiling",
        type=int,
        default=200,
        help="MiB no gunicorn worker may exceed after the hostile mix (default 200)",
    )
    args = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    bench_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    if args.corpus == "auto" and bench_corpus_present(bench_url):
        url = bench_url
        log(f"using the benchmark corpus in {urlsplit(url).path.lstrip('/')}")
    else:
        url = SOAK_DATABASE_URL
        log(f"no benchmark corpus: recreating {urlsplit(url).path.lstrip('/')} with the reference data")
        database_recreate(url)
        env = dict(os.environ, DATABASE_URL=url, DJANGO_ENV="development")
        manage("migrate", "--noinput", "--verbosity", "0", env=env)
        manage("load_reference", "--verbosity", "0", env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=dict(os.environ, DJANGO_ENV="development"))

    import django

    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV="development")
    django.setup()
    from django.db import connections

    from benchmarks.targets import targets_write

    paths = mixed_paths(targets_write(WORK_DIR / "soak-targets.json"))
    connections.close_all()

    port = servers.free_port()
    gunicorn_log = WORK_DIR / "soak-gunicorn.log"
    settings = LoadSettings(seconds=args.seconds, connections=args.clients, timeout_seconds=args.timeout)
    log(f"gunicorn on 127.0.0.1:{port}; wrk: {args.clients} connections for {args.seconds} s, timeout {args.timeout} s")
    process = servers.start_gunicorn(database_url=url, port=port, log=gunicorn_log)
    try:
        started = time.monotonic()
        result = run_wrk(
            port=port, paths=paths, mode="random", settings=settings, work_dir=WORK_DIR / "wrk", name="soak"
        )
        elapsed = time.monotonic() - started
        servers.http_get(port, CHEAP_PAGE)
        hostile = {}
        etag = export_etag(port)
        log(f"the data export's ETag: {etag}")
        for phase, phase_paths in HOSTILE_PHASES.items():
            probe = CheapPageProbe(port)
            probe.start()
            phase_result = run_wrk(
                port=port,
                paths=phase_paths(),
                mode="random",
                settings=settings,
                work_dir=WORK_DIR / "wrk",
                name=f"soak-{phase.replace(' ', '-')}",
                headers={"If-None-Match": etag} if etag and phase_paths is junk_paths else {},
            )
            probe.stopping.set()
            probe.join()
            rss = sorted(round(value or 0) for value in servers.gunicorn_workers(process.pid).values())
            hostile[phase] = hostile_summary(phase_result, probe, rss)
        ready_status = servers.http_get(port, "/readyz")[0]
    finally:
        servers.stop(process)

    socket_errors = sum(result["socket_errors"].values())
    # A search refused as busy (503, Retry-After) is the worker keeping threads free, as in the
    # hostile phases; the reader's mix may meet it only now and then (at most BUSY_SHARE of
    # requests), past which every refusal counts as an error. Any other 5xx always does.
    busy = result["s503"]
    busy_tolerated = busy <= BUSY_SHARE * result["requests"]
    errors = result["s4xx"] + result["s5xx"] - (busy if busy_tolerated else 0) + result["other"] + socket_errors
    hostile_errors = sum(phase["errors"] for phase in hostile.values())
    over_ceiling = [rss for phase in hostile.values() for rss in phase["worker_rss_mib"] if rss > args.memory_ceiling]
    tracebacks = gunicorn_log.read_text(errors="replace").count("Traceback (most recent call last)")
    summary = {
        "requests": result["requests"],
        "rps": result["rps"],
        "errors": errors,
        "status_5xx": result["s5xx"],
        "searches_refused_busy": busy,
        "busy_share_allowed": BUSY_SHARE,
        "status_4xx": result["s4xx"],
        "wrk_status_errors": result["status_errors"],
        "socket_errors": result["socket_errors"],
        "latency_ms": result["latency_ms"],
        "statuses": {"2xx": result["s2xx"], "3xx": result["s3xx"], "304": result["s304"]},
        "cache": {"hit": result["hit"], "miss": result["miss"]},
        "server_tracebacks": tracebacks,
        "ready_after": ready_status,
        "other_processes": result["other_processes"],
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "hostile": hostile,
        "memory_ceiling_mib": args.memory_ceiling,
    }
    (WORK_DIR / "soak.json").write_text(json.dumps(summary, indent=1) + "\n")
    print()
    print(
        f"Soak: {args.clients} clients for {args.seconds} s: {result['requests']} requests "
        f"({result['rps']:.0f}/s), errors {errors} (5xx {result['s5xx']}, of which {busy} searches refused as "
        f"busy, {'not counted' if busy_tolerated else 'counted: over'} {BUSY_SHARE:.0%} of requests; "
        f"4xx {result['s4xx']}, "
        f"socket {socket_errors}: {result['socket_errors']}), p50 {result['latency_ms']['p50']:.0f} ms, "
        f"p95 {result['latency_ms']['p95']:.0f} ms, p99 {result['latency_ms']['p99']:.0f} ms, "
        f"max {result['latency_ms']['max']:.0f} ms; other processes used "
        f"{result['other_processes']['share_of_machine']:.0%} of the CPU; "
        f"2xx {result['s2xx']}, 3xx {result['s3xx']}; /readyz afterwards {ready_status}; "
        f"server tracebacks {tracebacks}"
    )
    for phase, figures in hostile.items():
        print(
            f"Hostile, {phase}: {figures['requests']} requests, errors {figures['errors']} "
            f"({figures['searches_refused_busy']} answered 503 busy, not counted: searches over the "
            f"per-worker limit, or the data export being written), "
            f"p50 {figures['latency_ms']['p50']:.0f} ms, max {figures['latency_ms']['max']:.0f} ms; "
            f"{CHEAP_PAGE} meanwhile p50 {figures['cheap_page_ms']['p50']} ms, "
            f"max {figures['cheap_page_ms']['max']} ms ({figures['cheap_page_ms']['samples']} reads); "
            f"worker RSS {figures['worker_rss_mib']} MiB (ceiling {args.memory_ceiling})"
        )
    if errors or hostile_errors or over_ceiling or ready_status != 200 or tracebacks:
        print(f"Soak FAILED (details: {gunicorn_log.relative_to(servers.ROOT)})", file=sys.stderr)
        return 1
    print("Soak passed: zero errors.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        sys.exit(f"soak: {error}")
