"""The admin site: an edit brings the derived data in line and moves the data version once,
when it commits; what the site keeps for itself (search index, import records) is read-only."""

import pytest
from django.urls import reverse

from core.models import DataState
from reference.models import ImportRecord, PendingImport, SearchEntry
from reference.search.query import search_entries
from reference.services.imports import FixtureFile, pending_import_create
from regulations.models import Document, KeyPoint, Relation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def admin_url(label: str, view: str, *args) -> str:
    return reverse(f"admin:{label.replace('.', '_')}_{view}", args=args)


def resubmitted_form(response) -> dict:
    """The POST data that submits an admin change form as rendered, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def data_version() -> int:
    return DataState.objects.get(pk=1).version


def test_changing_a_key_point_updates_search_and_the_data_version_once_it_commits(
    staff_client, scenario, django_capture_on_commit_callbacks
):
    url = admin_url("regulations.keypoint", "change", scenario.suspension_duration.pk)
    data = resubmitted_form(staff_client.get(url))
    data["text_en"] = "Suspension lasts at most zyxwv days."
    version = data_version()

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert not search_entries("zyxwv").exists()  # nothing happens before the commit
    for callback in callbacks:
        callback()

    assert [(entry.kind, entry.object_id) for entry in search_entries("zyxwv")] == [
        ("key_point", scenario.suspension_duration.pk)
    ]
    assert data_version() == version + 1


def test_saving_a_document_with_its_inlines_refreshes_once(staff_client, scenario, django_capture_on_commit_callbacks):
    url = admin_url("regulations.document", "change", scenario.d365.pk)
    data = resubmitted_form(staff_client.get(url))
    data["summary_en"] = "A summary with the word qwzxv."
    data["symbol"] = "365-QĐ/TW-bis"
    data["key_points-0-text_en"] = "A key point with the word vxzwq."
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert search_entries("qwzxv").get().object_id == scenario.d365.pk
    assert search_entries("vxzwq").count() == 1
    assert data_version() == version + 1
    assert Document.objects.get(pk=scenario.d365.pk).number_key == "365-QD/TW-BIS"
    # The key point's title repeats the document's number: it follows the new one.
    entry = SearchEntry.objects.get(kind="key_point", object_id=scenario.common_standards_point.pk)
    assert " 365 qd tw bis " in entry.title_text


def test_deleting_a_replaces_relation_updates_the_document_status(
    staff_client, scenario, django_capture_on_commit_callbacks
):
    assert Document.objects.get(slug="148-qd-tw").status == Document.Status.REPLACED
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(admin_url("regulations.relation", "delete", scenario.replaces.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Relation.objects.filter(pk=scenario.replaces.pk).exists()
    assert Document.objects.get(slug="148-qd-tw").status == Document.Status.IN_FORCE
    assert data_version() == version + 1


def test_renaming_a_group_rebuilds_the_search_entries_of_its_positions(
    staff_client, scenario, django_capture_on_commit_callbacks
):
    url = admin_url("cadres.positiongroup", "change", scenario.group.pk)
    data = resubmitted_form(staff_client.get(url))
    data["name_en"] = "Group wqxzv"

    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302

    assert [entry.target for entry in search_entries("wqxzv")] == ["tong-bi-thu"]


def test_deleting_records_in_bulk_removes_them_from_search(staff_client, scenario, django_capture_on_commit_callbacks):
    assert search_entries("most 90 days").exists()
    points = KeyPoint.objects.filter(document=scenario.d148)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            admin_url("regulations.keypoint", "changelist"),
            {"action": "delete_selected", "_selected_action": [p.pk for p in points], "post": "yes"},
        )
    assert response.status_code == 302
    assert not search_entries("most 90 days").exists()


def test_an_edit_that_fails_validation_changes_nothing(staff_client, scenario, django_capture_on_commit_callbacks):
    url = admin_url("regulations.document", "change", scenario.d148.pk)
    data = resubmitted_form(staff_client.get(url))
    data["effective_on"] = "2020-01-01"  # before the date of issue
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(url, data)

    assert response.status_code == 200
    assert callbacks == []
    assert data_version() == version


@pytest.mark.parametrize("model", [SearchEntry, ImportRecord, PendingImport])
def test_what_the_site_keeps_for_itself_cannot_be_added_changed_or_deleted(staff_client, django_user_model, model):
    editor = django_user_model.objects.get(username="editor")
    pending = pending_import_create(
        files=[FixtureFile(name="waiting.json", content=b"[]")], user=editor, data_version=1
    )
    record = ImportRecord.objects.create(
        via="command", file_names="x.json", checksum="0" * 64, object_count=0, created_count=0,
        updated_count=0, unchanged_count=0, data_version=1,
    )  # fmt: skip
    obj = {SearchEntry: SearchEntry.objects.first(), ImportRecord: record, PendingImport: pending}[model]
    label = model._meta.label_lower
    change_url = admin_url(label, "change", obj.pk)
    assert staff_client.get(admin_url(label, "add")).status_code == 403
    assert staff_client.get(change_url).status_code == 200
    assert staff_client.post(change_url, {}).status_code == 403
    assert staff_client.get(admin_url(label, "delete", obj.pk)).status_code == 403
    changelist = staff_client.get(admin_url(label, "changelist"))
    assert admin_url(label, "add") not in changelist.content.decode()
    assert changelist.context["action_form"] is None  # not even "delete selected"


def test_the_data_version_is_shown_read_only(staff_client):
    assert staff_client.get(admin_url("core.datastate", "changelist")).status_code == 200
    assert staff_client.get(admin_url("core.datastate", "add")).status_code == 403


def test_the_admin_is_branded_and_its_index_opens_with_import_and_export(staff_client):
    html = staff_client.get(reverse("admin:index"), headers={"Accept-Language": "en"}).content.decode()
    assert "CadreRef administration" in html
    assert "Django administration" not in html
    tools = html.index('id="fixture-module"')
    assert tools < html.index('id="content-main"') < html.index('id="content-related"')
    assert reverse("admin:reference_import_fixture") in html[tools:]
    assert reverse("regulations:data-export") in html[tools:]


def test_staff_without_the_import_permission_see_no_import_tools(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x", is_staff=True))
    html = client.get(reverse("admin:index"), headers={"Accept-Language": "en"}).content.decode()
    assert "CadreRef administration" in html
    assert 'id="fixture-module"' not in html
