"""The regulations admin: every model listed, searchable and correctable by staff; derived data
read-only; edits refresh the search index and move the data version."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from regulations.models import DataState, Document, KeyPoint, Relation
from regulations.search.query import search_entries
from regulations.services.imports import FixtureFile, pending_import_create

MODEL_NAMES = [model._meta.model_name for model in apps.get_app_config("regulations").get_models()]
READ_ONLY_MODEL_NAMES = ["searchentry", "datastate", "importrecord", "pendingimport"]


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="not-a-real-password-1"
    )
    client.force_login(editor)
    # The reference data has no upload waiting for confirmation; make one so its admin shows a row.
    pending_import_create(files=[FixtureFile(name="waiting.json", content=b"[]")], user=editor)
    return client


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:regulations_{model_name}_{view}", args=args)


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


def test_every_regulations_model_is_registered_in_the_admin():
    unregistered = [
        model._meta.label
        for model in apps.get_app_config("regulations").get_models()
        if not admin.site.is_registered(model)
    ]

    assert unregistered == []


def test_the_admin_index_lists_every_model(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    for model_name in MODEL_NAMES:
        assert admin_url(model_name, "changelist") in response.content.decode()


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_every_changelist_answers(editor_client, model_name):
    response = editor_client.get(admin_url(model_name, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_every_change_form_of_a_reference_object_answers(editor_client, model_name):
    obj = apps.get_model("regulations", model_name).objects.first()

    response = editor_client.get(admin_url(model_name, "change", obj.pk))

    assert response.status_code == 200


def test_the_document_changelist_does_not_query_per_row(editor_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = editor_client.get(admin_url("document", "changelist"))

    assert len(response.context["cl"].result_list) == Document.objects.count()


def test_searching_documents_by_number_finds_the_regulation(editor_client):
    response = editor_client.get(admin_url("document", "changelist"), {"q": "365"})

    labels = [document.label for document in response.context["cl"].result_list]
    assert "365-QĐ/TW" in labels
    assert "366-QĐ/TW" not in labels


def test_searching_documents_by_symbol_without_diacritics_finds_the_regulation(editor_client):
    response = editor_client.get(admin_url("document", "changelist"), {"q": "365-qd/tw"})

    labels = [document.label for document in response.context["cl"].result_list]
    assert labels == ["365-QĐ/TW"]


def test_filtering_documents_to_core_lists_only_core_documents(editor_client):
    response = editor_client.get(admin_url("document", "changelist"), {"is_core__exact": "1"})

    listed = response.context["cl"].result_list
    assert len(listed) == Document.objects.core().count()
    assert all(document.is_core for document in listed)


def test_searching_key_points_by_their_english_text_finds_them(editor_client):
    response = editor_client.get(admin_url("keypoint", "changelist"), {"q": "strategic-level"})

    anchors = [point.anchor for point in response.context["cl"].result_list]
    assert "purpose" in anchors


def test_the_document_changelist_links_to_the_page_on_the_site(editor_client):
    document = Document.objects.get(slug="365-qd-tw")

    response = editor_client.get(admin_url("document", "changelist"))

    with translation.override("vi"):
        assert f'href="{document.get_absolute_url()}"' in response.content.decode()


def test_derived_fields_are_read_only_on_the_document_form(editor_client):
    document = Document.objects.get(slug="365-qd-tw")

    response = editor_client.get(admin_url("document", "change", document.pk))

    form = response.context["adminform"].form
    derived = {"number_key", "status", "created_at", "updated_at"}
    assert derived.isdisjoint(form.fields)
    assert derived <= set(response.context["adminform"].readonly_fields)
    assert document.number_key in response.content.decode()


def test_the_document_form_offers_every_editable_field(editor_client):
    document = Document.objects.get(slug="365-qd-tw")

    response = editor_client.get(admin_url("document", "change", document.pk))

    editable = {
        field.name
        for field in Document._meta.get_fields()
        if getattr(field, "editable", False) and not field.auto_created
    }
    assert editable <= set(response.context["adminform"].form.fields)


def test_the_document_form_edits_its_citations_and_key_points_inline(editor_client):
    document = Document.objects.get(slug="365-qd-tw")

    response = editor_client.get(admin_url("document", "change", document.pk))

    inlines = {inline.formset.model: len(inline.formset.forms) for inline in response.context["inline_admin_formsets"]}
    assert inlines == {
        document.citations.model: document.citations.count(),
        KeyPoint: document.key_points.count(),
    }


def test_document_autocomplete_answers_json(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "regulations",
            "model_name": "keypoint",
            "field_name": "document",
            "term": "365",
        },
    )

    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert "365-QĐ/TW" in texts


def test_source_autocomplete_answers_json(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "regulations", "model_name": "keypoint", "field_name": "sources", "term": ""},
    )

    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize("model_name", READ_ONLY_MODEL_NAMES)
def test_derived_records_cannot_be_added_changed_or_deleted(editor_client, model_name):
    obj = apps.get_model("regulations", model_name).objects.first()
    change_url = admin_url(model_name, "change", obj.pk)

    assert editor_client.get(admin_url(model_name, "add")).status_code == 403
    assert editor_client.get(change_url).status_code == 200
    assert editor_client.post(change_url, {}).status_code == 403
    assert editor_client.get(admin_url(model_name, "delete", obj.pk)).status_code == 403
    changelist = editor_client.get(admin_url(model_name, "changelist"))
    assert admin_url(model_name, "add") not in changelist.content.decode()
    assert changelist.context["action_form"] is None  # not even "delete selected"


def test_changing_a_key_point_in_the_admin_updates_search(editor_client, django_capture_on_commit_callbacks):
    point = KeyPoint.objects.get(document__slug="365-qd-tw", anchor="purpose")
    url = admin_url("keypoint", "change", point.pk)
    data = resubmitted_form(editor_client.get(url))
    data["text_en"] = "The standards are the basis for a zyxwv corps of leaders."
    version = data_version()
    assert not search_entries("zyxwv").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    found = search_entries("zyxwv")
    assert [(entry.kind, entry.object_id) for entry in found] == [("key_point", point.pk)]
    assert data_version() == version + 1


def test_saving_a_document_with_its_inlines_refreshes_once(editor_client, django_capture_on_commit_callbacks):
    document = Document.objects.get(slug="365-qd-tw")
    url = admin_url("document", "change", document.pk)
    data = resubmitted_form(editor_client.get(url))
    data["summary_en"] = "A summary with the word qwzxv."
    data["key_points-0-text_en"] = "A key point with the word vxzwq."
    data["key_points-1-text_en"] = "Another key point with the word vxzwq."
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert search_entries("qwzxv").get().object_id == document.pk
    assert search_entries("vxzwq").count() == 2
    assert data_version() == version + 1


def test_deleting_a_replaces_relation_in_the_admin_updates_the_document_status(
    editor_client, django_capture_on_commit_callbacks
):
    relation = Relation.objects.get(
        subject__slug="365-qd-tw", kind=Relation.Kind.REPLACES, object__slug="quy-dinh-89-2017"
    )
    assert relation.object.status == Document.Status.REPLACED
    version = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(admin_url("relation", "delete", relation.pk), {"post": "yes"})

    assert response.status_code == 302
    relation.object.refresh_from_db()
    assert relation.object.status == Document.Status.UNKNOWN
    assert data_version() == version + 1
