"""The import service: all or nothing, content only, every problem reported."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import translation

from core.models import DataState
from reference.models import ImportRecord, SearchEntry
from reference.registry import content_labels
from reference.search.query import search_entries
from reference.services.imports import FixtureFile, fixture_import
from regulations.models import Document, KeyPoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fixture(objects, name="upload.json") -> FixtureFile:
    return FixtureFile(name=name, content=json.dumps(objects, ensure_ascii=False).encode())


def new_document(slug="999-qd-tw", number=999, **fields):
    return {
        "model": "regulations.document",
        "fields": {
            "slug": slug,
            "kind": "regulation",
            "number": number,
            "symbol": f"{number}-QĐ/TW",
            "subject_vi": "Quy định thử nghiệm về chế độ xyzzy",
            "subject_en": "A test regulation on the xyzzy regime",
            "issuer": ["politburo"],
            "issued_on": "2026-01-15",
            **fields,
        },
    }


def citation(slug="999-qd-tw", field="symbol", source="S01"):
    return {"model": "regulations.documentcitation", "fields": {"document": [slug], "field": field, "source": [source]}}


def every_row_count():
    counts = {label: apps.get_model(label).objects.count() for label in content_labels()}
    counts["search"] = SearchEntry.objects.count()
    counts["users"] = get_user_model().objects.count()
    counts["imports"] = ImportRecord.objects.count()
    counts["version"] = DataState.objects.get(pk=1).version
    return counts


def test_a_valid_file_is_applied_with_derived_data_and_an_audit_record():
    before = every_row_count()
    report = fixture_import(files=[fixture([new_document(), citation()])], dry_run=False)
    assert report.ok, report.problems
    assert report.applied
    document = Document.objects.get(slug="999-qd-tw")
    assert document.number_key == "999-QD/TW"
    assert document.status == Document.Status.UNKNOWN
    assert search_entries("xyzzy").filter(target="999-qd-tw").exists()
    record = ImportRecord.objects.get(pk=report.record_id)
    assert (record.created_count, record.object_count) == (2, 2)
    assert DataState.objects.get(pk=1).version == before["version"] + 1


def test_a_dry_run_reports_the_same_changes_and_applies_nothing():
    before = every_row_count()
    report = fixture_import(files=[fixture([new_document(), citation()])], dry_run=True)
    assert report.ok
    assert report.count("create") == 2
    assert not report.applied
    assert every_row_count() == before


def test_an_update_reports_a_field_by_field_difference_and_applies_it():
    report = fixture_import(
        files=[
            fixture(
                [
                    {
                        "model": "regulations.keypoint",
                        "fields": {
                            "document": ["366-qd-tw"],
                            "anchor": "scope",
                            "heading_en": "Who is assessed",
                        },
                    }
                ]
            )
        ],
        dry_run=False,
    )
    assert report.ok, report.problems
    change = report.changes[0]
    assert change.action == "update"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("heading_en", "Scope", "Who is assessed")]
    point = KeyPoint.objects.get(document__slug="366-qd-tw", anchor="scope")
    assert point.heading_en == "Who is assessed"
    assert search_entries("who is assessed").filter(anchor="scope").exists()
    assert point.text_en  # fields left out keep their value


def test_reimporting_identical_content_reports_everything_unchanged():
    document = Document.objects.get(slug="365-qd-tw")
    report = fixture_import(
        files=[
            fixture(
                [
                    {
                        "model": "regulations.document",
                        "fields": {"slug": "365-qd-tw", "number": 365, "signer": document.signer},
                    }
                ]
            )
        ],
        dry_run=True,
    )
    assert report.ok
    assert report.changes[0].action == "unchanged"


BAD_OBJECTS = {
    "unknown document referenced": (
        [citation(slug="no-such-document")],
        "Unknown document referenced: no-such-document",
    ),
    "duplicate symbol": (
        [new_document(slug="another-365", number=365, symbol="365-QĐ/TW", issued_on="2025-08-30")],
        "Another document of this kind and issuer has this symbol",
    ),
    "invalid date": ([new_document(issued_on="2025-13-45")], "invalid date"),
    "text too long": ([new_document(signer="x" * 500)], "at most 120 characters"),
    "overlapping bands": (
        [
            {
                "model": "cadres.classificationband",
                "fields": {
                    "document": ["366-qd-tw"],
                    "code": "overlap",
                    "order": 9,
                    "name_vi": "x",
                    "name_en": "x",
                    "min_score": 80,
                    "max_score": 95,
                    "sources": [["S01"]],
                },
            }
        ],
        "overlaps",
    ),
    "no source": (
        [
            {
                "model": "regulations.keypoint",
                "fields": {
                    "document": ["365-qd-tw"],
                    "anchor": "new",
                    "order": 99,
                    "text_vi": "x",
                    "text_en": "x",
                    "sources": [],
                },
            }
        ],
        "cite at least one source",
    ),
    "unknown field": ([new_document(colour="red")], "There is no such field"),
    "primary key": (
        [{"model": "regulations.topic", "pk": 1, "fields": {"slug": "x", "name_vi": "x", "name_en": "x"}}],
        "natural key",
    ),
    "missing identity": (
        [{"model": "regulations.topic", "fields": {"name_vi": "x", "name_en": "x"}}],
        "part of the object's identity",
    ),
    "wrong kind value": ([new_document(kind="law")], "not a valid choice"),
    "effective before issue": ([new_document(effective_on="2020-01-01")], "effective date cannot be before"),
    "not a list": ({"model": "regulations.topic"}, "JSON list"),
}


@pytest.mark.parametrize("case", BAD_OBJECTS)
def test_a_file_with_a_problem_changes_nothing_and_says_why(case):
    objects, message = BAD_OBJECTS[case]
    before = every_row_count()
    report = fixture_import(
        files=[
            fixture([new_document(slug="fine-doc", number=998), *objects] if isinstance(objects, list) else objects)
        ],
        dry_run=False,
    )
    assert not report.ok
    assert not report.applied
    assert any(message.lower() in problem.message.lower() for problem in report.problems), [
        p.message for p in report.problems
    ]
    assert every_row_count() == before
    assert not Document.objects.filter(slug="fine-doc").exists()


def test_a_problem_names_the_file_the_object_and_the_field():
    report = fixture_import(files=[fixture([new_document(issued_on="2025-02-30")], name="bad.json")], dry_run=True)
    problem = report.problems[0]
    assert problem.file == "bad.json"
    assert problem.index == 0
    assert problem.model == "regulations.document"
    assert problem.field == "issued_on"
    # Named by its natural key, with its place in the file as a hint.
    assert problem.key == problem.where.split(" · ")[1].split(" ")[1]
    assert problem.where.startswith("bad.json · document ")
    assert "(object 1)" in problem.where


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[{"model": "regulations.topic",\n "fields": {"slug": "x",}}]', "line 2, column"),
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"- model: regulations.topic\n", "not valid JSON"),
        # Python says "Unterminated string starting at": the message must not say "at at".
        (b'[{"model": "regulations.topic", "fields": {"slug": "x}}]', "Unterminated string starting at line 1"),
    ],
)
def test_malformed_files_are_rejected_with_their_position(content, message):
    before = every_row_count()
    report = fixture_import(files=[FixtureFile(name="broken.json", content=content)], dry_run=False)
    assert message in report.problems[0].message
    assert every_row_count() == before


@pytest.mark.parametrize("depth", [17, 100_000])
def test_deeply_nested_json_is_rejected_with_a_message(depth):
    before = every_row_count()
    content = b"[" * depth + b"]" * depth
    report = fixture_import(files=[FixtureFile(name="deep.json", content=content)], dry_run=False)
    assert "nested more than 16 levels" in report.problems[0].message
    assert every_row_count() == before


def test_nesting_within_the_limit_gets_the_usual_messages():
    report = fixture_import(files=[FixtureFile(name="deep.json", content=b"[[[[]]]]")], dry_run=False)
    assert "must be a JSON object" in report.problems[0].message


def test_an_import_expecting_another_data_version_writes_nothing():
    before = every_row_count()
    version = before["version"]
    report = fixture_import(files=[fixture([new_document(), citation()])], dry_run=False, expected_version=version - 1)
    assert report.stale
    assert not report.applied
    assert "changed after this preview" in report.problems[0].message
    assert every_row_count() == before
    applied = fixture_import(files=[fixture([new_document(), citation()])], dry_run=False, expected_version=version)
    assert applied.applied


def test_only_json_files_are_accepted():
    report = fixture_import(files=[FixtureFile(name="data.yaml", content=b"- model: regulations.topic")], dry_run=False)
    assert "Only JSON" in report.problems[0].message


def test_files_above_the_size_limit_are_rejected_unread():
    before = every_row_count()
    report = fixture_import(files=[fixture([new_document(), citation()])], dry_run=False, max_bytes=100)
    assert "the limit is 100 bytes" in report.problems[0].message
    assert every_row_count() == before


def test_too_many_objects_are_rejected():
    report = fixture_import(files=[fixture([new_document(), citation()])], dry_run=False, max_objects=1)
    assert "limit is 1" in report.problems[0].message


@pytest.mark.parametrize(
    "label",
    [
        "auth.user",
        "admin.logentry",
        "contenttypes.contenttype",
        "sessions.session",
        "auth.group",
        "reference.importrecord",
        "reference.searchentry",
        "core.datastate",
    ],
)
def test_a_file_naming_a_model_outside_the_content_is_rejected_whole(label):
    before = every_row_count()
    report = fixture_import(
        files=[fixture([new_document(), citation(), {"model": label, "fields": {}}])], dry_run=False
    )
    assert any(label in problem.message and "whole file was rejected" in problem.message for problem in report.problems)
    assert every_row_count() == before


def test_a_fixture_creating_a_superuser_creates_no_user():
    users = get_user_model().objects.count()
    report = fixture_import(
        files=[
            fixture(
                [
                    {
                        "model": "auth.user",
                        "fields": {"username": "intruder", "is_superuser": True, "is_staff": True, "password": "x"},
                    }
                ]
            )
        ],
        dry_run=False,
    )
    assert not report.ok
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_several_files_load_together_and_may_refer_to_each_other():
    report = fixture_import(
        files=[fixture([citation()], name="b.json"), fixture([new_document()], name="a.json")], dry_run=False
    )
    assert report.ok, report.problems
    assert Document.objects.get(slug="999-qd-tw").citations.count() == 1


def test_a_problem_in_one_of_several_files_applies_none_of_them():
    report = fixture_import(
        files=[
            fixture([new_document(), citation()], name="good.json"),
            fixture([citation(slug="nowhere")], name="bad.json"),
        ],
        dry_run=False,
    )
    assert not report.ok
    assert not Document.objects.filter(slug="999-qd-tw").exists()


def test_the_same_object_twice_is_a_problem():
    report = fixture_import(files=[fixture([new_document(), new_document()])], dry_run=True)
    assert any("appears twice" in problem.message for problem in report.problems)


def test_nul_characters_in_text_are_refused():
    report = fixture_import(files=[fixture([new_document(subject_en="bad\x00text")])], dry_run=True)
    assert any("NUL" in problem.message for problem in report.problems)


def test_a_file_may_refer_to_records_it_creates_itself_in_any_order():
    point = {
        "model": "regulations.keypoint",
        "fields": {"document": ["999-qd-tw"], "anchor": "art-1", "order": 1, "text_vi": "x", "text_en": "x",
                   "sources": [["S01"]]},
    }  # fmt: skip
    band = {
        "model": "cadres.classificationband",
        "fields": {"document": ["999-qd-tw"], "code": "tot", "order": 1, "name_vi": "Tốt", "name_en": "Good",
                   "key_point": ["999-qd-tw", "art-1"], "sources": [["S01"]]},
    }  # fmt: skip
    report = fixture_import(files=[fixture([band, point, citation(), new_document()])], dry_run=False)
    assert report.ok, report.problems
    assert Document.objects.get(slug="999-qd-tw").classification_bands.get().key_point.anchor == "art-1"


def test_a_changed_record_moves_its_last_change_and_an_unchanged_one_keeps_it():
    before = dict(Document.objects.filter(slug__in=["148-qd-tw", "365-qd-tw"]).values_list("slug", "updated_at"))
    changed = {"model": "regulations.document", "fields": {"slug": "148-qd-tw", "summary_en": "New summary."}}
    same = {"model": "regulations.document", "fields": {"slug": "365-qd-tw", "number": 365}}
    report = fixture_import(files=[fixture([changed, same])], dry_run=False)
    assert report.ok
    assert [change.action for change in report.changes] == ["update", "unchanged"]
    after = dict(Document.objects.filter(slug__in=["148-qd-tw", "365-qd-tw"]).values_list("slug", "updated_at"))
    assert after["148-qd-tw"] > before["148-qd-tw"]
    assert after["365-qd-tw"] == before["365-qd-tw"]


def test_a_record_whose_only_change_is_its_links_is_an_update():
    point = {
        "model": "regulations.keypoint",
        "fields": {"document": ["148-qd-tw"], "anchor": "art-10", "sources": [["S01"], ["S02"]]},
    }
    report = fixture_import(files=[fixture([point])], dry_run=False)
    assert report.ok, report.problems
    (change,) = report.changes
    assert change.action == "update"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("sources", "S01", "S01, S02")]
    assert KeyPoint.objects.get(document__slug="148-qd-tw", anchor="art-10").sources.count() == 2


def test_the_refresh_command_rebuilds_the_derived_data_and_moves_the_data_version():
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    Document.objects.update(status=Document.Status.UNKNOWN)
    version = DataState.objects.get(pk=1).version
    call_command("refresh_derived", verbosity=0)
    assert Document.objects.get(slug="148-qd-tw").status == Document.Status.REPLACED
    assert search_entries("suspension").exists()
    assert DataState.objects.get(pk=1).version == version + 1
