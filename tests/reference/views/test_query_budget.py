"""No public page runs more than eight SQL queries on a cold render.

Every page type of the two public URL namespaces, in both languages, HTML and JSON twins alike, is
rendered through the whole middleware stack with the page cache emptied first, as a reader would
get a page that was not pre-rendered (core.prerender): its lookup in the shared tier of
pre-rendered pages counts, the worker's once-per-``DATA_STATE_TTL`` read of the data version not.
What a worker builds once per data version and keeps (the cadre rules, the glossary's matchers,
the search's word lists) is built by an uncounted render before:
``tests/reference/selectors/test_cadre_pages.py`` checks that the rules' own read does not grow
with the data, and ``test_query_counts.py`` that no page's count does. The pages are those of the
scenario, whose documents set out every kind of record. Counted are the statements that read
(``benchmarks.render_micro.reads``): the BEGIN, SET LOCAL and COMMIT around a search on PostgreSQL
(its time limit) are not queries of the page's data.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import translation

from benchmarks.render_micro import cold_start, reads

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

BUDGET = 8

DOCUMENTS = ["365-qd-tw", "366-qd-tw", "377-qd-tw", "148-qd-tw", "92-2025-nd-cp"]
POSITIONS = ["tong-bi-thu", "thu-truong", "chuyen-gia-cao-cap"]
SEARCHES = [{"q": "tạm đình chỉ"}, {"q": "365"}, {"q": "35"}, {"q": "standard", "type": "key_point"}]

# Per URL name: (kwargs, query parameters) of the addresses measured.
PAGES = {
    "regulations:home": [({}, {})],
    "regulations:about": [({}, {})],
    "regulations:document-list": [({}, {}), ({}, {"kind": "regulation"}), ({}, {"topic": "standards"})],
    "regulations:document-list-json": [({}, {}), ({}, {"kind": "regulation", "sort": "-date"})],
    "regulations:document-list-feed": [({}, {})],
    "regulations:document-detail": [({"slug": slug}, {}) for slug in DOCUMENTS],
    "regulations:document-detail-json": [({"slug": slug}, {}) for slug in DOCUMENTS],
    "regulations:document-feed": [({"slug": slug}, {}) for slug in DOCUMENTS],
    "regulations:document-changes": [({"slug": "377-qd-tw"}, {})],
    "regulations:document-changes-json": [({"slug": "377-qd-tw"}, {})],
    "regulations:glossary": [({}, {})],
    "regulations:glossary-json": [({}, {})],
    "regulations:relation-list": [({}, {})],
    "regulations:source-list": [({}, {})],
    "regulations:search": [({}, params) for params in SEARCHES],
    "regulations:search-json": [({}, params) for params in SEARCHES],
    "regulations:search-suggest": [({}, {"q": "tạm"}), ({}, {"q": "365"})],
    "cadres:position-list": [({}, {})],
    "cadres:position-list-json": [({}, {})],
    "cadres:position-detail": [({"slug": slug}, {}) for slug in POSITIONS],
    "cadres:position-detail-json": [({"slug": slug}, {}) for slug in POSITIONS],
    "cadres:position-feed": [({"slug": slug}, {}) for slug in POSITIONS],
    "cadres:standard-list": [({}, {})],
    "cadres:standard-list-json": [({}, {})],
    "cadres:assessment": [({}, {})],
    "cadres:assessment-json": [({}, {})],
    "cadres:authority-list": [({}, {}), ({}, {"action": "assess"})],
    "cadres:authority-list-json": [({}, {})],
    "cadres:authority-matrix": [({}, {})],
}
# Downloads of the dataset in the import format, not pages: written once per data version to a
# file and streamed from it (reference.services.exports.export_file), at hundreds of queries each.
NOT_PAGES = {"regulations:document-fixture", "regulations:data-export"}


def public_url_names() -> set[str]:
    names = set()
    for namespace in ("regulations", "cadres"):
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    return names


def test_transaction_control_is_not_counted_as_a_read():
    captured = [
        {"sql": sql}
        for sql in (
            "BEGIN",
            "SET LOCAL statement_timeout = 1500",
            "SELECT set_config('enable_seqscan', 'off', true)",
            "SELECT 1",
            "COMMIT",
        )
    ]
    assert reads(captured) == 1


def test_every_public_url_name_has_a_query_budget():
    assert public_url_names() == set(PAGES) | NOT_PAGES


def cold_queries(client, path, params) -> int:
    client.get(path, params)  # what is kept per data version gets built here, uncounted
    cold_start()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code in {200, 302}, (path, params, response.status_code)
    assert response.get("X-Cache") != "hit"
    return reads(context.captured_queries)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_cold_page_runs_at_most_eight_queries(client, name, language):
    counts = {}
    for kwargs, params in PAGES[name]:
        with translation.override(language):
            path = reverse(name, kwargs=kwargs or None)
        counts[f"{path}?{params}"] = cold_queries(client, path, params)
    assert max(counts.values()) <= BUDGET, counts
