"""No request a visitor can make to a public URL causes a server error.

Hypothesis walks every public URL pattern (both apps, both languages, and the root-level
ones), with generated path segments and query strings built from the parameters the pages
read (filters, page numbers, sort keys, search). ``HYPOTHESIS_EXAMPLES`` sets how many
examples the walk tries in all (300 by default; CI runs thousands).
"""

import os
import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
# The walk is split into shards (every SHARDS-th route each) so that pytest-xdist runs them in
# parallel; EXAMPLES is the total over the shards.
SHARDS = 4
PARAMETERS = [
    "q", "page", "sort", "kind", "issuer", "year", "status", "core", "topic", "type",
    "action", "document", "period", "searched", "format", "lang", "next",
]  # fmt: skip
ADMIN_PREFIX = "admin"


def public_routes() -> list[str]:
    """Every URL pattern outside the admin, as a route with its converters."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) == "admin" or route.startswith(ADMIN_PREFIX):
                    continue
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                routes.append(prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


ROUTES = public_routes()
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
LANGUAGE_PREFIX = re.compile(r"^(?:\^)?(?:vi|en)/")

text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0x300, max_codepoint=0x36F), max_size=20),
    st.sampled_from(
        ["", "0", "-1", "999999999999999999999", "1e9", "NaN", "'; DROP TABLE x; --", "%00", "../..", "365-qd-tw"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
query = st.dictionaries(st.sampled_from(PARAMETERS), text, max_size=5)


def build_path(route: str, segment: str, language: str) -> str:
    path = CONVERTER.sub(lambda _match: quote(segment, safe="") or "x", route).lstrip("^").rstrip("$")
    if not LANGUAGE_PREFIX.match(path) and not path.startswith(
        ("healthz", "readyz", "sitemap", "robots", "api/", "static/")
    ):
        path = f"{language}/{path}"
    return "/" + path


def test_the_walk_covers_the_public_pages():
    joined = " ".join(ROUTES)
    for expected in ["documents/<slug:slug>/", "positions/<slug:slug>/", "search/", "authorities/matrix/"]:
        assert expected in joined


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(
    max_examples=max(1, EXAMPLES // SHARDS),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), segment=text, params=query, language=st.sampled_from(["vi", "en"]))
def test_no_public_url_answers_with_a_server_error(client, shard, data, segment, params, language):
    route = data.draw(st.sampled_from(ROUTES[shard::SHARDS]), label="route")
    path = build_path(route, segment, language)
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)


@settings(
    max_examples=max(50, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(route=st.sampled_from(ROUTES), header=st.text(max_size=200))
def test_odd_header_values_cause_no_server_error(client, route, header):
    path = build_path(route, "365-qd-tw", "en")
    response = client.get(
        path, HTTP_IF_NONE_MATCH=header, HTTP_IF_MODIFIED_SINCE=header, HTTP_ACCEPT_LANGUAGE=header, HTTP_REFERER=header
    )
    assert response.status_code < 500


def test_a_nul_byte_in_a_slug_is_a_404_not_an_error(client):
    assert client.get("/en/documents/365%00-qd-tw/").status_code == 404
