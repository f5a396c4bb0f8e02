"""Derived data: number keys, statuses and the search index, brought in line with the content
by each write path, everything after an import and only what an edit touched after an edit."""

import datetime

import pytest

from reference.models import SearchEntry
from reference.search.query import search_entries
from reference.services.derived import (
    ContentChanges,
    derived_refresh,
    document_keys_refresh,
    document_statuses_refresh,
)
from regulations.models import Document, Relation
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_import_refresh_derives_keys_statuses_and_the_whole_index():
    replaced, replacing = factories.DocumentFactory(number_key=""), factories.DocumentFactory()
    factories.RelationFactory(subject=replacing, object=replaced, kind=Relation.Kind.REPLACES)
    factories.KeyPointFactory(document=replaced)
    counts = derived_refresh()
    replaced.refresh_from_db()
    assert replaced.number_key == f"{replaced.number}-QD/TW"
    assert replaced.status == Document.Status.REPLACED
    assert counts["search_entries"] == SearchEntry.objects.count() == 3


def test_statuses_follow_the_dates_the_sources_give():
    today = datetime.date(2026, 1, 1)
    in_force = factories.DocumentFactory(issued_on=datetime.date(2025, 1, 1), effective_on=datetime.date(2025, 2, 1))
    pilot = factories.DocumentFactory(issued_on=datetime.date(2025, 1, 1), pilot_years=2)
    unknown = factories.DocumentFactory()
    assert document_statuses_refresh(today=today) == 2
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses == {
        in_force.pk: Document.Status.IN_FORCE,
        pilot.pk: Document.Status.PILOT,
        unknown.pk: Document.Status.UNKNOWN,
    }
    assert document_statuses_refresh(today=today) == 0


def test_an_edit_refresh_touches_only_the_documents_it_names():
    edited, untouched = factories.DocumentFactory(number_key="stale"), factories.DocumentFactory(number_key="stale")
    assert document_keys_refresh(ids={edited.pk}) == 1
    assert Document.objects.get(pk=untouched.pk).number_key == "stale"


def test_changes_note_the_documents_whose_status_a_relation_decides():
    relation = factories.RelationFactory()
    changes = ContentChanges()
    changes.add([relation, factories.KeyPointFactory()])
    assert changes.documents == {relation.subject_id, relation.object_id}
    assert ("regulations.relation", relation.pk) in changes.records


def test_an_edit_refresh_rebuilds_the_entries_that_repeat_what_changed():
    body = factories.IssuingBodyFactory(name_en="Old name")
    document = factories.DocumentFactory(issuer=body)
    point = factories.KeyPointFactory(document=document)
    derived_refresh()
    document.symbol = "77-KL/TW"
    document.save()
    body.name_en = "Zyxwv Commission"
    body.save()
    changes = ContentChanges()
    changes.add([document, body])
    derived_refresh(changes=changes)
    assert " zyxwv " in SearchEntry.objects.get(kind="document", object_id=document.pk).search_text
    assert " 77 kl tw " in SearchEntry.objects.get(kind="key_point", object_id=point.pk).title_text
    assert Document.objects.get(pk=document.pk).number_key == "77-KL/TW"


def test_a_word_an_edit_brings_is_found_while_it_is_still_being_typed():
    kept = factories.DocumentFactory(subject_en="Quux rules")
    edited = factories.DocumentFactory(subject_en="Plain rules")
    derived_refresh()
    edited.subject_en = "Quuxification of cadres"
    edited.save()
    changes = ContentChanges()
    changes.add([edited])
    derived_refresh(changes=changes)
    found = {entry.object_id for entry in search_entries("quux") if entry.kind == "document"}
    assert found == {kept.pk, edited.pk}


def test_a_deleted_record_loses_its_entry():
    position = factories.PositionFactory()
    derived_refresh()
    changes = ContentChanges()
    changes.add([position])
    position.delete()
    derived_refresh(changes=changes)
    assert not SearchEntry.objects.filter(kind="position").exists()


def test_repointing_a_replacement_frees_the_document_it_pointed_at():
    first, second, replacing = factories.DocumentFactory(), factories.DocumentFactory(), factories.DocumentFactory()
    relation = factories.RelationFactory(subject=replacing, object=first, kind=Relation.Kind.REPLACES)
    derived_refresh()
    relation.object = second
    relation.save()
    changes = ContentChanges()
    changes.add([relation])
    derived_refresh(changes=changes)
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses[first.pk] == Document.Status.UNKNOWN
    assert statuses[second.pk] == Document.Status.REPLACED


def test_deleting_a_replacing_document_frees_what_it_replaced():
    replaced, replacing = factories.DocumentFactory(), factories.DocumentFactory()
    factories.RelationFactory(subject=replacing, object=replaced, kind=Relation.Kind.REPLACES)
    derived_refresh()
    changes = ContentChanges()
    changes.add([replacing])
    replacing.delete()  # and its relations with it
    derived_refresh(changes=changes)
    assert Document.objects.get(pk=replaced.pk).status == Document.Status.UNKNOWN
