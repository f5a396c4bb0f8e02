"""The export: the dataset (or one document) in the import format, so that export → import
into an empty database → identical pages."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from core.data_version import data_version_bump
from reference.registry import content_labels
from reference.services import exports
from reference.services.exports import fixture_export
from reference.services.imports import FixtureFile, fixture_import
from regulations.models import Document
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


def test_an_export_is_serialised_once_per_data_version_whatever_the_query_string(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from reference.views import documents

    calls = []

    def counting_export(**kwargs):
        calls.append(kwargs)
        return exports.fixture_export(**kwargs)

    monkeypatch.setattr(documents, "fixture_export", counting_export)
    with translation.override("en"):
        url = reverse("regulations:data-export")
    first = client.get(url, {"x": "1"}).content
    assert client.get(url, {"x": "2"}).content == first
    assert len(calls) == 1

    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()  # an import or an admin edit: the next download is serialised afresh
    client.get(url, {"x": "3"})
    assert len(calls) == 2
