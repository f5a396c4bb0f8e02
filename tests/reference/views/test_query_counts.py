"""Every public page and JSON twin runs a number of SQL queries that does not grow with the data.

Each page is measured on the scenario grown once (every kind of related record is present, so
every prefetch runs, and the documents fill two pages of JSON), then again after twice as much
again has been hung off the very records the pages show; the counts must be equal.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reference.search import query, spelling, synonyms
from reference.selectors import rules
from reference.services.derived import derived_refresh
from regulations.models import Relation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

PAGES = [
    ("regulations:home", {}, {}),
    ("regulations:document-list", {}, {}),
    ("regulations:document-list-json", {}, {}),
    ("regulations:document-list-json", {}, {"page": "2"}),
    ("regulations:document-detail", {"slug": "365-qd-tw"}, {}),
    ("regulations:document-detail-json", {"slug": "365-qd-tw"}, {}),
    ("regulations:document-detail", {"slug": "148-qd-tw"}, {}),
    ("regulations:document-feed", {"slug": "365-qd-tw"}, {}),
    ("regulations:relation-list", {}, {}),
    ("regulations:glossary", {}, {}),
    ("regulations:glossary-json", {}, {}),
    ("regulations:document-changes", {"slug": "377-qd-tw"}, {}),
    ("regulations:document-changes-json", {"slug": "377-qd-tw"}, {}),
    ("regulations:source-list", {}, {}),
    ("regulations:about", {}, {}),
    ("cadres:position-list", {}, {}),
    ("cadres:position-list-json", {}, {}),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}, {}),
    ("cadres:position-detail-json", {"slug": "tong-bi-thu"}, {}),
    ("cadres:position-feed", {"slug": "tong-bi-thu"}, {}),
    ("cadres:standard-list", {}, {}),
    ("cadres:standard-list-json", {}, {}),
    ("cadres:assessment", {}, {}),
    ("cadres:assessment-json", {}, {}),
    ("cadres:authority-list", {}, {}),
    ("cadres:authority-list-json", {}, {}),
    ("cadres:authority-matrix", {}, {}),
    ("regulations:search", {}, {"q": "tạm đình chỉ"}),
    ("regulations:search", {}, {"q": "35"}),
    ("regulations:search", {}, {"q": "standard", "type": "key_point"}),
    ("regulations:search-json", {}, {"q": "tạm đình chỉ"}),
    ("regulations:search-json", {}, {"q": "365"}),
    ("regulations:search-json", {}, {"q": "test"}),
]
BUDGET = 30


def grow(scenario, scale):
    """``scale`` × 45 documents and the records around them, attached to what the pages show."""
    documents = factories.DocumentFactory.create_batch(45 * scale, topics=[scenario.standards_topic])
    for index, document in enumerate(documents[: 10 * scale]):
        kind = Relation.Kind.GUIDES if index % 2 else Relation.Kind.RELATED
        factories.RelationFactory(subject=document, object=scenario.d365, kind=kind)
    factories.KeyPointFactory.create_batch(10 * scale, document=scenario.d365)
    for document in documents[: 5 * scale]:
        factories.KeyPointFactory.create_batch(3, document=document)
    factories.EventFactory(documents=[scenario.d365, *documents[: 3 * scale]])
    positions = factories.PositionFactory.create_batch(10 * scale, group=scenario.group, tier=scenario.tier)
    for index in range(5 * scale):
        factories.StandardFactory(
            document=scenario.d365,
            positions=[scenario.general_secretary, positions[index]],
            builds_on=[scenario.member_standard],
        )
        factories.AuthorityFactory(
            document=documents[index],
            subject_positions=[scenario.general_secretary, positions[index]],
            subject_groups=[scenario.group],
        )
        factories.CriterionFactory(document=documents[index], position_groups=[scenario.group])
        factories.AssessmentPeriodFactory(document=scenario.d366)
        factories.TermFactory(
            documents=[scenario.d148, scenario.d377, documents[index]], confused_with=[scenario.dismissal]
        )
        factories.ChangeFactory(document=scenario.d377, compared_with=[scenario.d148, documents[index]])
        factories.ChangeFactory(document=documents[index], compared_with=[scenario.d148])
    derived_refresh()
    rules.forget()  # what an import does, by moving the data version


def count_queries(client, name, kwargs, params):
    with translation.override("en"):
        path = reverse(name, kwargs=kwargs or None)
    cache.clear()  # the data version and the page cache: count a full render every time
    # Search's per-version word lists too (built on the first search of a data version).
    synonyms._groups.clear()
    spelling._vocabularies.clear()
    query._words.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code in {200, 302}, path
    return len(context.captured_queries)


def test_no_page_runs_more_queries_on_three_times_the_data(client, scenario):
    grow(scenario, 1)
    before = {(name, str(params)): count_queries(client, name, kwargs, params) for name, kwargs, params in PAGES}
    grow(scenario, 2)
    after = {(name, str(params)): count_queries(client, name, kwargs, params) for name, kwargs, params in PAGES}
    assert after == before
    assert max(before.values()) <= BUDGET, sorted(before.items(), key=lambda item: -item[1])[:5]
