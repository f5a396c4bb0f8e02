"""A local-memory cache bounded by bytes as well as by entries.

Django's ``LocMemCache`` counts entries only: 5,000 rendered pages of half a megabyte each is
2.5 GB per worker. This one also keeps the total size of the stored (pickled) values under
``MAX_BYTES``, dropping the least recently used entries to make room, and does not keep a value
larger than a quarter of that at all, so one huge page cannot empty the cache.
"""

from __future__ import annotations

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# Bytes held per named cache, shared like LocMemCache's own stores (one instance per thread).
_sizes: dict[str, dict[str, int]] = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._sizes = _sizes.setdefault(name, {})

    @property
    def size_in_bytes(self) -> int:
        with self._lock:
            return sum(self._sizes.values())

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        size = len(key) + len(value)
        if size > self._max_bytes // 4:
            return
        total = sum(self._sizes.values())
        while self._cache and (len(self._cache) >= self._max_entries or total + size > self._max_bytes):
            # The least recently used entry is last: get() and set() move an entry to the front.
            old_key, _old_value = self._cache.popitem()
            self._expire_info.pop(old_key, None)
            total -= self._sizes.pop(old_key, 0)
        self._cache[key] = value
        self._cache.move_to_end(key, last=False)
        self._expire_info[key] = self.get_backend_timeout(timeout)
        self._sizes[key] = size

    def _delete(self, key):
        self._sizes.pop(key, None)
        return super()._delete(key)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(self._cache[key]) + delta  # noqa: S301 - pickled by this process
            timeout = self._expire_info[key]
            self._set(key, pickle.dumps(value, self.pickle_protocol))
            if key in self._cache:
                self._expire_info[key] = timeout
        return value

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
