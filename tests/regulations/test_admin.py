"""The regulations admin: every model listed, searchable and correctable by staff; derived
fields read-only. (What an edit sets off when it commits: tests/reference/test_admin.py.)"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from regulations.models import Document, KeyPoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

MODEL_NAMES = [model._meta.model_name for model in apps.get_app_config("regulations").get_models()]


@pytest.fixture
def editor_client(staff_client):
    return staff_client


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:regulations_{model_name}_{view}", args=args)


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
    response = editor_client.get(admin_url("keypoint", "changelist"), {"q": "at most 90 days"})

    anchors = [point.anchor for point in response.context["cl"].result_list]
    assert anchors == ["art-10"]


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
