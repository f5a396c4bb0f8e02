"""The local-memory cache bounded by bytes."""

import pytest

from core.cache import BoundedLocMemCache


@pytest.fixture
def bounded():
    cache = BoundedLocMemCache("bounded-unit-test", {"OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": 100_000}})
    cache.clear()
    yield cache
    cache.clear()


def test_the_total_size_stays_under_the_limit_however_many_values_are_set(bounded):
    for number in range(2000):
        bounded.set(f"page:{number}", b"x" * 1000)
    assert bounded.size_in_bytes <= 100_000
    assert bounded.get("page:1999") is not None
    assert bounded.get("page:0") is None


def test_the_least_recently_read_entries_make_room_first(bounded):
    for number in range(80):
        bounded.set(f"page:{number}", b"x" * 1000)
    bounded.get("page:0")
    for number in range(80, 110):
        bounded.set(f"page:{number}", b"x" * 1000)
    assert bounded.get("page:0") is not None
    assert bounded.get("page:1") is None


def test_a_value_larger_than_a_quarter_of_the_cache_is_not_kept(bounded):
    bounded.set("small", b"x" * 1000)
    bounded.set("huge", b"x" * 30_000)
    assert bounded.get("huge") is None
    assert bounded.get("small") is not None


def test_replacing_and_deleting_give_their_bytes_back(bounded):
    bounded.set("page", b"x" * 20_000)
    bounded.set("page", b"x" * 10)
    assert bounded.size_in_bytes < 1000
    bounded.delete("page")
    assert bounded.size_in_bytes == 0


def test_counters_still_count(bounded):
    bounded.set("hits", 1)
    assert bounded.incr("hits", 2) == 3
    assert bounded.get("hits") == 3
