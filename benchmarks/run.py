"""``make bench``: build a large corpus, time the search, load-test the site next to its ceiling
(a static file) and its peer (Datasette), and print one table.

Steps, all in one run, every figure measured in it:
1. recreate the database ``cadreref_bench``; migrate; load the reference data; add the corpus
   (benchmarks.corpus); build the search index, timed (the app's ``search_index_rebuild``,
   and/or benchmarks.fast_index, compared by checksum when both run) and store the spelling
   vocabulary, as the pre-render job does after an import;
2. the search micro-benchmark (benchmarks.search_micro), in process, and search quality (benchmarks.search_quality);
3. collectstatic; gunicorn through docker/entrypoint.sh with production settings on a free
   loopback port; wrk (benchmarks/lua/paths.lua) for every page type cold, warm and
   conditional, and for one hashed static file; resident memory of each worker;
4. the corpus exported to SQLite with FTS5 (benchmarks.sqlite_export) and served by Datasette,
   load-tested the same way for its closest equivalents; before that, a short diagnostic run of
   gunicorn without worker recycling (``--max-requests 0``), to show what recycling costs;
5. the table, the targets met or missed, and benchmarks/results/<UTC timestamp>.json.

Usage: python -m benchmarks.run [--scale N] [--seconds S] [--connections C] [--index app|fast|both]
       [--drop-db] [--reuse-db]   (make bench [SCALE=10]; environment: BENCH_SECONDS, BENCH_CONNECTIONS,
       BENCH_INDEX, BENCH_DROP_DB=1, BENCH_REUSE_DB=1, BENCH_REDIS_URL, BENCH_DATABASE_URL, BENCH_GUNICORN_ARGS,
       BENCH_DIAGNOSE=0 to skip the run without worker recycling)
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from benchmarks import prerender, render_micro, search_quality, servers
from benchmarks.load import LoadSettings, run_wrk

ROOT = servers.ROOT
RESULTS_DIR = ROOT / "benchmarks" / "results"
WORK_DIR = ROOT / "benchmarks" / ".work"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cadreref_bench"

PAGES = [
    ("home", "Home"),
    ("document_list", "Document list, filtered"),
    ("document", "Document page"),
    ("position", "Position page"),
    ("number_search", "Number search"),
    ("fulltext_search", "Full-text search"),
]
MODES = ("cold", "warm", "conditional")
# What a page type is compared with on Datasette, in words for the table's notes.
PEERS = {
    "home": "index page /",
    "document_list": "documents table page, filtered by kind and year",
    "document": "documents row page",
    "position": "positions row page",
    "number_search": "documents table page filtered on number",
    "fulltext_search": "key_points table page, ?_search= (FTS5)",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def database_recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def wait_for_quiet_database(url: str, *, limit: float = 120) -> float:
    """Wait until no query runs on the database; returns the seconds waited. A request that wrk
    gave up on (a slow search at scale 10) keeps its query running in PostgreSQL after the
    client, or even the worker, is gone, and would slow the next row down."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() - started < limit:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                "AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()
            if not row[0]:
                break
            time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(url: str, *, scale: int, index_mode: str, reuse: bool) -> dict:
    """Steps 1 and 2; returns what they measured. With ``reuse`` the database left by an
    earlier run is measured again as it is (no generation, no index build)."""
    timings: dict[str, float] = {}
    if not reuse:
        started = time.perf_counter()
        database_recreate(url)
        env = dict(os.environ, DATABASE_URL=url, DJANGO_ENV="development")
        manage("migrate", "--noinput", "--verbosity", "0", env=env)
        timings["migrate"] = time.perf_counter() - started
        step = time.perf_counter()
        manage("load_reference", "--verbosity", "0", env=env)
        timings["load_reference"] = time.perf_counter() - step

    import django

    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV="development")
    django.setup()
    from django.db import connection, connections

    from benchmarks import corpus, fast_index, search_micro, sqlite_export, targets
    from cadres.models import Position
    from core.data_version import data_version_read
    from reference.models import SearchEntry
    from reference.search import spelling
    from reference.search.index import search_index_rebuild
    from regulations.models import Document, KeyPoint

    if reuse:
        report = corpus.CorpusReport(scale=scale)
        report.counts = {
            "documents": Document.objects.filter(is_core=False, number__gte=corpus.FIRST_GENERATED_NUMBER).count(),
            "key_points": KeyPoint.objects.count(),
            "positions": Position.objects.count(),
        }
        log(f"reusing the existing database: {report.counts}")
        index_mode = "reused"
    else:
        log(f"generating the corpus at scale {scale}")
        report = corpus.corpus_generate(scale=scale)
        timings["corpus"] = report.seconds["total"]
        log(f"corpus: {report.counts} in {report.seconds['total']:.1f} s")

    index: dict[str, object] = {"mode": index_mode, "entries": SearchEntry.objects.count()}
    if index_mode in {"fast", "both"}:
        log("search index: benchmarks.fast_index (parallel, COPY, indexes built after)")
        step = time.perf_counter()
        index["entries"] = fast_index.search_index_rebuild_fast()
        index["fast_seconds"] = time.perf_counter() - step
        if index_mode == "both":
            index["fast_checksum"] = fast_index.index_checksum()
        log(f"fast path: {index['entries']} entries in {index['fast_seconds']:.1f} s")
    if index_mode in {"app", "both"}:
        log("search index: reference.search.index.search_index_rebuild()")
        step = time.perf_counter()
        index["entries"] = search_index_rebuild()
        index["app_seconds"] = time.perf_counter() - step
        if index_mode == "both":
            index["app_checksum"] = fast_index.index_checksum()
        log(f"app path: {index['entries']} entries in {index['app_seconds']:.1f} s")
    if index_mode == "both":
        index["same_rows"] = index["fast_checksum"] == index["app_checksum"]
        log(f"both paths wrote the same rows: {index['same_rows']}")
    # What the pre-render job stores after an import, before the search quality rows need it.
    step = time.perf_counter()
    spelling.vocabulary_store(version=data_version_read())
    index["vocabulary_seconds"] = time.perf_counter() - step
    log(f"spelling vocabulary stored (reference.search.spelling) in {index['vocabulary_seconds']:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SHOW server_version")
        postgres_version = cursor.fetchone()[0]

    target_lists = targets.targets_write(WORK_DIR / "targets.json")
    log("search micro-benchmark (in process)")
    micro = search_micro.search_benchmark(
        number_queries=target_lists["number_queries"], text_queries=target_lists["fulltext_queries"]
    )
    log("search quality: golden set and forgiving paths, reference data (SQLite, PostgreSQL) and corpus")
    quality = search_quality.search_quality_report(corpus_url=url, work_dir=WORK_DIR)

    log("pre-render: warming every public page for a new data version (benchmarks.prerender)")
    warm = prerender.prerender_measure()
    log("exporting to SQLite with FTS5 for Datasette")
    step = time.perf_counter()
    export_counts = sqlite_export.sqlite_export(WORK_DIR / "bench.db")
    timings["sqlite_export"] = time.perf_counter() - step

    reference = {
        "document_id": Document.objects.get(slug="365-qd-tw").pk,
        "position_id": Position.objects.get(slug="tong-bi-thu").pk,
    }
    connections.close_all()
    return {
        "timings": timings,
        "corpus": report.counts,
        "corpus_seconds": report.seconds,
        "index": index,
        "micro": micro,
        "quality": quality,
        "targets": target_lists,
        "reference": reference,
        "export": export_counts,
        "postgresql": postgres_version,
        "prerender": warm,
    }


def our_paths(targets: dict) -> dict[str, tuple[list[str], str]]:
    """Per page type: the paths a cold run picks from, and the one path of the warm run."""

    def search(query: str) -> str:
        return "/en/search/?" + urlencode({"q": query})

    return {
        "home": (["/en/"], "/en/"),
        "document_list": (
            [f"/en/documents/?{q}" for q in targets["list_queries"]],
            "/en/documents/?kind=regulation&year=2025",
        ),
        "document": ([f"/en/documents/{slug}/" for slug in targets["documents"]], "/en/documents/365-qd-tw/"),
        "position": ([f"/en/positions/{slug}/" for slug in targets["positions"]], "/en/positions/tong-bi-thu/"),
        "number_search": ([search(q) for q in targets["number_queries"]], search("365")),
        "fulltext_search": ([search(q) for q in targets["fulltext_queries"]], search("tam dinh chi")),
    }


def _datasette_list(query: str) -> str:
    kept = {}
    for key, value in parse_qsl(query):
        if key in {"kind", "year", "issuer", "status"}:
            kept[key] = value
        elif key == "sort":
            kept["_sort_desc" if value.startswith("-") else "_sort"] = "issued_on" if "date" in value else "number"
    return "/bench/documents?" + urlencode(kept)


def datasette_paths(targets: dict, reference: dict) -> dict[str, tuple[list[str], str]]:
    from reference.search.numbers import parse_number_query

    numbers = sorted({parsed.number for q in targets["number_queries"] if (parsed := parse_number_query(q))})
    return {
        "home": (["/"], "/"),
        "document_list": (
            [_datasette_list(q) for q in targets["list_queries"]],
            "/bench/documents?kind=regulation&year=2025",
        ),
        "document": (
            [f"/bench/documents/{pk}" for pk in targets["document_ids"]],
            f"/bench/documents/{reference['document_id']}",
        ),
        "position": (
            [f"/bench/positions/{pk}" for pk in targets["position_ids"]],
            f"/bench/positions/{reference['position_id']}",
        ),
        "number_search": ([f"/bench/documents?number={n}" for n in numbers], "/bench/documents?number=365"),
        # Datasette's FTS5 tokenizer does not fold "đ", so "tam dinh chi" finds nothing there; the
        # warm run asks for the accented words, which it does find, so that it does real work.
        "fulltext_search": (
            ["/bench/key_points?" + urlencode({"_search": q}) for q in targets["fulltext_queries"]],
            "/bench/key_points?" + urlencode({"_search": "tạm đình chỉ"}),
        ),
    }


def _booted_workers(log_file: Path) -> int:
    return log_file.read_text(errors="replace").count("Booting worker with pid")


def measure_ours(*, url: str, paths: dict, settings: LoadSettings, redis_url: str, gunicorn_args: list[str]) -> dict:
    """Step 3: gunicorn + wrk for every page type and mode, the static ceiling, and memory."""
    port = servers.free_port()
    gunicorn_log = WORK_DIR / "gunicorn.log"
    log(f"starting gunicorn (docker/entrypoint.sh, production settings) on 127.0.0.1:{port}")
    process = servers.start_gunicorn(
        database_url=url, port=port, log=gunicorn_log, redis_url=redis_url, extra_args=gunicorn_args
    )
    cold_port = servers.free_port()
    cold_process = servers.start_gunicorn(
        database_url=url,
        port=cold_port,
        log=WORK_DIR / "gunicorn-cold.log",
        redis_url=redis_url,
        extra_args=gunicorn_args,
        extra_env=servers.COLD_ENV,
    )
    results: dict[str, dict] = {}
    try:
        initial_workers = len(servers.children(process.pid))
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        static_path = "/static/" + manifest["paths"]["css/cadreref.css"]
        runs: list[tuple[str, str, list[str], dict[str, str]]] = [("static", "warm", [static_path], {})]
        for page, _label in PAGES:
            cold, warm = paths[page]
            runs.append((page, "cold", cold, {}))
            runs.append((page, "warm", [warm], {}))
            status, headers, _body = servers.http_get(port, warm)
            if "etag" in headers:
                runs.append((page, "conditional", [warm], {"If-None-Match": headers["etag"]}))
            else:
                results[f"{page}:conditional"] = {"skipped": f"the warm page answers {status} without an ETag"}
        for page, mode, page_paths, headers in runs:
            waited = wait_for_quiet_database(url)
            booted = _booted_workers(gunicorn_log)
            wrk_mode = {"cold": "random", "warm": "same", "conditional": "same"}[mode]
            result = run_wrk(
                port=cold_port if mode == "cold" else port,
                paths=page_paths,
                mode=wrk_mode,
                settings=settings,
                work_dir=WORK_DIR / "wrk",
                name=f"ours-{page}-{mode}",
                headers=headers,
            )
            result["workers_booted"] = _booted_workers(gunicorn_log) - booted
            result["waited_for_database_seconds"] = waited
            results[f"{page}:{mode}"] = result
            log(_summary_line(f"ours {page} {mode}", result))
        workers = servers.gunicorn_workers(process.pid)
        memory = {
            "workers": len(workers),
            "initial_workers": initial_workers,
            "worker_rss_mib": sorted(round(v, 1) for v in workers.values() if v is not None),
            "master_rss_mib": round(servers.rss_mib(process.pid) or 0, 1),
            "workers_booted_total": _booted_workers(gunicorn_log),
        }
    finally:
        servers.stop(process)
        servers.stop(cold_process)
    return {"results": results, "memory": memory, "static_path": static_path}


def measure_without_recycling(*, url: str, paths: dict, static_path: str, settings: LoadSettings) -> dict:
    """The same gunicorn with ``--max-requests 0``: the static file, cold document and position
    pages, a warm page and a 304, to show what gunicorn.conf.py's worker recycling
    (max_requests in gunicorn.conf.py) costs."""
    port = servers.free_port()
    log("diagnostic: gunicorn with --max-requests 0 (no worker recycling)")
    process = servers.start_gunicorn(
        database_url=url, port=port, log=WORK_DIR / "gunicorn-no-recycling.log", extra_args=["--max-requests", "0"]
    )
    cold_port = servers.free_port()
    cold_process = servers.start_gunicorn(
        database_url=url,
        port=cold_port,
        log=WORK_DIR / "gunicorn-no-recycling-cold.log",
        extra_args=["--max-requests", "0"],
        extra_env=servers.COLD_ENV,
    )
    results = {}
    try:
        warm = paths["document"][1]
        etag = servers.http_get(port, warm)[1].get("etag", "")
        for name, page_paths, headers in (
            ("static:warm", [static_path], {}),
            ("document:cold", paths["document"][0], {}),
            ("position:cold", paths["position"][0], {}),
            ("document:warm", [warm], {}),
            ("document:conditional", [warm], {"If-None-Match": etag}),
        ):
            wait_for_quiet_database(url)
            cold = name.endswith(":cold")
            result = run_wrk(
                port=cold_port if cold else port,
                paths=page_paths,
                mode="random" if cold else "same",
                settings=settings,
                work_dir=WORK_DIR / "wrk",
                name=f"no-recycling-{name.replace(':', '-')}",
                headers=headers,
            )
            results[name] = result
            log(_summary_line(f"no recycling {name}", result))
    finally:
        servers.stop(process)
        servers.stop(cold_process)
    return results


def measure_datasette(*, paths: dict, settings: LoadSettings) -> dict:
    """Step 4: Datasette on the SQLite export, cold (random targets) and warm (one URL)."""
    port = servers.free_port()
    log(f"starting Datasette on 127.0.0.1:{port}")
    process = servers.start_datasette(database=WORK_DIR / "bench.db", port=port, log=WORK_DIR / "datasette.log")
    results = {}
    try:
        for page, _label in PAGES:
            cold, warm = paths[page]
            for mode, wrk_mode, page_paths in (("cold", "random", cold), ("warm", "same", [warm])):
                if page == "home" and mode == "cold":
                    continue  # one address only: the warm run is the whole story
                result = run_wrk(
                    port=port,
                    paths=page_paths,
                    mode=wrk_mode,
                    settings=settings,
                    work_dir=WORK_DIR / "wrk",
                    name=f"datasette-{page}-{mode}",
                )
                results[f"{page}:{mode}"] = result
                log(_summary_line(f"datasette {page} {mode}", result))
        results["home:cold"] = results["home:warm"]
    finally:
        servers.stop(process)
    return results


def _summary_line(name: str, result: dict) -> str:
    latency = result["latency_ms"]
    return (
        f"{name}: {result['rps']:.0f} req/s, p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms, "
        f"statuses 2xx {result['s2xx']} 3xx {result['s3xx']} 304 {result['s304']} 4xx {result['s4xx']} "
        f"5xx {result['s5xx']}, cache hit {result['hit']} miss {result['miss']}"
    )


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _times(value: float | None, suffix: str = "x") -> str:
    return "n/a" if value is None else f"{value:.2f}{suffix}"


def errors_of(result: dict) -> int:
    return result["s4xx"] + result["s5xx"] + result["other"] + sum(result["socket_errors"].values())


def ratios_and_targets(data: dict) -> tuple[dict, list[dict]]:
    ours, peer = data["http"]["ours"], data["http"]["datasette"]
    static_rps = ours["static:warm"]["rps"]
    ratios: dict[str, float | None] = {}
    targets: list[dict] = []

    def target(name: str, met: bool | None, measured: str) -> None:
        targets.append({"target": name, "met": met, "measured": measured})

    for page, _label in PAGES:
        warm = ours[f"{page}:warm"]
        ratios[f"{page}:warm/static"] = _ratio(warm["rps"], static_rps)
        conditional = ours.get(f"{page}:conditional", {})
        if "rps" in conditional:
            ratios[f"{page}:conditional/static"] = _ratio(conditional["rps"], static_rps)
        for mode in ("cold", "warm"):
            ratios[f"{page}:{mode} ours/datasette"] = _ratio(
                ours[f"{page}:{mode}"]["rps"], peer[f"{page}:{mode}"]["rps"]
            )

    for page, label in PAGES:
        ratio = ratios[f"{page}:warm/static"]
        target(f"warm {label} >= 50% of static req/s", ratio >= 0.5, f"{ratio:.0%}")
    for page, label in PAGES:
        ratio = ratios.get(f"{page}:conditional/static")
        if ratio is None:
            target(f"304 {label} >= 80% of static req/s", None, ours[f"{page}:conditional"]["skipped"])
        else:
            target(f"304 {label} >= 80% of static req/s", ratio >= 0.8, f"{ratio:.0%}")
    for page in ("document", "position"):
        p95 = ours[f"{page}:cold"]["latency_ms"]["p95"]
        target(f"cold {page} page p95 < 50 ms", p95 < 50, f"{p95:.1f} ms")
    for page, label in PAGES:
        for mode in ("cold", "warm"):
            ratio = ratios[f"{page}:{mode} ours/datasette"]
            met = None if ratio is None else ratio >= 1
            target(f"{label} {mode} at least as fast as Datasette", met, f"{_times(ratio)} its req/s")
    micro = data["search_micro"]
    number_p95 = micro["number_lookup"]["p95_ms"]
    text_p95 = micro["full_text"]["p95_ms"]
    target("number lookup p95 < 10 ms", number_p95 < 10, f"{number_p95:.2f} ms")
    target("full-text p95 < 50 ms", text_p95 < 50, f"{text_p95:.1f} ms")
    speedup = micro["speedup_median"]
    target(">= 10x faster than naive (median)", None if speedup is None else speedup >= 10, _times(speedup))
    return ratios, targets


# What must match for two runs to be compared: the same machine (each session's machine has its
# own kernel build) and the same software under the servers.
SAME_MACHINE = ("cpu_model", "cores", "memory_gib", "kernel", "os", "python", "postgresql", "django", "datasette")


def compare_scales(data: dict) -> dict | None:
    """Cold p95 of this run against the newest saved run at another scale on the same machine
    (the 10x target): a run on another machine differs by more than the corpus (one machine's
    cold pages ran 1.3 times as fast as another's, its Datasette 1.8 times)."""
    machine = {key: data["machine"].get(key) for key in SAME_MACHINE}
    others = []
    for path in sorted(RESULTS_DIR.glob("*.json")):
        try:
            saved = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        same_machine = {key: saved.get("machine", {}).get(key) for key in SAME_MACHINE} == machine
        if saved.get("scale") != data["scale"] and "http" in saved and same_machine:
            others.append((path, saved))
    if not others:
        return None
    path, other = others[-1]
    small, large = (other, data) if other["scale"] < data["scale"] else (data, other)
    changes = {}
    for page, _label in PAGES:
        before = small["http"]["ours"][f"{page}:cold"]["latency_ms"]["p95"]
        after = large["http"]["ours"][f"{page}:cold"]["latency_ms"]["p95"]
        changes[page] = round(after / before, 2) if before else None
    return {"compared_with": path.name, "scales": [small["scale"], large["scale"]], "cold_p95_ratio": changes}


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def print_table(data: dict) -> None:
    ours, peer = data["http"]["ours"], data["http"]["datasette"]
    static = ours["static:warm"]
    machine = data["machine"]
    settings = data["settings"]["wrk"]
    print()
    print(
        f"CadreRef benchmark, scale {data['scale']} ({data['corpus']['documents']} generated documents, "
        f"{data['corpus']['key_points']} key points, {data['corpus']['positions']} positions)"
    )
    print(
        f"Machine: {machine['cpu_model']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['os']}, kernel {machine['kernel']}; Python {machine['python']}, PostgreSQL "
        f"{machine['postgresql']}, Django {machine['django']}, gunicorn {machine['gunicorn']} "
        f"({data['http']['memory']['initial_workers']} gthread workers), {machine['datasette']}, {machine['wrk']}"
    )
    print(
        f"wrk: {settings['threads']} threads, {settings['connections']} connections, {settings['seconds']} s per "
        "row, on the same machine as the servers. Latency in ms. ratio: req/s over the static file's; "
        "vs DS: req/s over Datasette's. queries: most SQL queries of one cold render (in process)."
    )
    header = (
        f"{'page':<26}{'mode':<12}{'queries':>8}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'ratio':>8}"
        f"{'DS req/s':>10}{'DS p95':>8}{'vs DS':>9}  notes"
    )
    print(header)
    print("-" * len(header))

    def row(label: str, mode: str, result: dict, *, peer_result=None, note: str = "", queries="") -> None:
        latency = result["latency_ms"]
        ratio = result["rps"] / static["rps"]
        peer_cells = f"{'':>10}{'':>8}{'':>9}"
        if peer_result:
            peer_cells = (
                f"{peer_result['rps']:>10.0f}{_ms(peer_result['latency_ms']['p95']):>8}"
                f"{_times(_ratio(result['rps'], peer_result['rps'])):>9}"
            )
        print(
            f"{label:<26}{mode:<12}{queries:>8}{result['rps']:>8.0f}{_ms(latency['p50']):>8}{_ms(latency['p95']):>8}"
            f"{_ms(latency['p99']):>8}{ratio:>7.0%} {peer_cells}  {note}"
        )

    row("Static file (whitenoise)", "ceiling", static)
    for page, label in PAGES:
        for mode in MODES:
            result = ours.get(f"{page}:{mode}", {})
            if "rps" not in result:
                print(f"{label:<26}{mode:<12}{'n/a':>8}  {result.get('skipped', '')}")
                continue
            notes = []
            if errors_of(result):
                notes.append(f"{errors_of(result)} errors")
            if mode == "cold" and result["hit"]:
                notes.append(f"{result['hit']} cache hits")
            if mode == "warm" and result["miss"]:
                notes.append(f"{result['miss']} misses")
            if mode == "conditional" and result["s304"] != result["requests"]:
                notes.append(f"{result['requests'] - result['s304']} not 304")
            if result["s3xx"]:
                notes.append(f"{result['s3xx']} redirects")
            if result.get("workers_booted"):
                notes.append(f"{result['workers_booted']} workers restarted")
            if result.get("waited_for_database_seconds", 0) >= 1:
                notes.append(f"waited {result['waited_for_database_seconds']:.0f} s for earlier queries to end")
            if result["other_processes"]["share_of_machine"] >= 0.1:
                notes.append(f"other processes used {result['other_processes']['share_of_machine']:.0%} of the CPU")
            peer_result = peer.get(f"{page}:{mode}") if mode != "conditional" else None
            queries = data.get("queries_per_page", {}).get(page, "") if mode == "cold" else ""
            row(label, mode, result, peer_result=peer_result, note="; ".join(notes), queries=queries)
    print()
    print("Datasette equivalents: " + "; ".join(f"{label}: {PEERS[page]}" for page, label in PAGES))
    memory = data["http"]["memory"]
    print(
        f"Memory after the run: {memory['workers']} workers, VmRSS "
        + ", ".join(f"{value:.0f}" for value in memory["worker_rss_mib"])
        + f" MiB (master {memory['master_rss_mib']:.0f} MiB); workers booted during the run: "
        f"{memory['workers_booted_total'] - memory['initial_workers']} (max_requests recycling)"
    )
    diagnostic = data["http"]["without_recycling"]
    if diagnostic:
        print(
            "Without worker recycling (--max-requests 0, same run): "
            + ", ".join(
                f"{name.replace(':', ' ')} {result['rps']:.0f} req/s (p95 {_ms(result['latency_ms']['p95'])} ms; "
                f"{_times(_ratio(result['rps'], ours[name]['rps']))} the row above)"
                for name, result in diagnostic.items()
            )
        )
    index = data["index"]
    parts = []
    if "app_seconds" in index:
        parts.append(f"search_index_rebuild() {index['app_seconds']:.1f} s")
    if "fast_seconds" in index:
        parts.append(f"benchmarks.fast_index {index['fast_seconds']:.1f} s")
    if "same_rows" in index:
        parts.append("same rows" if index["same_rows"] else "ROWS DIFFER")
    if "vocabulary_seconds" in index:
        parts.append(f"spelling vocabulary {index['vocabulary_seconds']:.1f} s")
    print(f"Search index ({index['entries']} entries): " + ", ".join(parts))
    micro = data["search_micro"]
    print(
        f"Search micro-benchmark: number lookup median {micro['number_lookup']['median_ms']:.2f} ms, p95 "
        f"{micro['number_lookup']['p95_ms']:.2f} ms ({micro['number_lookup']['count']} queries); full text median "
        f"{micro['full_text']['median_ms']:.1f} ms, p95 {micro['full_text']['p95_ms']:.1f} ms "
        f"({micro['full_text']['count']} queries); naive icontains median {micro['naive']['median_ms']:.0f} ms, "
        f"p95 {micro['naive']['p95_ms']:.0f} ms ({micro['naive']['count']} queries): {_times(micro['speedup_median'])} "
        f"faster at the median, {_times(micro['speedup_p95'])} at p95"
    )
    print("\n".join(search_quality.table_lines(data["search_quality"])))
    print(prerender.summary(data))
    print()
    print("Targets:")
    for item in data["targets"]:
        verdict = {True: "met   ", False: "MISSED", None: "n/a   "}[item["met"]]
        print(f"  {verdict} {item['target']}: {item['measured']}")
    scales = data.get("scale_comparison")
    if scales:
        worst = max(v for v in scales["cold_p95_ratio"].values() if v)
        print(
            f"  {'met   ' if worst < 2 else 'MISSED'} scale {scales['scales'][1]} changes cold p95 by < 2x "
            f"(vs {scales['compared_with']}): "
            + ", ".join(f"{page} {ratio}x" for page, ratio in scales["cold_p95_ratio"].items())
        )
    else:
        print("  n/a    10x corpus changes cold p95 by < 2x: no saved run at another scale on this machine")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE") or 1))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS") or 8))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS") or 4))
    parser.add_argument("--index", choices=["app", "fast", "both"], default=os.environ.get("BENCH_INDEX") or None)
    parser.add_argument("--drop-db", action="store_true", default=os.environ.get("BENCH_DROP_DB") == "1")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        default=os.environ.get("BENCH_REUSE_DB") == "1",
        help="measure the database an earlier run left (same --scale) instead of building it again",
    )
    args = parser.parse_args()
    index_mode = args.index or ("both" if args.scale == 1 else "fast")
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    gunicorn_args = shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
    settings = LoadSettings(seconds=args.seconds, connections=args.connections)
    started = time.monotonic()
    started_at = datetime.datetime.now(datetime.UTC)
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    prepared = prepare_database(url, scale=args.scale, index_mode=index_mode, reuse=args.reuse_db)
    log("collectstatic")
    manage("collectstatic", "--noinput", "--verbosity", "0", env=dict(os.environ, DJANGO_ENV="development"))
    log("queries per page: cold renders in process (benchmarks.render_micro)")
    queries = render_micro.queries_per_page(our_paths(prepared["targets"]))
    ours = measure_ours(
        url=url,
        paths=our_paths(prepared["targets"]),
        settings=settings,
        redis_url=redis_url,
        gunicorn_args=gunicorn_args,
    )
    diagnostic = {}
    if os.environ.get("BENCH_DIAGNOSE", "1") == "1":
        diagnostic = measure_without_recycling(
            url=url, paths=our_paths(prepared["targets"]), static_path=ours["static_path"], settings=settings
        )
    peer = measure_datasette(paths=datasette_paths(prepared["targets"], prepared["reference"]), settings=settings)

    data = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "scale": args.scale,
        "machine": servers.machine_description(postgres_version=prepared["postgresql"]),
        "settings": {
            "wrk": settings.as_dict(),
            "gunicorn": "docker/entrypoint.sh + gunicorn.conf.py defaults, DJANGO_ENV=production",
            "gunicorn_extra_args": gunicorn_args,
            "cache": "Redis (BENCH_REDIS_URL)" if redis_url else "local memory, per worker (no REDIS_URL)",
            "index_mode": prepared["index"]["mode"],
        },
        "corpus": prepared["corpus"],
        "timings_seconds": prepared["timings"] | {"corpus_steps": prepared["corpus_seconds"]},
        "index": prepared["index"],
        "sqlite_export": prepared["export"],
        "search_micro": prepared["micro"],
        "search_quality": prepared["quality"],
        "prerender": prepared["prerender"],
        "queries_per_page": queries,
        "http": {
            "ours": ours["results"],
            "datasette": peer,
            "memory": ours["memory"],
            "static_path": ours["static_path"],
            "without_recycling": diagnostic,
        },
    }
    data["ratios"], data["targets"] = ratios_and_targets(data)
    data["scale_comparison"] = compare_scales(data)
    if args.drop_db:
        database_drop(url)
        log(f"dropped {urlsplit(url).path.lstrip('/')} (--drop-db)")
    data["duration_seconds"] = round(time.monotonic() - started, 1)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result_path = RESULTS_DIR / f"{started_at:%Y%m%dT%H%M%SZ}.json"
    result_path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(data)
    print(f"\nWhole run: {data['duration_seconds']:.0f} s. Results: {result_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
