"""Every public page runs a number of SQL queries that does not grow with the data.

Each page is measured on the reference data plus a little factory data (so that every kind
of related record is present and every prefetch runs), then again after ten times as much
data has been hung off the very records the pages show; the counts must be equal.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cadres.models import Position, PositionGroup, Standard
from regulations.models import Document, Relation
from regulations.search.index import search_index_rebuild
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    ("regulations:home", {}),
    ("regulations:document-list", {}),
    ("regulations:document-detail", {"slug": "365-qd-tw"}),
    ("regulations:relation-list", {}),
    ("regulations:source-list", {}),
    ("regulations:about", {}),
    ("cadres:position-list", {}),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}),
    ("cadres:standard-list", {}),
    ("cadres:assessment", {}),
    ("cadres:authority-list", {}),
    ("cadres:authority-matrix", {}),
]
SEARCHES = [{"q": "tạm đình chỉ"}, {"q": "35"}, {"q": "standards", "type": "key_point"}]


def grow(scale):
    """``scale`` × 40 documents and the records around them, attached to what the pages show;
    at scale 10 this is about ten times the reference data."""
    core = Document.objects.get(slug="365-qd-tw")
    group = PositionGroup.objects.get(code="I")
    general_secretary = Position.objects.get(slug="tong-bi-thu")
    documents = factories.DocumentFactory.create_batch(40 * scale)
    for index, document in enumerate(documents[: 15 * scale]):
        factories.RelationFactory(
            subject=document,
            object=core,
            kind=Relation.Kind.GUIDES if index % 2 else Relation.Kind.RELATED,
        )
    factories.KeyPointFactory.create_batch(30 * scale, document=core)
    for document in documents[: 10 * scale]:
        factories.KeyPointFactory.create_batch(10, document=document)
    event = factories.EventFactory()
    event.documents.set([core, *documents[: 5 * scale]])
    positions = factories.PositionFactory.create_batch(40 * scale, group=group)
    for index in range(10 * scale):
        standard = factories.StandardFactory(document=core)
        standard.positions.set([general_secretary, positions[index]])
        standard.builds_on.set(Standard.objects.filter(slug="uy-vien-trung-uong"))
    for index in range(20 * scale):
        authority = factories.AuthorityFactory(document=documents[index % (2 * scale)])
        authority.subject_positions.set([general_secretary, positions[index]])
        authority.subject_groups.set([group])
    for index in range(10 * scale):
        criterion = factories.CriterionFactory(document=documents[index])
        criterion.position_groups.set([group])
    search_index_rebuild()


def count_queries(client, name, kwargs=None, params=None):
    with translation.override("en"):
        path = reverse(name, kwargs=kwargs or None)
    cache.clear()  # the data version is cached; count its read every time
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(context.captured_queries)


def test_public_pages_run_the_same_number_of_queries_on_ten_times_the_data(client):
    grow(1)
    before = {name: count_queries(client, name, kwargs) for name, kwargs in PAGES}
    searches_before = [count_queries(client, "regulations:search", params=params) for params in SEARCHES]
    grow(10)
    after = {name: count_queries(client, name, kwargs) for name, kwargs in PAGES}
    searches_after = [count_queries(client, "regulations:search", params=params) for params in SEARCHES]
    assert after == before
    assert searches_after == searches_before


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_each_public_page_stays_within_its_query_budget(client, django_assert_max_num_queries, name, kwargs):
    with translation.override("en"):
        path = reverse(name, kwargs=kwargs or None)
    with django_assert_max_num_queries(40):
        assert client.get(path).status_code == 200
