"""Admin actions that Django runs outside a transaction (the changelist's "delete selected")
still refresh the derived data, once, after the records are gone.

Transactional tests: the other admin tests run inside the test's transaction, where the
refresh always waits for a commit and this could not go wrong."""

import pytest
from django.urls import reverse

from core.models import DataState
from reference.models import SearchEntry
from reference.services.derived import derived_refresh
from regulations.models import Document, Relation
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_deleting_selected_records_refreshes_search_and_statuses(staff_client):
    replaced, replacing = factories.DocumentFactory(), factories.DocumentFactory()
    relation = factories.RelationFactory(subject=replacing, object=replaced, kind=Relation.Kind.REPLACES)
    points = factories.KeyPointFactory.create_batch(3, document=replaced)
    derived_refresh()
    DataState.objects.create(pk=1, version=5)
    assert Document.objects.get(pk=replaced.pk).status == Document.Status.REPLACED

    for changelist, records in [
        ("regulations_keypoint_changelist", points),
        ("regulations_relation_changelist", [relation]),
    ]:
        response = staff_client.post(
            reverse(f"admin:{changelist}"),
            {"action": "delete_selected", "_selected_action": [record.pk for record in records], "post": "yes"},
        )
        assert response.status_code == 302

    assert not SearchEntry.objects.filter(kind="key_point").exists()
    assert Document.objects.get(pk=replaced.pk).status == Document.Status.UNKNOWN
    assert DataState.objects.get(pk=1).version == 7  # once per action
