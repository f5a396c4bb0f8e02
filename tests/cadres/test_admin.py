"""The cadres admin: every model listed, searchable in both languages and correctable by staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from cadres.models import Position, PositionGroup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

MODEL_NAMES = [model._meta.model_name for model in apps.get_app_config("cadres").get_models()]


@pytest.fixture
def editor_client(staff_client):
    return staff_client


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:cadres_{model_name}_{view}", args=args)


def test_every_cadres_model_is_registered_in_the_admin():
    unregistered = [
        model._meta.label for model in apps.get_app_config("cadres").get_models() if not admin.site.is_registered(model)
    ]

    assert unregistered == []


def test_the_admin_index_lists_every_cadres_model(editor_client):
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
    obj = apps.get_model("cadres", model_name).objects.first()

    response = editor_client.get(admin_url(model_name, "change", obj.pk))

    assert response.status_code == 200


def test_the_position_changelist_does_not_query_per_row(editor_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = editor_client.get(admin_url("position", "changelist"))

    assert len(response.context["cl"].result_list) == Position.objects.count()


@pytest.mark.parametrize("query", ["Tổng Bí thư", "General Secretary", "tong bi thu"])
def test_searching_positions_finds_the_general_secretary(editor_client, query):
    response = editor_client.get(admin_url("position", "changelist"), {"q": query})

    slugs = [position.slug for position in response.context["cl"].result_list]
    assert "tong-bi-thu" in slugs


def test_filtering_positions_by_group_lists_only_that_group(editor_client):
    group = PositionGroup.objects.get(code="I")

    response = editor_client.get(admin_url("position", "changelist"), {"group__id__exact": group.pk})

    listed = response.context["cl"].result_list
    assert len(listed) == group.positions.count() > 0
    assert {position.group_id for position in listed} == {group.pk}


def test_the_position_group_form_edits_its_levels_inline(editor_client):
    group = PositionGroup.objects.get(code="I")

    response = editor_client.get(admin_url("positiongroup", "change", group.pk))

    inlines = {inline.formset.model: len(inline.formset.forms) for inline in response.context["inline_admin_formsets"]}
    assert inlines == {group.tiers.model: group.tiers.count()}


def test_position_autocomplete_answers_json(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cadres",
            "model_name": "authority",
            "field_name": "actor_position",
            "term": "Tổng Bí thư",
        },
    )

    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert "General Secretary" in texts


def test_document_autocomplete_from_a_position_answers_json(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cadres", "model_name": "position", "field_name": "listed_in", "term": "365"},
    )

    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert "365-QĐ/TW" in texts
