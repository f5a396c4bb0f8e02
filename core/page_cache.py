"""Where rendered public pages are kept: two tiers.

* Each process's own cache (Django's default cache: ``core.cache.BoundedLocMemCache``) holds
  what it served lately; every page a reader's request renders is stored there.
* A shared tier holds the pages the pre-render job (``core.prerender``) renders, so that every
  web worker and container finds them: Redis when ``REDIS_URL`` is set (then the default cache
  *is* Redis and the two tiers are one), otherwise the ``core.RenderedPage`` table, read on a
  miss in local memory (one indexed query) and copied into local memory.

An entry is ``(status, content, headers)``, keyed by data version and the page's identity (its
canonical origin, language, path and query; ``core.middleware``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Case, Value, When

from core.models import RenderedPage

Entry = tuple[int, bytes, list[tuple[str, str]]]


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
    try:
        # The first of ``versions`` that has the page wins, whatever order the rows were written in.
        preference = Case(*(When(version=number, then=Value(index)) for index, number in enumerate(versions)))
        row = (
            RenderedPage.objects.filter(version__in=versions, identity=identity)
            .order_by(preference)
            .values_list("version", "status", "content", "headers")
            .first()
        )
    except DatabaseError:
        # The shared tier is an optimisation: without the database the page is rendered (or
        # the outage is answered) as if it had never been pre-rendered.
        return None
    if row is None:
        return None
    version, status, content, headers = row
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
