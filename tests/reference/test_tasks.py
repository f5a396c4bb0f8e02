"""Pre-rendering after every data change (core.prerender, reference.tasks), on the small
scenario. No worker runs: the job is called directly, and queued tasks are only recorded."""

import datetime
import gzip
import secrets
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.tasks import default_task_backend
from django.test import override_settings
from django.utils import timezone, translation

from core import prerender as prerender_module
from core.data_version import data_state_read, data_version_bump
from core.models import DataState, RenderedPage
from core.page_cache import LEVEL_PRERENDER, entry_make, page_get
from core.prerender import DatabaseLock, prerender
from reference import tasks
from reference.models import SearchEntry, SpellingVocabulary
from reference.search import spelling
from reference.selectors.search import search_results
from reference.services import exports
from reference.tasks import prerender_site, site_paths
from reference.views import pages as pages_views
from regulations.models import Document, Source
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


@pytest.fixture(autouse=True)
def _waiting_for_the_pre_render(settings):
    """Readers wait for the pre-render (the tests' default switches them at once), and no task
    queued by an earlier test is left."""
    settings.PRERENDER_MAX_DELAY = 600
    default_task_backend.clear()


@pytest.fixture
def bump(django_capture_on_commit_callbacks):
    """Move the data version as an import does (its on-commit work included)."""

    def bump() -> int:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return data_version_bump()

    return bump


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the pre-render task as the worker does (its on-commit work included)."""

    def run(version: int, **kwargs) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            if "paths" in kwargs:
                return prerender(version=version, **kwargs).as_dict()
            return prerender_site.call(version=version)

    return run


@pytest.fixture
def announce(bump, run):
    """Start from a version readers are served, pre-rendered."""

    def announce() -> int:
        version = bump()
        assert run(version, paths=["/en/", "/en/documents/365-qd-tw/"])["outcome"] == "announced"
        cache.clear()
        return version

    return announce


def retitle(document, title: str) -> None:
    Document.objects.filter(pk=document.pk).update(title_en=title)


def test_site_paths_cover_every_page_type_in_both_languages_readers_first(scenario):
    paths = site_paths()
    assert paths[:2] == ["/vi/", "/en/"]
    for expected in [
        "/en/documents/",
        "/vi/documents/",
        "/en/positions/",
        "/en/assessment/",
        "/en/authorities/matrix/",
        f"/en/documents/{scenario.d365.slug}/",
        f"/vi/documents/{scenario.d365.slug}.json",
        "/en/positions/tong-bi-thu/",
        "/en/positions/tong-bi-thu.json",
        "/en/documents.json",
        "/en/glossary.json",
        "/en/documents/feed.atom",
        "/en/about/",
        "/en/relations/",
        "/vi/relations/",
        "/sitemap.xml",
    ]:
        assert expected in paths
    assert len(paths) == len(set(paths))
    # The relations timeline's first page only: the pages after it cost no more to render cold.
    assert not [path for path in paths if "/relations/?" in path]
    # The page cache asks the shared tier only for addresses whose query is at most ``page``.
    assert {query.split("=")[0] for path in paths if "?" in path for query in path.split("?")[1].split("&")} <= {"page"}
    # Core documents, then positions, then the other documents; HTML before JSON.
    other = next(d for d in Document.objects.filter(is_core=False).order_by("slug"))
    assert paths.index(f"/en/documents/{scenario.d365.slug}/") < paths.index("/en/positions/tong-bi-thu/")
    assert paths.index("/en/positions/tong-bi-thu/") < paths.index(f"/en/documents/{other.slug}/")
    assert paths.index("/en/about/") < paths.index("/en/documents.json")


def test_every_page_of_the_sources_is_pre_rendered_in_both_languages():
    assert not [path for path in site_paths() if "/sources/?" in path]  # three sources: one page
    factories.SourceFactory.create_batch(Source.PER_PAGE)
    paths = site_paths()
    assert [path for path in paths if "/sources/?" in path] == ["/vi/sources/?page=2", "/en/sources/?page=2"]


def test_a_committed_change_queues_the_pre_render_and_a_rolled_back_one_does_not(bump):
    version = bump()
    assert [result.args or result.kwargs for result in default_task_backend.results] == [{"version": version}]

    def refused_import():
        with transaction.atomic():
            data_version_bump()
            raise RuntimeError("the import fails after moving the version")

    with pytest.raises(RuntimeError):
        refused_import()
    assert len(default_task_backend.results) == 1
    assert DataState.objects.get().version == version


def test_readers_keep_the_old_version_until_the_new_one_is_pre_rendered(client, scenario, bump, run, announce):
    announce()
    path = f"/en/documents/{scenario.d365.slug}/"
    assert path == "/en/documents/365-qd-tw/"
    before = client.get(path)
    assert before["X-Cache"] == "hit"  # pre-rendered

    retitle(scenario.d365, "A title of the next version")
    version = bump()
    assert data_state_read().pending
    during = client.get(path)
    assert during["X-Cache"] == "hit"
    assert during["ETag"] == before["ETag"]
    assert b"A title of the next version" not in during.content

    result = run(version)
    assert result["outcome"] == "announced"
    assert result["pages"] == len(site_paths())
    assert not data_state_read().pending
    cache.clear()  # another worker: nothing in its own memory, everything in the shared tier
    after = client.get(path)
    assert after["X-Cache"] == "hit"
    assert after["ETag"] != before["ETag"]
    assert b"A title of the next version" in after.content
    json_twin = client.get(f"/vi/documents/{scenario.d365.slug}.json")
    assert json_twin["X-Cache"] == "hit"
    assert client.get(path, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
    # Kept compressed: sent as kept to a browser that accepts gzip, the same text as above.
    cache.clear()
    gzipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["X-Cache"] == "hit"
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == after.content
    assert RenderedPage.objects.filter(version=version).aggregate(Sum("size"))["size__sum"] == result["bytes"]
    # Only the versions that may still be asked for are kept.
    assert set(RenderedPage.objects.values_list("version", flat=True)) == {version - 1, version}


def test_a_page_missing_for_the_served_version_is_built_and_labelled_as_the_new_one(client, scenario, bump, announce):
    announce()
    retitle(scenario.d365, "A title of the next version")
    bump()
    path = f"/en/documents/{scenario.d365.slug}/"
    RenderedPage.objects.all().delete()
    cache.clear()
    cold = client.get(path)
    assert cold["X-Cache"] == "miss"
    assert b"A title of the next version" in cold.content
    again = client.get(path)
    assert again["X-Cache"] == "hit"
    assert again["ETag"] == cold["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=cold["ETag"]).status_code == 304


def test_the_site_is_switched_anyway_once_the_delay_has_passed_without_a_worker(client, scenario, bump, run, announce):
    old = announce()
    version = bump()
    assert data_state_read().served.number == old
    DataState.objects.update(changed_at=timezone.now() - datetime.timedelta(seconds=601))
    cache.clear()
    assert data_state_read().served.number == version
    assert b"A late title" not in client.get("/en/").content
    retitle(scenario.d365, "A late title")
    assert b"A late title" in client.get(f"/en/documents/{scenario.d365.slug}/").content


@pytest.mark.parametrize("check_seconds", [0, 60], ids=["checked-each-page", "checked-at-the-end"])
def test_a_newer_version_written_mid_render_supersedes_the_job(bump, run, announce, monkeypatch, check_seconds):
    old = announce()
    version = bump()
    monkeypatch.setattr(prerender_module, "CHECK_SECONDS", check_seconds)

    def paths():
        yield "/en/"
        bump()  # an import commits while the job renders
        yield "/vi/"
        yield "/en/documents/"

    result = run(version, paths=paths())
    assert result["outcome"] == "superseded"
    assert result["pages"] == (1 if check_seconds == 0 else 3)
    assert not RenderedPage.objects.filter(version=version).exists()
    assert DataState.objects.get().served_version == old
    newest = DataState.objects.get().version
    assert run(newest)["outcome"] == "announced"
    assert run(version)["outcome"] == "superseded"


def test_one_renderer_at_a_time_and_a_dead_renderers_lock_lapses(bump, monkeypatch, run, announce):
    old = announce()
    version = bump()
    other = DatabaseLock()
    assert other.acquire()
    assert not DatabaseLock().acquire()
    monkeypatch.setattr(prerender_module.time, "sleep", lambda seconds: other.refresh())  # alive
    with override_settings(PRERENDER_LOCK_SECONDS=0.2):
        assert run(version, paths=["/en/"])["outcome"] == "locked"
    assert DataState.objects.get().served_version == old
    with override_settings(PRERENDER_LOCK_SECONDS=0):  # a holder silent for any time has lapsed
        assert run(version, paths=["/en/"])["outcome"] == "announced"
    assert not other.refresh()
    assert DataState.objects.get().renderer == ""


def test_the_byte_budget_keeps_what_readers_reach_first_and_still_announces(bump, run, announce):
    announce()
    version = bump()
    paths = site_paths()
    result = run(version, paths=paths, max_bytes=60_000)
    assert result["outcome"] == "announced"
    assert 0 < result["pages"] < len(paths)
    assert result["bytes"] <= 60_000
    assert result["budget_line"] == paths[result["pages"]]
    assert result["over_budget"] == len(paths) - result["pages"]
    assert RenderedPage.objects.filter(version=version).count() == result["pages"]


def test_a_page_too_large_to_keep_is_passed_over_and_the_rest_still_kept(client, bump, run, announce):
    # Words that gzip cannot shrink much: this document's page stays large as the job keeps it.
    large = factories.DocumentFactory(summary_en=" ".join(secrets.token_hex(8) for _ in range(1500)))
    announce()
    version = bump()
    with translation.override("en"):
        paths = ["/en/", "/en/about/", large.get_absolute_url()]
    # As the job keeps them: compressed at its level.
    sizes = {path: len(entry_make(200, client.get(path).content, [], level=LEVEL_PRERENDER)[1]) for path in paths}
    largest = max(sizes, key=sizes.get)
    assert largest == paths[-1]
    # A budget of which the largest page alone takes more than a quarter, the others less.
    budget = 4 * max(size for path, size in sizes.items() if path != largest) + 8_000
    assert sizes[largest] > budget // 4
    result = run(version, paths=paths, max_bytes=budget)
    assert result["outcome"] == "announced"
    assert result["too_large"] == [largest]
    assert result["budget_line"] == ""
    assert result["pages"] == len(paths) - 1


@pytest.fixture
def about_page_fails(monkeypatch):
    """The about page cannot be rendered (the pre-render job meets a 500)."""
    real_render = pages_views.render

    def render(request, template_name, *args, **kwargs):
        if template_name == "regulations/about.html":
            raise RuntimeError("a page that cannot be rendered")
        return real_render(request, template_name, *args, **kwargs)

    monkeypatch.setattr(pages_views, "render", render)


@pytest.mark.usefixtures("about_page_fails")
def test_a_page_that_fails_leaves_the_version_unannounced(client, bump, run, announce):
    old = announce()
    version = bump()
    result = run(version, paths=["/en/", "/en/about/", "/en/documents/"])
    assert result["outcome"] == "failed"
    assert result["errors"] == ["/en/about/ (500)"]
    assert result["pages"] == 2
    assert not RenderedPage.objects.filter(version=version, status=500).exists()
    assert DataState.objects.get().served_version == old
    assert data_state_read().served.number == old


def _redis_url() -> str:
    """A local Redis for the lock test (database 3, where nothing else of ours lives), if any."""
    import redis

    url = "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 (the Redis lock needs one)")
    return url


def test_with_redis_one_renderer_at_a_time_through_a_redis_lock_that_lapses(settings):
    url = _redis_url()
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    settings.PRERENDER_LOCK_SECONDS = 1
    first, second = prerender_module.render_lock(), prerender_module.render_lock()
    assert isinstance(first, prerender_module.RedisLock)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert first.refresh()
    finally:
        first.release()
    assert second.acquire()
    time.sleep(1.2)  # the holder died: its lock lapses
    assert not second.refresh()
    assert first.acquire()
    first.release()


def test_the_pre_render_writes_the_dataset_export_before_announcing(client, settings, monkeypatch, bump, run):
    monkeypatch.setattr(tasks, "site_paths", lambda: ["/en/"])
    version = bump()
    assert run(version)["outcome"] == "announced"
    assert [path.name for path in settings.EXPORT_DIR.glob("*.json")] == [
        next(settings.EXPORT_DIR.glob(f"{version}-*-all.json")).name
    ]

    def no_build(out, **kwargs):
        raise AssertionError("a reader waited for the export")

    monkeypatch.setattr(exports, "fixture_export_write", no_build)
    response = client.get("/en/data/cadreref-fixtures.json")
    assert response.status_code == 200
    b"".join(response.streaming_content)  # read to the end, as a server does (closing it unread
    # would close the test's database connection)


def test_the_pre_render_stores_the_spelling_vocabulary_before_any_page_for_every_worker(monkeypatch, bump, run):
    monkeypatch.setattr(tasks, "site_paths", lambda: ["/en/"])
    stored_first = []
    real_render = prerender_module._render

    def render(result, *, version, **kwargs):
        stored_first.append(SpellingVocabulary.objects.filter(version=version.number).exists())
        return real_render(result, version=version, **kwargs)

    monkeypatch.setattr(prerender_module, "_render", render)
    versions = []
    for _change in range(3):
        versions.append(bump())
        assert run(versions[-1])["outcome"] == "announced"
    assert stored_first == [True, True, True]
    # The version served now and the one before it (workers may read that one a moment longer).
    assert sorted(SpellingVocabulary.objects.values_list("version", flat=True)) == versions[1:]

    spelling._vocabularies.clear()  # a worker that has built nothing: it reads what was stored
    monkeypatch.setattr(spelling, "INLINE_ENTRIES", 0)
    monkeypatch.setattr(spelling.Vocabulary, "build", classmethod(lambda cls, texts: pytest.fail("built again")))
    results = search_results(query="Politbureau", entries=SearchEntry.objects.all(), per_page=10)
    assert results.corrected == "politburo"


def test_a_failed_vocabulary_leaves_the_version_unannounced(monkeypatch, bump, run):
    def failing(*, version):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "site_paths", lambda: ["/en/"])
    monkeypatch.setattr(spelling, "vocabulary_store", failing)
    version = bump()
    result = run(version)
    assert (result["outcome"], result["errors"]) == ("failed", ["prepare_first"])
    assert data_state_read().served.number < version


def test_a_failed_export_leaves_the_version_unannounced(settings, monkeypatch, bump, run):
    def failing(out, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "site_paths", lambda: ["/en/"])
    monkeypatch.setattr(exports, "fixture_export_write", failing)
    version = bump()
    result = run(version)
    assert result["outcome"] == "failed"
    assert result["errors"] == ["prepare"]
    assert data_state_read().served.number < version


def test_a_version_served_through_the_safety_net_stays_served_when_the_next_one_waits(bump, announce):
    old = announce()
    version = bump()
    DataState.objects.update(changed_at=timezone.now() - datetime.timedelta(seconds=601))
    cache.clear()
    assert data_state_read().served.number == version  # the delay passed: readers get it
    newer = bump()  # an edit while no worker runs
    cache.clear()
    served = data_state_read().served.number
    assert served == version, f"readers went back from {version} to {served} (announced before: {old})"
    assert newer > version


@pytest.mark.usefixtures("about_page_fails")
def test_pages_of_a_failed_job_do_not_pile_up_in_the_shared_tier(bump, run, announce):
    old = announce()
    failed = bump()
    assert run(failed, paths=["/en/", "/en/about/"])["outcome"] == "failed"
    assert RenderedPage.objects.filter(version=failed).exists()
    again = bump()
    assert run(again, paths=["/en/", "/en/about/"])["outcome"] == "failed"
    assert set(RenderedPage.objects.values_list("version", flat=True)) == {old, again}


def test_the_shared_tier_answers_with_the_first_version_asked_for_whatever_the_row_order(bump, run, announce):
    old = announce()
    newer = bump()
    assert run(newer, paths=["/en/"])["outcome"] == "announced"
    identity = RenderedPage.objects.filter(version=newer).values_list("identity", flat=True).first()
    # The older version's row written after the newer one's: the order of ``versions`` decides.
    row = RenderedPage.objects.get(version=newer, identity=identity)
    RenderedPage.objects.filter(version=old, identity=identity).delete()
    RenderedPage.objects.create(
        version=old, identity=identity, status=row.status, content=b"old", headers=row.headers, size=row.size
    )
    cache.clear()
    assert page_get([newer, old], identity)[0] == newer
    cache.clear()
    assert page_get([old, newer], identity)[0] == old
