"""How long warming the whole site takes after a data change, and what a shared-tier hit costs.

In process, on whatever database Django is set up with: the data version is moved (as an
import does), then the pre-render job (``core.prerender``, through ``reference.tasks``) renders
every public page for it, readers-first, up to ``PRERENDER_MAX_BYTES`` (the budget line is where
it stopped). Then a page read from the shared tier (the ``RenderedPage`` table, or Redis with
REDIS_URL) is timed against one read from a process's own memory. The pre-rendered pages are
deleted afterwards, so that the cold load tests that follow measure rendering, not this tier.

``make bench`` runs it on the generated corpus (benchmarks.run). On its own, on the database of
``DATABASE_URL`` (the development SQLite database by default), for the reference data:

Usage: python -m benchmarks.prerender [--budget BYTES]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time


def prerender_measure(*, budget: int | None = None, samples: int = 200) -> dict:
    """Warm the site for a new data version and return pages, bytes, seconds and the budget line."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    from core.data_version import data_version_bump
    from core.models import RenderedPage
    from core.page_cache import page_get
    from core.prerender import prerender
    from reference.tasks import site_paths

    # Pages name their hashed static files: the manifest must exist before any page renders.
    call_command("collectstatic", "--noinput", verbosity=0)
    with transaction.atomic():
        version = data_version_bump()
    started = time.perf_counter()
    paths = site_paths()
    listed = time.perf_counter() - started
    budget = settings.PRERENDER_MAX_BYTES if budget is None else budget
    result = prerender(version=version, paths=paths, max_bytes=budget)
    if settings.REDIS_URL:
        keys = cache._cache.get_client().scan_iter(match=f"*page:{version}:*", count=1000)
        identities = [key.decode().rsplit(":", 1)[1] for key in keys]
    else:
        identities = list(RenderedPage.objects.filter(version=version).values_list("identity", flat=True))
    shared, local = [], []
    for identity in random.Random(17).sample(identities, min(samples, len(identities))):
        if not settings.REDIS_URL:
            cache.clear()  # another worker: nothing in its own memory (with Redis both tiers are Redis)
        for times in (shared, local):  # the first read copies the page into local memory
            step = time.perf_counter()
            if page_get([version], identity) is None:
                raise RuntimeError(f"pre-rendered page {identity} not found")
            times.append(time.perf_counter() - step)
    RenderedPage.objects.all().delete()
    cache.clear()  # Redis too (its database is the cache's alone)
    return {
        "outcome": result.outcome,
        "pages_listed": len(paths),
        "pages": result.pages,
        "bytes": result.bytes,
        "seconds": result.seconds,
        "listing_seconds": round(listed, 3),
        "ms_per_page": round(1000 * result.seconds / result.pages, 1) if result.pages else None,
        "budget_bytes": budget,
        "budget_line": result.budget_line,
        "over_budget": result.over_budget,
        "too_large": result.too_large[:10],
        "errors": result.errors[:10],
        "shared_tier": "Redis" if settings.REDIS_URL else "RenderedPage table",
        "shared_hit_median_ms": round(1000 * statistics.median(shared), 3) if shared else None,
        "local_hit_median_ms": round(1000 * statistics.median(local), 3) if local else None,
        "hit_samples": len(shared),
    }


def summary(data: dict) -> str:
    """One line for ``make bench``'s table."""
    warm = data.get("prerender")
    if not warm:
        return "Pre-render: not measured"
    line = (
        f"Pre-render after a data change: {warm['pages']} of {warm['pages_listed']} pages, "
        f"{warm['bytes'] / 2**20:.1f} MiB in {warm['seconds']:.1f} s ({warm['ms_per_page']} ms a page), "
        f"{warm['outcome']}"
    )
    if warm["budget_line"]:
        line += (
            f"; budget {warm['budget_bytes'] / 2**20:.0f} MiB reached at {warm['budget_line']} "
            f"({warm['over_budget']} pages left to render on demand)"
        )
    if warm.get("too_large"):
        line += f"; left to render on demand as too large to keep: {', '.join(warm['too_large'])}"
    return line + (
        f". A hit from the shared tier ({warm['shared_tier']}) {warm['shared_hit_median_ms']} ms median, "
        f"from a worker's own memory {warm['local_hit_median_ms']} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=int, default=None, help="bytes (default: PRERENDER_MAX_BYTES)")
    args = parser.parse_args()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    data = {"prerender": prerender_measure(budget=args.budget), "database": connection.vendor}
    print(json.dumps(data, indent=1))
    print(summary(data))


if __name__ == "__main__":
    main()
