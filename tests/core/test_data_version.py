"""The data version: read through the cache, moved once per write, never stale after a commit."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse

from core import data_version
from core.models import DataState

pytestmark = pytest.mark.django_db


def test_the_first_read_creates_the_single_row_at_version_zero():
    assert data_version.data_version_read().number == 0
    assert DataState.objects.count() == 1


def test_a_bump_moves_the_version_and_drops_the_cached_copy_on_commit(django_capture_on_commit_callbacks):
    data_version.data_version_read()
    with django_capture_on_commit_callbacks(execute=True):
        assert data_version.data_version_bump() == 1
    assert data_version.data_version_read().number == 1


def test_reads_come_from_the_cache_until_it_expires(django_assert_num_queries):
    data_version.data_version_read()
    with django_assert_num_queries(0):
        data_version.data_version_read()


def test_the_last_known_version_is_served_while_the_database_is_down(monkeypatch):
    known = data_version.data_version_read()
    cache.delete(data_version.CACHE_KEY)

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DataState.objects, "get_or_create", down)
    assert data_version.data_version_read() == known
    cache.clear()
    with pytest.raises(OperationalError):
        data_version.data_version_read()


def test_a_per_version_value_is_built_once_per_version_and_key(django_capture_on_commit_callbacks):
    values, builds = data_version.PerVersion(), []

    def build():
        builds.append(1)
        return len(builds)

    assert values.get(build, key="vi") == values.get(build, key="vi") == 1
    assert values.get(build, key="en") == 2
    with django_capture_on_commit_callbacks(execute=True):
        data_version.data_version_bump()
    assert values.get(build, key="vi") == 3  # a new version builds again
    assert values.get(build, key="vi") == 3
    assert values.get(build, key="en") == 4  # the old version's values were dropped


def test_threads_asking_together_wait_for_one_build_of_a_per_version_value():
    import threading

    values, builds, started, release = data_version.PerVersion(), [], threading.Event(), threading.Event()
    version = data_version.data_version_read()

    def build():
        builds.append(1)
        started.set()
        release.wait(5)
        return "built"

    found = []

    def ask():
        with data_version.rendering_for(version):
            found.append(values.get(build))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    with data_version.rendering_for(version):
        assert not values.built()  # the first build is under way
    others = [threading.Thread(target=ask) for _ in range(3)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(5)
    assert found == ["built"] * 4
    assert len(builds) == 1
    with data_version.rendering_for(version):
        assert values.built()


def test_a_page_rendering_for_a_version_reads_it_once_not_per_value(django_assert_num_queries):
    values = data_version.PerVersion()
    version = data_version.data_version_read()
    cache.clear()  # a read now would have to ask the database
    with data_version.rendering_for(version), django_assert_num_queries(0):
        assert values.get(lambda: "built") == values.get(lambda: "again") == "built"


def test_a_version_is_announced_only_while_it_is_the_latest_and_only_once(settings):
    settings.PRERENDER_MAX_DELAY = 600
    DataState.objects.create(pk=1, version=5, served_version=3)
    assert not data_version.data_version_announce(4)  # a newer one was written since
    assert data_version.data_version_announce(5)
    assert not data_version.data_version_announce(5)
    cache.clear()
    state = data_version.data_state_read()
    assert state.served.number == 5
    assert not state.pending


def test_the_admin_shows_which_version_readers_get(staff_client, settings):
    settings.PRERENDER_MAX_DELAY = 600
    DataState.objects.create(pk=1, version=7, served_version=6)
    page = staff_client.get(reverse("admin:core_datastate_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Readers get" in page
    assert '<td class="field-readers_get">6</td>' in page


def test_forgetting_every_per_version_value_clears_each_of_them():
    first, second = data_version.PerVersion(), data_version.PerVersion()
    first.get(lambda: "one")
    second.get(lambda: "two")
    data_version.PerVersion.forget_every()
    assert not first.built()
    assert not second.built()
