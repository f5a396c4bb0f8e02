"""The whole-dataset download (``/en/data/cadreref-fixtures.json``) in process, through the whole
middleware stack: the first request (which writes the export file for the data version) and the
requests after it (which stream that file), each with its wall-clock time, SQL queries and peak
Python memory (``tracemalloc``), plus the process's peak resident size (``ru_maxrss``) at the
end. ``--old`` measures instead what every request cost before the file: ``fixture_export()``
building the text in memory.

The export is written to a fresh temporary ``EXPORT_DIR``; the database is only read (run it
with ``PGOPTIONS='-c default_transaction_read_only=on'`` to make sure of it).

Usage: DATABASE_URL=... python -m benchmarks.export_download [--repeat N] [--old] [--no-trace]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import tracemalloc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="requests after the first (default 5)")
    parser.add_argument("--old", action="store_true", help="build the text in memory, as every request did before")
    parser.add_argument("--no-trace", action="store_true", help="skip tracemalloc (it slows a large build severalfold)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.data_version import data_version_read
    from reference.services.exports import fixture_export

    settings.EXPORT_DIR = tempfile.mkdtemp(prefix="cadreref-export-bench-")
    settings.ALLOWED_HOSTS = ["*"]
    data_version_read()
    client = Client(HTTP_HOST="localhost")

    def measure(label: str, request) -> None:
        if not args.no_trace:
            tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            size = request()
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()  # (0, 0) when not tracing
        tracemalloc.stop()
        print(f"{label:<10} {seconds:8.3f} s {len(queries):6d} queries  peak {peak / 2**20:7.1f} MiB  {size:,} bytes")

    def download() -> int:
        response = client.get("/en/data/cadreref-fixtures.json", {"junk": str(time.monotonic())})
        if response.status_code != 200:
            raise SystemExit(f"the download answered {response.status_code}")
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size

    def old() -> int:
        return len(fixture_export().encode())

    request = old if args.old else download
    measure("first", request)
    for number in range(args.repeat):
        measure(f"again {number + 1}", request)
    print(f"ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (whole process, peak)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
