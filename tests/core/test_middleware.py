"""Caching of public pages by data version, conditional requests, request limits, and the
503 page while the database is down."""

from unittest import mock

import pytest
from django.db import OperationalError

from core import data_version

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_per_data_version_then_served_from_the_cache(client, django_assert_max_num_queries):
    first = client.get("/en/about/")
    assert first["X-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        again = client.get("/en/about/")
    assert again["X-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_conditional_request_for_an_unchanged_page_is_a_304_without_a_query(client, django_assert_max_num_queries):
    response = client.get("/en/about/")
    assert "public" in response["Cache-Control"]
    with django_assert_max_num_queries(0):
        assert client.get("/en/about/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        since = client.get("/en/about/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_json_304_stays_open_to_any_origin(client):
    response = client.get("/en/documents.json")
    not_modified = client.get("/en/documents.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"


def test_a_new_data_version_changes_the_etag_and_renders_again(client, django_capture_on_commit_callbacks):
    before = client.get("/en/about/")
    with django_capture_on_commit_callbacks(execute=True):
        data_version.data_version_bump()
    after = client.get("/en/about/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["X-Cache"] == "miss"
    assert after["ETag"] != before["ETag"]


def test_the_etag_differs_by_language_and_query(client):
    tags = {
        client.get(path)["ETag"]
        for path in ["/en/about/", "/vi/about/", "/en/documents/", "/en/documents/?kind=decree"]
    }
    assert len(tags) == 4


def test_the_admin_and_health_probes_are_never_cached(client):
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/healthz")


def test_pages_are_served_from_the_cache_while_the_database_is_down(client):
    client.get("/en/about/")
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        cached = client.get("/en/about/")
        missing = client.get("/en/documents/")
    assert cached.status_code == 200
    assert missing.status_code == 503
    assert missing["Retry-After"] == "30"
    assert "no-store" in missing["Cache-Control"]


def test_an_oversized_query_string_gets_414(client):
    assert client.get("/en/search/", {"q": "x" * 70_000}).status_code == 414
    response = client.get("/en/search.json", {"q": "x" * 70_000})
    assert response.status_code == 414
    assert response.json()["error"]


def test_an_oversized_header_gets_400(client):
    assert client.get("/en/", HTTP_X_FILLER="x" * 20_000).status_code == 400
