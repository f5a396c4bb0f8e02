"""The OpenAPI description matches the JSON the site serves.

The description is a file in the repository (``reference/openapi.json``) served at
``/api/openapi.json``. It must be a valid OpenAPI 3.1 document, name every JSON URL, and
every response must conform to it: checked here record by record with jsonschema, and by
schemathesis generating requests against the WSGI application (on the scenario; the end-to-end
tests check every core document of the real data).
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate

from config.wsgi import application
from reference import registry
from regulations.models import Document
from tests.reference.views.helpers import SPEC, assert_conforms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def test_the_description_is_a_valid_openapi_3_1_document():
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")


def test_the_description_is_served_outside_the_language_prefix_with_cors_and_an_etag(client):
    assert reverse("openapi-document") == "/api/openapi.json"
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == SPEC
    again = client.get("/api/openapi.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_description_names_every_json_url_in_both_languages():
    json_names = [
        f"{namespace}:{name}"
        for namespace in ("regulations", "cadres")
        for name in get_resolver().namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str) and name.endswith("-json") and name != "search-suggest"
    ]
    assert len(json_names) == 10
    for name in json_names:
        for language in ("vi", "en"):
            with translation.override(language):
                kwargs = {"slug": "slug"} if "detail" in name or "changes" in name else None
                path = reverse(name, kwargs=kwargs).replace("/slug.json", "/{slug}.json").replace("/slug/", "/{slug}/")
            assert path in SPEC["paths"], path


def test_the_description_lists_every_kind_of_search_result():
    kinds = [kind.search.kind for kind in registry.searchable()]
    assert SPEC["components"]["schemas"]["SearchResult"]["properties"]["kind"]["enum"] == kinds
    assert SPEC["components"]["parameters"]["type"]["schema"]["enum"] == kinds


def test_every_response_schema_is_a_component():
    for item in SPEC["components"]["pathItems"].values():
        for response in item["get"]["responses"].values():
            if "$ref" in response:
                continue
            assert response["content"]["application/json"]["schema"]["$ref"].startswith("#/components/schemas/")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_json_of_every_document_conforms_to_the_schema(client, language):
    for document in Document.objects.all():
        with translation.override(language):
            url = reverse("regulations:document-detail-json", kwargs={"slug": document.slug})
        response = client.get(url)
        assert response.status_code == 200, url
        assert_conforms(response.json(), "DocumentDetail")


@pytest.mark.parametrize(
    ("name", "kwargs", "params", "component"),
    [
        ("regulations:document-list-json", None, {}, "DocumentListPage"),
        ("regulations:document-list-json", None, {"kind": "directive", "core": "referenced"}, "DocumentListPage"),
        ("cadres:position-list-json", None, {}, "PositionListPage"),
        ("cadres:position-detail-json", {"slug": "tong-bi-thu"}, {}, "PositionDetail"),
        ("cadres:position-detail-json", {"slug": "thu-truong"}, {}, "PositionDetail"),
        ("cadres:standard-list-json", None, {}, "StandardsPage"),
        ("cadres:assessment-json", None, {}, "AssessmentPage"),
        ("cadres:authority-list-json", None, {"period": "historical"}, "AuthorityListPage"),
        ("regulations:glossary-json", None, {}, "GlossaryPage"),
        ("regulations:document-changes-json", {"slug": "377-qd-tw"}, {}, "ChangesPage"),
        ("regulations:search-json", None, {"q": "suspension"}, "SearchPage"),
        ("regulations:search-json", None, {"q": "365"}, "SearchPage"),
        ("regulations:search-json", None, {"q": "tạm đình chỉ"}, "SearchPage"),
        ("regulations:search-json", None, {"q": "99999"}, "SearchPage"),
        ("regulations:search-json", None, {"q": "35"}, "SearchPage"),
        ("regulations:search-json", None, {"q": "zzqxv"}, "SearchPage"),
    ],
)
def test_every_representation_conforms_to_its_component_schema(client, name, kwargs, params, component):
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url, params)
    assert response.status_code == 200
    assert_conforms(response.json(), component)


def test_error_responses_conform_to_the_error_schema(client):
    assert_conforms(client.get("/en/documents.json", {"page": 99}).json(), "Error")
    assert_conforms(client.get("/en/documents.json", {"kind": "novel"}).json(), "Error")
    assert_conforms(client.get("/en/documents/no-such-document.json").json(), "Error")
    assert_conforms(client.get("/en/documents/365-qd-tw/changes.json").json(), "Error")


# Generated requests. Every operation gets a few examples (explicit, boundary and random
# values) here; .ci/run also runs schemathesis in full against a live server.

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def _requests_keep_the_test_connection():
    """Django's test client stops the request signals from closing the database connection
    that holds the test's transaction; schemathesis calls the WSGI application directly, so
    do the same (on PostgreSQL the connection would otherwise close after one request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@pytest.mark.usefixtures("_requests_keep_the_test_connection")
@hypothesis_settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_generated_requests_get_no_server_error_and_responses_that_conform_to_the_schema(case):
    # requests' default headers ask for gzip, which the app sends, but the WSGI transport does
    # not unpack as an HTTP client would: ask for the body as it is (gzip: tests/core).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
