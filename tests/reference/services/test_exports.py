"""The export: the dataset (or one document) in the import format, so that export → import
into an empty database → identical pages."""

import dataclasses
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.core import serializers
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.data_version import data_state_read, data_version_bump
from reference.registry import KINDS, content_labels
from reference.services import exports
from reference.services.exports import fixture_export
from reference.services.imports import FixtureFile, fixture_import
from regulations.models import Document
from tests import factories as f
from tests.scenario import delete_all_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

ROUND_TRIP_PAGES = [
    "/en/documents/365-qd-tw/",
    "/en/documents/148-qd-tw/",
    "/vi/documents/366-qd-tw/",
    "/en/documents/366-qd-tw.json",
    "/en/positions/tong-bi-thu/",
    "/en/positions/thu-truong/",
    "/en/standards/",
    "/en/assessment/",
    "/en/authorities/",
    "/en/relations/",
    "/en/sources/",
    "/en/search/?q=tam+dinh+chi",
    "/en/glossary/",
    "/vi/glossary.json",
    "/en/documents/377-qd-tw/changes/",
    "/vi/documents/377-qd-tw/changes.json",
]


def page_body(client, path):
    """The main content of a page (the footer's "data as of" date left out)."""
    text = client.get(path).content.decode()
    if path.endswith(".json"):
        return re.sub(r'"(created|updated)_at": "[^"]*"', "", text)
    return re.sub(r"\s+", " ", re.search(r"<main.*?</main>", text, re.S).group(0))


def test_the_export_writes_every_kind_in_load_order_by_natural_key_without_derived_fields():
    objects = json.loads(fixture_export())
    labels = list(dict.fromkeys(item["model"] for item in objects))
    assert labels == [label for label in content_labels() if label in labels]
    assert all("pk" not in item for item in objects)
    document = next(item for item in objects if item["fields"].get("slug") == "148-qd-tw")
    assert "number_key" not in document["fields"]
    assert "status" not in document["fields"]
    assert document["fields"]["issuer"] == ["politburo"]
    point = next(item for item in objects if item["model"] == "regulations.keypoint")
    assert point["fields"]["document"]
    assert point["fields"]["sources"]
    term = next(item for item in objects if item["fields"].get("slug") == "mien-nhiem")
    assert term["fields"]["confused_with"] == [["tam-dinh-chi-cong-tac"]]
    change = next(item for item in objects if item["model"] == "regulations.change")
    assert (change["fields"]["document"], change["fields"]["compared_with"]) == (["377-qd-tw"], [["148-qd-tw"]])


def test_export_then_import_into_an_empty_database_gives_identical_pages(client):
    before = {path: page_body(client, path) for path in ROUND_TRIP_PAGES}
    exported = fixture_export()
    delete_all_content()
    assert Document.objects.count() == 0
    report = fixture_import(files=[FixtureFile(name="export.json", content=exported.encode())], dry_run=False)
    assert report.ok, report.problems[:3]
    cache.clear()
    for path, body in before.items():
        assert page_body(client, path) == body, path


@pytest.mark.parametrize("slug", ["148-qd-tw", "366-qd-tw", "365-qd-tw", "377-qd-tw"])
def test_a_single_document_export_loads_on_its_own_and_renders_the_same_page(client, slug):
    path = f"/en/documents/{slug}/"
    before = page_body(client, path)
    exported = fixture_export(document=Document.objects.get(slug=slug))
    delete_all_content()
    report = fixture_import(files=[FixtureFile(name=f"{slug}.json", content=exported.encode())], dry_run=False)
    assert report.ok, report.problems[:3]
    assert page_body(client, path) == before


@pytest.fixture
def builds(monkeypatch):
    """The exports written to files, counted: one per (data version, export) is the promise."""
    calls = []
    write = exports.fixture_export_write

    def counting_write(out, **kwargs):
        calls.append(kwargs)
        write(out, **kwargs)

    monkeypatch.setattr(exports, "fixture_export_write", counting_write)
    return calls


def drained(response):
    """Read a streamed download to its end, as a WSGI server does. The test client then closes it
    without sending ``request_finished``; closing it unread sends that signal, whose handler
    closes the database connection, and on PostgreSQL the test's own transaction with it."""
    b"".join(response.streaming_content)
    return response


def download_url(name="regulations:data-export", **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def test_the_export_written_object_by_object_is_one_indented_json_document():
    text = fixture_export()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def more_of_every_kind(count):
    """``count`` more documents, each with a record of every kind tied to it (and to the one
    before it), every relation and link the export names by natural key filled in."""
    previous = Document.objects.get(slug="148-qd-tw")
    for _n in range(count):
        document = f.DocumentFactory(topics=[f.TopicFactory()])
        point = f.KeyPointFactory(document=document)
        f.DocumentCitationFactory(document=document)
        f.RelationFactory(subject=document, object=previous)
        f.EventFactory(documents=[document, previous])
        f.TermFactory(documents=[document], confused_with=[f.TermFactory()])
        f.ChangeFactory(document=document, compared_with=[previous], key_point=point)
        group = f.PositionGroupFactory(document=document, key_point=point)
        tier = f.PositionTierFactory(group=group)
        position = f.PositionFactory(group=group, tier=tier, listed_in=document, key_point=point)
        f.StandardFactory(document=document, positions=[position])
        f.AssessmentPeriodFactory(document=document)
        f.CriteriaFrameworkFactory(document=document, position_groups=[group])
        f.CriterionFactory(document=document, position_groups=[group])
        f.ClassificationBandFactory(document=document)
        f.AuthorityFactory(document=document, actor_position=position, subject_groups=[group])
        f.TrainingGroupFactory(document=document, position_groups=[group])
        previous = document


def stock_export() -> str:
    """The export as Django's serialiser writes it when it queries every natural key itself."""
    objects = []
    for kind in KINDS:
        for item in serializers.serialize(
            "python",
            kind.model.objects.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        ):
            item.pop("pk", None)
            for name in kind.derived:
                del item["fields"][name]
            objects.append(item)
    return json.dumps(objects, ensure_ascii=False, indent=2, default=str) + "\n"


def test_the_export_is_byte_for_byte_what_djangos_serialiser_writes():
    more_of_every_kind(3)
    assert fixture_export() == stock_export()


def test_the_export_costs_as_many_queries_for_thirty_documents_as_for_three(monkeypatch):
    # Each batch of objects costs its own few queries: here every kind fits in one batch.
    monkeypatch.setattr(exports, "BATCH_OBJECTS", 10_000)

    def queries_for(count):
        more_of_every_kind(count)
        with CaptureQueriesContext(connection) as queries:
            fixture_export()
        return len(queries)

    assert queries_for(3) == queries_for(27)


def test_a_document_export_costs_as_many_queries_for_thirty_key_points_as_for_three():
    document = Document.objects.get(slug="148-qd-tw")

    def queries_for(count):
        for _n in range(count):
            point = f.KeyPointFactory(document=document)
            f.ChangeFactory(document=document, key_point=point, compared_with=[f.DocumentFactory()])
        with CaptureQueriesContext(connection) as queries:
            fixture_export(document=document)
        return len(queries)

    assert queries_for(3) == queries_for(27)


def test_an_empty_export_is_an_empty_list(empty_database):
    assert fixture_export() == "[]\n"


def test_the_download_is_the_export_built_once_for_every_request_whatever_the_query_string(client, builds):
    url = download_url()
    first = client.get(url, {"x": "1"})
    assert first["Content-Type"] == "application/json; charset=utf-8"
    assert first["Content-Disposition"].startswith('attachment; filename="cadreref-fixtures-')
    body = b"".join(first.streaming_content)
    for junk in [{"x": "2"}, {"page": "9"}, {"q": "\x00"}, {}]:
        response = client.get(url, junk)
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"]
        drained(response)
    assert client.head(url).status_code == 200
    assert client.get("/vi/data/cadreref-fixtures.json").status_code == 200
    assert len(builds) == 1
    assert body == fixture_export().encode()


def test_a_document_fixture_is_built_once_and_streamed(client, builds):
    url = download_url("regulations:document-fixture", slug="148-qd-tw")
    first = b"".join(client.get(url).streaming_content)
    assert b"".join(client.get(url, {"x": "1"}).streaming_content) == first
    assert len(builds) == 1
    assert first == fixture_export(document=Document.objects.get(slug="148-qd-tw")).encode()


def test_a_conditional_request_for_the_download_is_answered_not_modified(client, builds):
    url = download_url()
    first = client.get(url)
    drained(first)
    assert "public" in first["Cache-Control"]
    by_tag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert by_tag.status_code == 304
    assert by_tag["ETag"] == first["ETag"]
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304
    # Answering 304 closed the file, not the request: the database connection is still open
    # (closing it would end the test's transaction on PostgreSQL).
    assert Document.objects.filter(slug="148-qd-tw").exists()
    stale = client.get(url, headers={"if-none-match": '"an-older-version"'})
    assert stale.status_code == 200
    drained(stale)
    assert len(builds) == 1


def test_downloads_past_the_limit_are_refused_at_once_and_a_finished_one_frees_its_slot(client, builds, settings):
    settings.EXPORT_CONCURRENCY = 2
    url = download_url()
    streaming = [client.get(url, {"x": str(number)}) for number in range(2)]
    assert [response.status_code for response in streaming] == [200, 200]
    started = time.monotonic()
    refused = client.get(url, {"x": "3"})
    assert time.monotonic() - started < 1
    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert "Too many downloads" in refused.content.decode()
    assert "quá nhiều lượt tải xuống" in client.get("/vi/data/cadreref-fixtures.json").content.decode()
    # A conditional request streams nothing: its 304 gives the slot back.
    drained(streaming.pop())
    by_tag = client.get(url, headers={"if-none-match": streaming[0]["ETag"]})
    assert by_tag.status_code == 304
    drained(streaming.pop())
    again = [client.get(url, {"x": str(number)}) for number in range(2)]
    assert [response.status_code for response in again] == [200, 200]
    for response in again:
        drained(response)
    assert client.get(url).status_code == 200


def test_a_new_data_version_writes_a_new_file_and_removes_the_old_ones(
    client, builds, settings, django_capture_on_commit_callbacks
):
    drained(client.get(download_url()))
    drained(client.get(download_url("regulations:document-fixture", slug="148-qd-tw")))
    before = sorted(path.name for path in settings.EXPORT_DIR.glob("*.json"))
    assert len(before) == 2

    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()  # an import or an admin edit: the next download is written afresh
    drained(client.get(download_url(), {"x": "3"}))
    assert len(builds) == 3
    after = sorted(path.name for path in settings.EXPORT_DIR.iterdir())
    assert [name for name in after if name.endswith(".json")] != before
    assert len([name for name in after if name.endswith(".json")]) == 1
    assert not set(after) & set(before)


def test_concurrent_requests_for_a_new_export_write_it_once(settings):
    version = data_state_read().latest
    writes = []

    def slow_write(out):
        writes.append(1)
        time.sleep(0.3)
        out.write("[]\n")

    def fetch():
        with exports.export_file(version=version, name="all", write=slow_write) as file:
            return file.read()

    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda _n: fetch(), range(4)))
    assert texts == [b"[]\n"] * 4
    assert writes == [1]
    assert not [path for path in settings.EXPORT_DIR.iterdir() if path.name.endswith(".tmp")]


@pytest.fixture
def writing(settings):
    """Another process writing the dataset's export until the test ends or sets ``release``."""
    version = data_state_read().latest
    entered, release = threading.Event(), threading.Event()

    def blocking_write(out):
        entered.set()
        release.wait(10)
        out.write("[]\n")

    arguments = {"version": version, "name": "all", "write": blocking_write}
    writer = threading.Thread(target=lambda: exports.export_file(**arguments).close())
    writer.start()
    try:
        assert entered.wait(5)
        yield SimpleNamespace(lock=next(settings.EXPORT_DIR.glob("*-all.lock")), release=release)
    finally:
        release.set()
        writer.join()


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_request_for_an_export_long_in_writing_is_told_at_once_to_retry(client, settings, writing):
    settings.EXPORT_WAIT_SECONDS = 5
    began = time.time() - 60
    os.utime(writing.lock, (began, began))  # the write began a minute ago
    response, seconds = timed_get(client, download_url())
    assert response.status_code == 503
    assert seconds < 1
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "try again" in response.content.decode()
    with translation.override("vi"):
        vietnamese = client.get(reverse("regulations:data-export"))
    assert vietnamese.status_code == 503
    assert "thử lại" in vietnamese.content.decode()


def test_requests_wait_only_the_first_seconds_of_a_write(client, settings, writing):
    settings.EXPORT_WAIT_SECONDS = 0.5
    first, seconds = timed_get(client, download_url())
    assert first.status_code == 503
    assert seconds < 0.5 + 0.3
    later, seconds = timed_get(client, download_url())
    assert later.status_code == 503
    assert seconds < 0.1


def test_a_request_arriving_as_a_short_write_begins_gets_the_file(settings):
    settings.EXPORT_WAIT_SECONDS = 5
    version = data_state_read().latest
    entered = threading.Event()

    def short_write(out):
        entered.set()
        time.sleep(0.3)
        out.write("[]\n")

    with ThreadPoolExecutor(max_workers=1) as pool:
        writer = pool.submit(lambda: exports.export_file(version=version, name="all", write=short_write).close())
        assert entered.wait(5)
        with exports.export_file(version=version, name="all", write=lambda out: out.write("[2]\n")) as file:
            assert file.read() == b"[]\n"
        writer.result(5)


def test_the_background_worker_waits_for_a_request_writing_the_export(settings, writing):
    settings.EXPORT_WAIT_SECONDS = 0
    version = data_state_read().latest
    with pytest.raises(exports.ExportBusy):
        exports.dataset_export_file(version=version)
    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(lambda: exports.dataset_export_file(version=version, block=True).read())
        time.sleep(0.3)
        assert not waiting.done()
        writing.release.set()
        assert waiting.result(5) == b"[]\n"


def test_a_failed_write_leaves_no_file_and_the_next_request_writes_it(settings):
    version = data_state_read().latest

    def failing_write(out):
        out.write("[")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        exports.export_file(version=version, name="all", write=failing_write)
    assert not [path for path in settings.EXPORT_DIR.iterdir() if not path.name.endswith(".lock")]
    with exports.export_file(version=version, name="all", write=lambda out: out.write("[]\n")) as file:
        assert file.read() == b"[]\n"


def test_odd_requests_for_the_downloads_never_fail(client):
    assert client.post(download_url()).status_code == 405
    assert client.get(download_url("regulations:document-fixture", slug="no-such")).status_code == 404
    # Each read to its end, as a server does (a download holds a slot until it is closed).
    assert drained(client.get(download_url(), headers={"range": "bytes=5-1"})).status_code == 200
    odd_tag = client.get(download_url(), headers={"if-none-match": '*,,"x'})
    assert odd_tag.status_code in {200, 304}
    if odd_tag.status_code == 200:
        drained(odd_tag)
    assert drained(client.get(download_url(), headers={"if-modified-since": "yesterday"})).status_code == 200


def test_a_reader_keeps_streaming_a_file_a_newer_version_removes(settings):
    old = data_state_read().latest
    newer = dataclasses.replace(old, number=old.number + 1)
    with exports.export_file(version=old, name="all", write=lambda out: out.write("[1]\n")) as reading:
        exports.export_file(version=newer, name="all", write=lambda out: out.write("[2]\n")).close()
        assert [path.name.split("-")[0] for path in settings.EXPORT_DIR.glob("*.json")] == [str(newer.number)]
        assert reading.read() == b"[1]\n"
