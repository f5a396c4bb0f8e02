"""The data version: moved by every import and admin edit, read by every public page.

Two numbers: the version *written* (the data in the database) and the version *served* (whose
cached pages readers get). The second follows the first once the pre-render job
(``core.prerender``) has rendered every public page of the new version, so readers never meet
a cold page after an import; ``PRERENDER_MAX_DELAY`` bounds the wait if no job runs.

Reads go through the cache so that a conditional GET can be answered without the database.
With Redis (``REDIS_URL``) every worker sees a change at once; with the default local-memory
cache each worker re-reads the database at most every ``DATA_STATE_TTL`` seconds.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections, router, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.models import DataState

CACHE_KEY = "cadreref:data-versions"
# The last version read from the database, kept without expiry: if the database is down when
# the short-lived copy expires, pages already in the cache for that version keep being served.
LAST_KNOWN_KEY = "cadreref:data-versions:last-known"

# Sent with ``version`` once a transaction that moved the data version commits.
data_version_moved = Signal()


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime.datetime


T = TypeVar("T")

# The version a public page is being rendered for, read once by the page cache middleware: what
# the page's parts build per version (the glossary's matchers, once per key point) ask it
# instead of the cache (a Redis round trip each with REDIS_URL).
_rendering_for: ContextVar[Version | None] = ContextVar("cadreref_rendering_for", default=None)


@contextlib.contextmanager
def rendering_for(version: Version) -> Iterator[None]:
    token = _rendering_for.set(version)
    try:
        yield
    finally:
        _rendering_for.reset(token)


def rendering_version() -> Version | None:
    """The version the page being rendered is for; None outside a public page's render."""
    return _rendering_for.get()


class PerVersion:
    """Values built from the data once per data version and kept in this process (what every
    request reads but only an import or an admin edit changes: the glossary's matchers, the
    search's synonyms and vocabulary). A value is keyed by the version, its time included (so a
    number reused after a rollback never serves another's value), and by ``key``; values of an
    older version are dropped when a newer one is built."""

    # Every instance, for ``forget_every``.
    _instances: weakref.WeakSet[PerVersion] = weakref.WeakSet()

    def __init__(self) -> None:
        PerVersion._instances.add(self)
        self._values: dict[tuple[Version, Hashable], object] = {}
        self._lock = threading.Lock()
        # One build at a time per key: threads asking together wait for the one build rather
        # than each building the same value (seconds of CPU for the search's vocabulary).
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, build: Callable[[], T], key: Hashable = None) -> T:
        version = data_version_rendered()
        found = self._values.get((version, key))
        if found is None:
            with self._lock:
                building = self._building.setdefault(key, threading.Lock())
            with building:
                found = self._values.get((version, key))
                if found is None:
                    found = build()
                    with self._lock:
                        if any(kept != version for kept, _key in self._values):
                            self._values.clear()
                        self._values[(version, key)] = found
        return found

    def built(self, key: Hashable = None) -> bool:
        """Whether the value of the current data version is built in this process."""
        return (data_version_rendered(), key) in self._values

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    @classmethod
    def forget_every(cls) -> None:
        """Clear every instance: what a moved data version does, for tests that write records
        without moving it."""
        for kept in list(cls._instances):
            kept.clear()


@dataclass(frozen=True)
class DataStateView:
    """The version written (``latest``: what the database holds) and the version announced to
    readers (``announced``: every page of it pre-rendered, or the safety net's delay passed)."""

    latest: Version
    announced: Version

    @property
    def served(self) -> Version:
        """The version whose cached pages readers get. The latest one once announced, or once it
        has waited ``PRERENDER_MAX_DELAY`` seconds: if no pre-render worker runs, or one fails,
        the site is stale for that long at most and never for ever."""
        if self.announced.number >= self.latest.number:
            return self.latest
        waited = (timezone.now() - self.latest.changed_at).total_seconds()
        return self.latest if waited >= settings.PRERENDER_MAX_DELAY else self.announced

    @property
    def pending(self) -> bool:
        """A newer version is written but readers are still served the older one."""
        return self.served.number < self.latest.number


def data_state_read() -> DataStateView:
    """The current versions, from the cache when possible.

    Raises the database's error only if the database is unreachable and no version was ever
    read by this cache.
    """
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    try:
        state, _ = DataState.objects.get_or_create(pk=1)
    except (OperationalError, InterfaceError):
        last_known = cache.get(LAST_KNOWN_KEY)
        if last_known is None:
            raise
        return last_known
    view = DataStateView(
        latest=Version(number=state.version, changed_at=state.changed_at),
        announced=Version(number=state.served_version, changed_at=state.served_changed_at),
    )
    cache.set(CACHE_KEY, view, timeout=settings.DATA_STATE_TTL)
    cache.set(LAST_KNOWN_KEY, view, timeout=None)
    return view


def data_version_read() -> Version:
    """The version of the data in the database (what a page rendered now is built from)."""
    return data_state_read().latest


def data_version_rendered() -> Version:
    """The version a page rendered now is for, and what a value built now is kept under: the
    one the pre-render job names (``rendering_for``), else the latest (``data_version_read``)."""
    return _rendering_for.get() or data_version_read()


def data_version_unchanged(version: Version) -> bool:
    """Whether the database still holds ``version``, read past the cache (one indexed query).

    A page rendered now is built from what the database holds, which may be newer than the
    version this worker has cached (for up to ``DATA_STATE_TTL`` seconds, or for the moment an
    import commits mid-render). Every version moves in the same transaction as its data, so if
    the database holds ``version`` once the page is rendered, the page read nothing newer. On
    False the cached copy is dropped, so that this worker's next page reads the new version."""
    try:
        # Plain SQL: it runs after every page rendered, and the ORM took four times its cost.
        with connections[router.db_for_read(DataState)].cursor() as cursor:
            cursor.execute(f"SELECT version, changed_at FROM {DataState._meta.db_table} WHERE id = 1")  # noqa: S608
            current = cursor.fetchone()
    except DatabaseError:
        current = None
    if current is not None and Version(number=current[0], changed_at=_aware(current[1])) == version:
        return True
    cache.delete(CACHE_KEY)
    return False


def _aware(value: datetime.datetime | str) -> datetime.datetime | None:
    """A datetime column read by plain SQL as the ORM gives it: SQLite gives text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def data_version_bump() -> int:
    """Move the version on and return the new number. Once the transaction commits, the cached
    copy is dropped and ``data_version_moved`` is sent (the pre-render job is queued from it);
    a transaction that rolls back sends nothing, so nothing is rendered or announced."""
    DataState.objects.get_or_create(pk=1)
    now = timezone.now()
    # A version readers already get through the safety net (``DataStateView.served``) is made
    # the announced one before moving on: otherwise, while the new version waits, readers would
    # fall back to the version announced before it, older than what they were just reading.
    DataState.objects.filter(
        pk=1,
        served_version__lt=F("version"),
        changed_at__lte=now - datetime.timedelta(seconds=settings.PRERENDER_MAX_DELAY),
    ).update(served_version=F("version"), served_changed_at=F("changed_at"))
    DataState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
    number = data_version_number()
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    transaction.on_commit(lambda: data_version_moved.send(sender=DataState, version=number), robust=True)
    return number


def data_version_announce(number: int) -> bool:
    """Serve version ``number`` to readers, if it is still the latest one and not served yet.

    False when a newer version was written meanwhile (its own job announces it: pages rendered
    for this one may hold some of the newer data, so they are never served) or when it is
    already served."""
    with transaction.atomic():
        state = DataState.objects.select_for_update().get_or_create(pk=1)[0]
        if state.version != number or state.served_version >= number:
            return False
        DataState.objects.filter(pk=1).update(served_version=number, served_changed_at=state.changed_at)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return True


def data_version_number(*, lock: bool = False) -> int:
    """The version in the database, bypassing the cache (for writers inside a transaction).
    With ``lock``, its row stays locked until the transaction ends (PostgreSQL; SQLite lets one
    writer at a time anyway), so no other writer can move the version in between."""
    states = DataState.objects.select_for_update() if lock else DataState.objects
    return states.get_or_create(pk=1)[0].version
