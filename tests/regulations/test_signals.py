"""Edits outside the import service refresh the derived data and move the data version once
their transaction commits; imports and raw saves are left to refresh themselves."""

import json

import pytest
from django.db import transaction

from cadres.models import Position
from regulations import signals
from regulations.models import DataState, Document, KeyPoint, Relation, Topic
from regulations.search.query import search_entries
from regulations.services.imports import FixtureFile, fixture_import


@pytest.fixture
def point(db):
    return KeyPoint.objects.get(document__slug="365-qd-tw", anchor="purpose")


def data_version() -> int:
    return DataState.objects.get(pk=1).version


def test_a_saved_key_point_is_searchable_once_the_transaction_commits(point, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        point.text_en = "A zyxwv provision."
        point.save()

    assert not search_entries("zyxwv").exists()
    for callback in callbacks:
        callback()
    assert search_entries("zyxwv").get().object_id == point.pk


def test_many_changes_in_one_transaction_move_the_data_version_once(point, django_capture_on_commit_callbacks):
    document = point.document
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        point.text_en = "A zyxwv provision."
        point.save()
        document.summary_en = "A qwzxv summary."
        document.save()
        document.topics.add(Topic.objects.exclude(documents=document).first())
        Position.objects.get(slug="tong-bi-thu").sources.clear()
        Relation.objects.filter(subject=document).first().delete()

    assert data_version() == version + 1
    assert search_entries("zyxwv").exists()
    assert search_entries("qwzxv").exists()


def test_deleting_a_replaces_relation_updates_the_document_status(db, django_capture_on_commit_callbacks):
    relation = Relation.objects.get(
        subject__slug="365-qd-tw", kind=Relation.Kind.REPLACES, object__slug="quy-dinh-89-2017"
    )

    with django_capture_on_commit_callbacks(execute=True):
        relation.delete()

    assert Document.objects.get(slug="quy-dinh-89-2017").status == Document.Status.UNKNOWN


def test_a_rolled_back_change_does_not_hold_back_later_refreshes(point, django_capture_on_commit_callbacks):
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            point.text_en = "A rolled back qwzxv provision."
            point.save()
            transaction.set_rollback(True)
        point.text_en = "A zyxwv provision."
        point.save()

    assert data_version() == version + 1
    assert search_entries("zyxwv").exists()


def test_a_second_transaction_refreshes_again(point, django_capture_on_commit_callbacks):
    version = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        point.text_en = "A zyxwv provision."
        point.save()

    with django_capture_on_commit_callbacks(execute=True):
        point.text_en = "A qwzxv provision."
        point.save()

    assert data_version() == version + 2
    assert search_entries("qwzxv").exists()
    assert not search_entries("zyxwv").exists()


def test_raw_saves_are_left_to_their_caller(point, django_capture_on_commit_callbacks):
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        point.text_en = "A zyxwv provision."
        point.save_base(raw=True)

    assert data_version() == version
    assert not search_entries("zyxwv").exists()


def test_changes_while_suspended_are_left_to_the_caller(point, django_capture_on_commit_callbacks):
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True), signals.suspended():
        point.text_en = "A zyxwv provision."
        point.save()
        point.sources.clear()

    assert data_version() == version


def test_an_import_moves_the_data_version_once(point, django_capture_on_commit_callbacks):
    fixture = [
        {
            "model": "regulations.keypoint",
            "fields": {
                "document": ["365-qd-tw"],
                "anchor": "purpose",
                "text_en": "An imported zyxwv provision.",
                "sources": [[source.code] for source in point.sources.all()],
            },
        }
    ]
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        report = fixture_import(
            files=[FixtureFile(name="edit.json", content=json.dumps(fixture).encode())],
            dry_run=False,
        )

    assert report.applied, report.problems
    assert report.data_version == data_version() == version + 1
    assert search_entries("zyxwv").get().object_id == point.pk
