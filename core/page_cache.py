"""Where rendered public pages are kept: two tiers.

* Each process's own cache (Django's default cache: ``core.cache.BoundedLocMemCache``) holds
  what it served lately; every page a reader's request renders is stored there.
* A shared tier holds the pages the pre-render job (``core.prerender``) renders, so that every
  web worker and container finds them: Redis when ``REDIS_URL`` is set (then the default cache
  *is* Redis and the two tiers are one), otherwise the ``core.RenderedPage`` table, read on a
  miss in local memory (one indexed query) and copied into local memory.

An entry is ``(status, content, headers)``, keyed by data version and the page's identity (its
canonical origin, language, path and query; ``core.middleware``). Its content is kept
gzip-compressed (``entry_make``), about 5 times smaller for a document page (6 with the
pre-render job's level): each tier's byte budget holds that many more pages, and a reader whose
browser accepts gzip is sent the bytes as they are kept (``entry_body``).
"""

from __future__ import annotations

import json
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, router

from core.models import RenderedPage

Entry = tuple[int, bytes, list[tuple[str, str]]]


GZIP_MAGIC = b"\x1f\x8b"
# zlib's levels: a reader's miss compresses fast (a document page of 60-90 kB in about 0.7 ms,
# 5x smaller); the pre-render job, which no reader waits on, compresses tighter (about 2 ms, 6x).
LEVEL_ON_DEMAND = 1
LEVEL_PRERENDER = 6


def entry_make(status: int, content: bytes, headers: list[tuple[str, str]], *, level: int) -> Entry:
    """An entry to keep, its content gzip-compressed, unless compressing would not make it
    shorter (an empty redirect): then as it is. No random padding against BREACH, as Django's
    ``GZipMiddleware`` adds: a kept page is the same for everyone and holds no secret (a page
    that sets a cookie or varies on one is never kept)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # 31: gzip's header, mtime 0
    packed = compressor.compress(content) + compressor.flush()
    return status, packed if len(packed) < len(content) else content, headers


def entry_gzipped(entry: Entry) -> bool:
    return entry[1].startswith(GZIP_MAGIC)


def entry_body(entry: Entry, *, gzip: bool) -> tuple[bytes, bool]:
    """The entry's content for a reader who accepts gzip or not, and whether it is gzipped."""
    content = entry[1]
    if not entry_gzipped(entry):
        return content, False
    if gzip:
        return content, True
    return zlib.decompress(content, 31), False


def page_key(version: int, identity: str) -> str:
    return f"page:{version}:{identity}"


def entry_size(identity: str, entry: Entry) -> int:
    _status, content, headers = entry
    return len(identity) + len(content) + sum(len(name) + len(value) for name, value in headers)


def page_get(versions: list[int], identity: str, *, shared: bool = True) -> tuple[int, Entry] | None:
    """The first of ``versions`` that has this page, and the page; None if none has it.
    Without ``shared``, the shared tier is not asked (a page the pre-render job never renders)."""
    for version in versions:
        found = cache.get(page_key(version, identity))
        if found is not None:
            return version, found
    if settings.REDIS_URL or not shared:
        return None
    table = RenderedPage._meta.db_table
    placeholders = ", ".join(["%s"] * len(versions))
    try:
        # Plain SQL: on a miss in local memory this runs before every page rendered, most of
        # them never pre-rendered, and building it with the ORM cost more than running it.
        with connections[router.db_for_read(RenderedPage)].cursor() as cursor:
            cursor.execute(
                f"SELECT version, status, content, headers FROM {table} "  # noqa: S608 (no input in it)
                f"WHERE identity = %s AND version IN ({placeholders})",
                [identity, *versions],
            )
            rows = cursor.fetchall()
    except DatabaseError:
        # The shared tier is an optimisation: without the database the page is rendered (or
        # the outage is answered) as if it had never been pre-rendered.
        return None
    # The first of ``versions`` that has the page wins, whatever order the rows were written in.
    row = min(rows, key=lambda found: versions.index(found[0]), default=None)
    if row is None:
        return None
    version, status, content, headers = row
    if isinstance(headers, str):  # SQLite gives the JSON as text
        headers = json.loads(headers)
    entry = (status, bytes(content), [tuple(pair) for pair in headers])
    cache.set(page_key(version, identity), entry, settings.PAGE_CACHE_SECONDS)
    return version, entry


def page_put(version: int, identity: str, entry: Entry) -> None:
    """Keep a page a reader's request rendered, in this process's cache (or Redis)."""
    cache.set(page_key(version, identity), entry, settings.PAGE_CACHE_SECONDS)


def pages_put_shared(version: int, pages: list[tuple[str, Entry]]) -> None:
    """Keep pre-rendered pages where every worker finds them (one statement for the lot)."""
    if settings.REDIS_URL:
        cache.set_many({page_key(version, identity): entry for identity, entry in pages}, settings.PAGE_CACHE_SECONDS)
        return
    RenderedPage.objects.bulk_create(
        [
            RenderedPage(
                version=version,
                identity=identity,
                status=entry[0],
                content=entry[1],
                headers=[list(pair) for pair in entry[2]],
                size=entry_size(identity, entry),
            )
            for identity, entry in pages
        ],
        update_conflicts=True,
        unique_fields=["version", "identity"],
        update_fields=["status", "content", "headers", "size"],
    )


def pages_drop_except(versions: set[int]) -> int:
    """Delete the shared tier's pages of every version but ``versions`` (Redis expires its own)."""
    if settings.REDIS_URL:
        return 0
    deleted, _ = RenderedPage.objects.exclude(version__in=versions).delete()
    return deleted
