"""``make soak``: many concurrent clients against gunicorn + PostgreSQL on loopback, for a while,
with zero errors allowed.

The database is the benchmark corpus (``cadreref_bench``, left by ``make bench``) when it is
there, otherwise ``cadreref_soak``, recreated with the reference data alone. gunicorn runs as in
the image (docker/entrypoint.sh, production settings, default workers). wrk sends a mix of
pages and searches (home, filtered document lists, document and position pages, number and
full-text searches; no JSON endpoint), each request picked at random. An error is any answer
other than 2xx/3xx (5xx counted on their own too) and any socket error, including a request
unanswered after the timeout (default 30 s, gunicorn's own worker timeout, past which gunicorn
would kill the worker); the command exits 1 if there is one, if the server logged a traceback,
or if it is not ready afterwards. Latency percentiles are reported, not judged.

Usage: python -m benchmarks.soak [--seconds 60] [--clients 50] [--timeout 30] [--corpus auto|reference]
       (make soak SOAK_SECONDS=10 SOAK_CLIENTS=50 SOAK_TIMEOUT=30 SOAK_CORPUS=reference)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from urllib.parse import urlsplit

from benchmarks import servers
from benchmarks.load import LoadSettings, run_wrk
from benchmarks.run import DEFAULT_DATABASE_URL, WORK_DIR, database_recreate, log, manage, our_paths

SOAK_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cadreref_soak"
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
    args = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    bench_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    if args.corpus == "auto" and bench_corpus_present(bench_url):
        url = bench_url
        log(f"using the benchmark corpus in {urlsplit(url).path.lstrip('/')}")
    else:
        url = SOAK_DATABASE_URL
        log("no benchmark corpus: recreating cadreref_soak with the reference data")
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
        ready_status = servers.http_get(port, "/readyz")[0]
        elapsed = time.monotonic() - started
    finally:
        servers.stop(process)

    socket_errors = sum(result["socket_errors"].values())
    errors = result["s4xx"] + result["s5xx"] + result["other"] + socket_errors
    tracebacks = gunicorn_log.read_text(errors="replace").count("Traceback (most recent call last)")
    summary = {
        "requests": result["requests"],
        "rps": result["rps"],
        "errors": errors,
        "status_5xx": result["s5xx"],
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
    }
    (WORK_DIR / "soak.json").write_text(json.dumps(summary, indent=1) + "\n")
    print()
    print(
        f"Soak: {args.clients} clients for {args.seconds} s: {result['requests']} requests "
        f"({result['rps']:.0f}/s), errors {errors} (5xx {result['s5xx']}, 4xx {result['s4xx']}, "
        f"socket {socket_errors}: {result['socket_errors']}), p50 {result['latency_ms']['p50']:.0f} ms, "
        f"p95 {result['latency_ms']['p95']:.0f} ms, p99 {result['latency_ms']['p99']:.0f} ms, "
        f"max {result['latency_ms']['max']:.0f} ms; other processes used "
        f"{result['other_processes']['share_of_machine']:.0%} of the CPU; "
        f"2xx {result['s2xx']}, 3xx {result['s3xx']}; /readyz afterwards {ready_status}; "
        f"server tracebacks {tracebacks}"
    )
    if errors or ready_status != 200 or tracebacks:
        print(f"Soak FAILED (details: {gunicorn_log.relative_to(servers.ROOT)})", file=sys.stderr)
        return 1
    print("Soak passed: zero errors.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        sys.exit(f"soak: {error}")
