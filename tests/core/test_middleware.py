"""Caching of public pages by data version, conditional requests, request limits, and the
503 page while the database is down."""

import gzip
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils.http import http_date

from core import data_version, middleware
from reference.selectors import documents as selectors
from tests.factories import DocumentFactory

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


# ---------------------------------------------------------------- canonical requests (memory)


def test_made_up_query_parameters_share_the_pages_one_cache_entry(client):
    first = client.get("/en/about/")
    held = cache.size_in_bytes
    for number in range(50):
        response = client.get("/en/about/", {"x": number, "utm_source": "junk"})
        assert response["X-Cache"] == "hit"
        assert response["ETag"] == first["ETag"]
    assert cache.size_in_bytes == held


def test_the_order_of_query_parameters_does_not_make_a_new_page(client):
    first = client.get("/en/documents/?year=2020&kind=decree")
    second = client.get("/en/documents/?kind=decree&year=2020")
    assert second["X-Cache"] == "hit"
    assert second["ETag"] == first["ETag"]


def test_a_page_never_repeats_a_made_up_parameter_in_its_links(client):
    content = client.get("/en/documents/?kind=decree&planted=zzplantedzz").content.decode()
    assert "zzplantedzz" not in content


def test_the_parameters_a_page_reads_still_change_it(client):
    plain = client.get("/en/documents/")
    filtered = client.get("/en/documents/?kind=decree")
    assert filtered["X-Cache"] == "miss"
    assert filtered["ETag"] != plain["ETag"]


def test_made_up_paths_with_query_strings_do_not_grow_what_the_process_keeps(client):
    middleware._understood_kept.cache_clear()
    client.get("/en/documents/?kind=decree&junk=1")
    kept = middleware._understood_kept.cache_info().currsize
    for number in range(100):
        response = client.get(f"/en/documents/{'x' * 300}{number}/", {"q": "junk"})
        assert response.status_code == 404
    assert middleware._understood_kept.cache_info().currsize == kept
    # What a page reads is still worked out right for the address it was kept for.
    assert "junk=" not in client.get("/en/documents/?junk=2&kind=decree").content.decode()


def test_a_swapped_urlconf_is_resolved_afresh(client, settings):
    client.get("/en/about/?q=1")
    settings.ROOT_URLCONF = "config.urls"
    assert middleware._understood_kept.cache_info().currsize == 0


def test_the_cache_stays_within_its_bytes_after_many_distinct_pages(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.BoundedLocMemCache",
            "LOCATION": "bounded-page-test",
            "OPTIONS": {"MAX_ENTRIES": 5000, "MAX_BYTES": 300_000},
        }
    }
    from django.core.cache import cache as bounded

    bounded.clear()
    for number in range(200):
        assert client.get("/en/search/", {"q": f"junk{number}"}).status_code == 200
    assert 0 < bounded.size_in_bytes <= 300_000
    assert client.get("/en/search/", {"q": "junk199"})["X-Cache"] == "hit"


# ---------------------------------------------------------------- compressed pages

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("first", ["gzip", "plain"])
def test_a_kept_page_is_sent_gzipped_to_whoever_accepts_it_and_plain_to_others(client, first):
    """Whichever reader rendered it, the page is kept once (compressed) and every reader gets
    the same text, in the encoding their client asked for, with a length that fits it."""
    asks = {"gzip": [GZIP, {}, GZIP, {}], "plain": [{}, GZIP, {}, GZIP]}[first]
    responses = [client.get("/en/documents/", **headers) for headers in asks]
    assert [response["X-Cache"] for response in responses] == ["miss", "hit", "hit", "hit"]
    texts = set()
    for headers, response in zip(asks, responses, strict=True):
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        if headers:
            assert response["Content-Encoding"] == "gzip"
            assert response["ETag"].startswith('W/"')
            texts.add(gzip.decompress(response.content))
        else:
            assert not response.has_header("Content-Encoding")
            assert response["ETag"].startswith('"')
            texts.add(response.content)
    assert len(texts) == 1
    assert b"</html>" in texts.pop()
    assert len(responses[asks.index(GZIP)].content) * 2 < len(responses[asks.index({})].content)


def test_gzip_refused_with_q_0_is_not_sent(client):
    client.get("/en/about/")
    for header in ["gzip;q=0", "br, gzip; q=0.0", "identity"]:
        response = client.get("/en/about/", HTTP_ACCEPT_ENCODING=header)
        assert not response.has_header("Content-Encoding"), header
        assert b"</html>" in response.content


def test_either_etag_of_a_page_answers_a_conditional_request_with_the_tag_the_client_would_get(client):
    plain = client.get("/en/about/")
    gzipped = client.get("/en/about/", **GZIP)
    assert gzipped["ETag"] == f"W/{plain['ETag']}"
    for tag in (plain["ETag"], gzipped["ETag"]):
        for headers, expected in ((GZIP, gzipped["ETag"]), ({}, plain["ETag"])):
            response = client.get("/en/about/", HTTP_IF_NONE_MATCH=tag, **headers)
            assert response.status_code == 304
            assert response["ETag"] == expected
            assert "Accept-Encoding" in response["Vary"]


def test_a_head_request_gets_the_length_of_the_body_it_would_get(client):
    client.get("/en/about/")
    for headers in (GZIP, {}):
        get = client.get("/en/about/", **headers)
        head = client.head("/en/about/", **headers)
        assert head.content == b""
        assert head["Content-Length"] == get["Content-Length"]
        assert head.get("Content-Encoding") == get.get("Content-Encoding")


def test_a_redirect_too_short_to_compress_is_kept_and_sent_as_it_is(client):
    DocumentFactory(number=901, number_key="901-qd-tw", slug="901-qd-tw")
    for _round in range(2):
        response = client.get("/en/search/", {"q": "901"}, **GZIP)
        assert response.status_code == 302
        assert not response.has_header("Content-Encoding")
        assert response["Content-Length"] == str(len(response.content))


def test_a_page_kept_uncompressed_by_an_earlier_release_is_still_served_right(client):
    with mock.patch("core.middleware.entry_make", lambda status, content, headers, level: (status, content, headers)):
        first = client.get("/en/about/")
    response = client.get("/en/about/", **GZIP)
    assert response["X-Cache"] == "hit"
    assert not response.has_header("Content-Encoding")
    assert response.content == first.content


def test_the_admin_is_never_compressed(admin_client):
    response = admin_client.get("/admin/", **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


# ---------------------------------------------------------------- canonical origin (poisoning)

POISONED = {"HTTP_HOST": "localhost:6666", "HTTP_X_FORWARDED_PROTO": "http"}
CANONICAL_PATHS = ["/en/about/", "/en/assessment.json", "/en/documents/feed.atom", "/sitemap.xml", "/robots.txt"]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://localhost"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings.SITE_URL


@pytest.mark.parametrize("path", CANONICAL_PATHS)
def test_a_clean_request_never_sees_a_host_or_scheme_the_client_supplied(client, site_url, path):
    for _ in range(3):
        poisoned = client.get(path, **POISONED)
        assert b"6666" not in poisoned.content
    clean = client.get(path, HTTP_X_FORWARDED_PROTO="https")
    assert clean["X-Cache"] == "hit"
    assert b"6666" not in clean.content
    assert b"http://" not in clean.content.replace(b"http://www.", b"")  # namespaces in XML are www.
    assert clean["ETag"] == poisoned["ETag"]


def test_absolute_links_name_the_configured_site(client, site_url):
    content = client.get("/en/about/", **POISONED).content.decode()
    assert 'href="https://localhost/vi/about/"' in content


def test_without_a_site_url_each_origin_is_cached_apart(client, settings):
    settings.SITE_URL = ""
    client.get("/en/about/", HTTP_HOST="localhost:6666")
    clean = client.get("/en/about/")
    assert clean["X-Cache"] == "miss"
    assert b"localhost:6666" not in clean.content


def test_a_disallowed_host_gets_400_even_for_a_cached_page(client):
    assert client.get("/en/about/").status_code == 200
    assert client.get("/en/about/", HTTP_HOST="evil.example.org").status_code == 400
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example.org").status_code == 400


# ---------------------------------------------------------------- conditional requests, languages

FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"


@pytest.mark.parametrize("path", ["/en/documents/no-such-document/", "/en/documents.json?year=abc", "/en/nowhere/"])
def test_a_future_if_modified_since_never_turns_an_error_into_304(client, path):
    first = client.get(path, HTTP_IF_MODIFIED_SINCE=FUTURE)
    again = client.get(path, HTTP_IF_MODIFIED_SINCE=FUTURE)
    assert first.status_code in {400, 404}
    assert again.status_code == first.status_code


def test_a_page_not_yet_cached_still_answers_a_conditional_request_with_304(client):
    etag = client.get("/en/about/")["ETag"]
    cache.clear()
    assert client.get("/en/about/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_cached_sitemap_does_not_replay_one_readers_language_to_another(client):
    client.get("/sitemap.xml", HTTP_ACCEPT_LANGUAGE="vi")
    english = client.get("/sitemap.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Cache"] == "hit"
    assert english.get("Content-Language") is None


def test_each_language_prefix_answers_in_its_own_language_from_the_cache(client):
    for _ in range(2):
        assert client.get("/vi/about/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"
        assert client.get("/en/about/", HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "en"


def test_a_page_built_from_data_newer_than_the_workers_cached_version_is_never_labelled_with_it(client):
    document = DocumentFactory(title_en="The title before the import")
    client.get("/en/about/")  # this worker now has the data version cached
    cached = data_version.data_state_read().latest
    # Another worker imports: the data and the version move in the database, but this worker's
    # cached copy is not dropped (the commit hook ran in the other worker).
    type(document).objects.filter(pk=document.pk).update(title_en="The title after the import")
    data_version.data_version_bump()
    assert data_version.data_state_read().latest == cached

    fresh = client.get(document.get_absolute_url())
    assert b"The title after the import" in fresh.content
    assert "ETag" not in fresh
    assert "Last-Modified" not in fresh
    assert "no-cache" in fresh["Cache-Control"]
    # Nothing was kept under the old version: the next request renders again, labelled with the
    # version its data is.
    again = client.get(document.get_absolute_url())
    assert again["X-Cache"] == "miss"
    current = data_version.data_state_read().latest
    assert current.number == cached.number + 1
    assert again["Last-Modified"] == http_date(current.changed_at.timestamp())
    assert client.get(document.get_absolute_url())["X-Cache"] == "hit"


def test_a_page_during_whose_render_an_import_committed_is_neither_labelled_nor_kept(client):
    read_page = selectors.home_page  # what the about page reads

    def import_meanwhile():
        page = read_page()
        data_version.data_version_bump()
        return page

    client.get("/en/")  # the version is cached
    with mock.patch.object(selectors, "home_page", import_meanwhile):
        response = client.get("/en/about/")
    assert response.status_code == 200
    assert "ETag" not in response
    assert client.get("/en/about/")["X-Cache"] == "miss"
