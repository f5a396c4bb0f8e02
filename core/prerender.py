"""Pre-render every public page of a new data version before readers are switched to it.

After an import or an admin edit moves the data version, ``reference.tasks.prerender_site``
(a ``django.tasks`` task run by the database worker) calls ``prerender`` with the site's pages,
those readers reach first first. Each page goes through the whole middleware stack, as a
reader's request would, with ``core.middleware.prerendering`` naming the version: the page
cache labels it (ETag, Last-Modified, "data as of") with that version and hands it back, and it
is stored in the shared tier (``core.page_cache``) that every web worker reads. When every page
is stored (or the byte budget is reached) the version is announced: readers get it from then on.

Safe with several workers and containers: one renderer at a time (a Redis lock with
``REDIS_URL``, otherwise a lock on the ``DataState`` row), and a newer version written
mid-render supersedes the job (its pages may hold some of the newer data, so that version is
never announced; the newer version's own job renders it). A page that fails leaves the
version unannounced (so does one the page cache would not keep: a 404, a redirect): readers keep
the old version until ``PRERENDER_MAX_DELAY`` has passed.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

from core.data_version import Version, data_version_announce
from core.middleware import Prerendering, prerendering
from core.models import DataState
from core.page_cache import entry_size, pages_drop_except, pages_put_shared

logger = logging.getLogger(__name__)

LOCK_NAME = "cadreref:prerender-lock"
# How often a job waiting for the lock looks again.
LOCK_POLL_SECONDS = 0.5
# How often a running job shows it holds the lock and looks for a newer version, and how many
# pages it writes at once: per page, on SQLite, each write is a transaction of its own.
CHECK_SECONDS = 1.0
BATCH_PAGES = 50


@dataclass
class PrerenderResult:
    """What one job did. ``outcome``: announced, superseded (a newer version was written),
    failed (a page errored: not announced), locked (another renderer kept the lock) or
    already served."""

    version: int
    outcome: str = ""
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    # The first page left out because the byte budget was reached, and how many were left out.
    budget_line: str = ""
    over_budget: int = 0
    # Pages left to render on demand because each alone would take more than a quarter of the
    # budget (the page cache keeps no such page either): the job goes on past them.
    too_large: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class DatabaseLock:
    """One renderer at a time through the ``DataState`` row: taking it is one conditional
    UPDATE (atomic on SQLite and PostgreSQL alike); a holder that has not shown it is alive for
    ``PRERENDER_LOCK_SECONDS`` (a killed worker) loses it to the next job."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex

    def acquire(self) -> bool:
        now = timezone.now()
        lapsed = now - timedelta(seconds=settings.PRERENDER_LOCK_SECONDS)
        DataState.objects.get_or_create(pk=1)
        free = Q(renderer="") | Q(renderer_seen_at__isnull=True) | Q(renderer_seen_at__lt=lapsed)
        return bool(DataState.objects.filter(free, pk=1).update(renderer=self.token, renderer_seen_at=now))

    def refresh(self) -> bool:
        return bool(DataState.objects.filter(pk=1, renderer=self.token).update(renderer_seen_at=timezone.now()))

    def release(self) -> None:
        DataState.objects.filter(pk=1, renderer=self.token).update(renderer="", renderer_seen_at=None)


class RedisLock:
    """The same promise with ``REDIS_URL``: a Redis lock that lapses unless refreshed."""

    def __init__(self) -> None:
        client = cache._cache.get_client(write=True)
        self.lock = client.lock(LOCK_NAME, timeout=settings.PRERENDER_LOCK_SECONDS)

    def acquire(self) -> bool:
        return self.lock.acquire(blocking=False)

    def refresh(self) -> bool:
        from redis.exceptions import LockError

        try:
            self.lock.reacquire()
        except LockError:
            return False
        return True

    def release(self) -> None:
        from redis.exceptions import LockError

        # Lapsed: someone else may hold it now, and it is theirs.
        with contextlib.suppress(LockError):
            self.lock.release()


def render_lock() -> DatabaseLock | RedisLock:
    return RedisLock() if settings.REDIS_URL else DatabaseLock()


def prerender_origin() -> tuple[str, str]:
    """The scheme and host readers use: ``SITE_URL``'s (the page cache keys on it), or
    ``localhost`` in development without it."""
    if settings.SITE_URL:
        parts = urlsplit(settings.SITE_URL)
        return parts.scheme, parts.netloc
    return "http", "localhost"


def _latest() -> DataState:
    return DataState.objects.get_or_create(pk=1)[0]


def prerender(
    *,
    version: int,
    paths: Iterable[str],
    max_bytes: int | None = None,
    prepare_first: Callable[..., object] | None = None,
    prepare: Callable[..., object] | None = None,
) -> PrerenderResult:
    """For data version ``version``: call ``prepare_first(version=...)`` (what is not a page
    but readers' requests use from the start: the search's spelling vocabulary), render
    ``paths`` (in order: what readers reach first first) into the shared page tier, stopping
    at ``max_bytes`` (``PRERENDER_MAX_BYTES``), call ``prepare(version=...)`` (what is not a
    page: the dataset export file), then announce the version if it is still the latest and
    nothing failed."""
    started = time.monotonic()
    result = PrerenderResult(version=version)
    budget = settings.PRERENDER_MAX_BYTES if max_bytes is None else max_bytes
    state = _latest()
    if state.version != version:
        result.outcome = "superseded"
        return result
    if state.served_version >= version:
        result.outcome = "already served"
        return result

    lock = render_lock()
    deadline = time.monotonic() + settings.PRERENDER_LOCK_SECONDS
    while not lock.acquire():
        if _latest().version != version:
            result.outcome = "superseded"
            return result
        if time.monotonic() >= deadline:
            result.outcome = "locked"
            return result
        time.sleep(LOCK_POLL_SECONDS)

    try:
        # Pages of versions neither served nor being rendered (a job that failed or was
        # superseded) go first: the shared tier holds at most these two versions' pages.
        pages_drop_except({_latest().served_version, version})
        target = Version(number=version, changed_at=state.changed_at)
        if prepare_first is not None:
            _prepare(result, prepare_first, target, "prepare_first")
        _render(result, version=target, paths=paths, budget=budget, lock=lock)
        if not result.outcome and not result.errors and prepare is not None:
            _prepare(result, prepare, target, "prepare")
            if not lock.refresh():
                # The export took longer than the lock lasts and another renderer took over.
                result.outcome = "superseded"
        if not result.outcome:
            if result.errors:
                result.outcome = "failed"
            elif data_version_announce(version):
                result.outcome = "announced"
                # Keep the version readers had until now: workers that have not yet re-read
                # the data version (DATA_STATE_TTL) still look its pages up.
                pages_drop_except({state.served_version, version})
            else:
                result.outcome = "superseded"
    finally:
        lock.release()
        result.seconds = round(time.monotonic() - started, 3)
    log = logger.error if result.outcome == "failed" else logger.info
    log(
        "Pre-render of data version %s: %s, %s pages, %s bytes in %.1f s%s%s%s",
        version,
        result.outcome,
        result.pages,
        result.bytes,
        result.seconds,
        f"; budget reached at {result.budget_line} ({result.over_budget} pages left)" if result.budget_line else "",
        f"; {len(result.too_large)} too large to keep: {', '.join(result.too_large[:5])}" if result.too_large else "",
        f"; {len(result.errors)} failed: {', '.join(result.errors[:5])}" if result.errors else "",
    )
    return result


def _prepare(result: PrerenderResult, step: Callable[..., object], version: Version, name: str) -> None:
    try:
        step(version=version)
    except Exception:
        logger.exception("Preparing data version %s failed (%s)", version.number, name)
        result.errors.append(name)


def _render(result: PrerenderResult, *, version: Version, paths: Iterable[str], budget: int, lock) -> None:
    scheme, host = prerender_origin()
    headers = {"HTTP_HOST": host}
    if scheme == "https" and settings.SECURE_PROXY_SSL_HEADER:
        # Behind the TLS proxy the app tells https from this header; without it the security
        # middleware would answer every page with a redirect to https.
        header, value = settings.SECURE_PROXY_SSL_HEADER
        headers[header] = value
    factory = RequestFactory()
    handler = BaseHandler()
    handler.load_middleware()
    batch: list[tuple[str, tuple]] = []
    checked = 0.0
    for path in paths:
        if result.budget_line:
            result.over_budget += 1
            continue
        if time.monotonic() - checked >= CHECK_SECONDS:
            if not lock.refresh() or _latest().version != version.number:
                result.outcome = "superseded"
                return
            checked = time.monotonic()
        job = Prerendering(version=version)
        token = prerendering.set(job)
        try:
            response = handler.get_response(factory.get(path, secure=scheme == "https", **headers))
        except Exception:
            # Django turns a view's exception into a 500 response; anything escaping that is
            # still one page's failure, never the job's.
            logger.exception("Pre-rendering %s failed", path)
            result.errors.append(path)
            continue
        finally:
            prerendering.reset(token)
        if job.entry is None:
            # A 500, or an answer the page cache does not keep (a 404, a redirect to https):
            # readers would meet this page cold, so the version is not announced.
            logger.error("Pre-rendering %s answered %s, which is not cached", path, response.status_code)
            result.errors.append(f"{path} ({response.status_code})")
            continue
        size = entry_size(job.identity, job.entry)
        if size > budget // 4:
            result.too_large.append(path)
            continue
        if result.bytes + size > budget:
            result.budget_line = path
            result.over_budget = 1
            continue
        batch.append((job.identity, job.entry))
        result.pages += 1
        result.bytes += size
        if len(batch) >= BATCH_PAGES:
            pages_put_shared(version.number, batch)
            batch = []
    # A last look before the last pages are kept: a version written since may be in them.
    if not lock.refresh() or _latest().version != version.number:
        result.outcome = "superseded"
        return
    if batch:
        pages_put_shared(version.number, batch)
