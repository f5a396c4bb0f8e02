"""How many requests of one costly kind a process runs at once (searches, downloads), so that
a worker's other threads stay free for pages that cost nothing (a cached page, /healthz)."""

from __future__ import annotations

import threading

_slots: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def process_slots(kind: str, limit: int) -> threading.BoundedSemaphore:
    """This process's ``limit`` slots for requests of ``kind``: a new set when the limit changes
    (a test's settings), shared by every thread otherwise."""
    with _slots_lock:
        return _slots.setdefault((kind, limit), threading.BoundedSemaphore(limit))
