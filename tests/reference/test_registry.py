"""The content registry: every content model declared once, in an order the import can load."""

import pytest
from django.apps import apps

from reference import registry
from reference.models import SearchEntry


def test_every_model_of_the_content_apps_is_declared_once():
    content = [
        model._meta.label_lower for app in ("regulations", "cadres") for model in apps.get_app_config(app).get_models()
    ]
    assert sorted(registry.content_labels()) == sorted(content)
    assert len(set(registry.content_labels())) == len(registry.content_labels())


def test_everything_a_record_refers_to_is_loaded_before_it():
    order = {label: index for index, label in enumerate(registry.content_labels())}
    for kind in registry.KINDS:
        for field in kind.model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.related_model is None:
                continue
            target = field.related_model._meta.label_lower
            if target in order and target != kind.label and not field.many_to_many:
                assert order[target] < order[kind.label], f"{kind.label}.{field.name} → {target}"


def test_every_natural_key_names_fields_of_its_model_that_identify_a_record():
    for kind in registry.KINDS:
        fields = [kind.model._meta.get_field(name) for name in kind.natural_key]
        assert fields, kind.label
        unique = len(fields) == 1 and fields[0].unique
        together = any(
            set(getattr(constraint, "fields", ())) == set(kind.natural_key)
            for constraint in kind.model._meta.constraints
        )
        assert unique or together, kind.label


def test_every_record_rests_on_sources_except_the_vocabulary_and_the_citations_themselves():
    uncited = {kind.label for kind in registry.KINDS if not kind.cited}
    assert uncited == {
        "regulations.source",
        "regulations.issuingbody",
        "regulations.topic",
        "regulations.documentcitation",
    }


def test_search_kinds_are_unique_and_fit_the_entry_kind_column():
    kinds = [kind.search.kind for kind in registry.searchable()]
    assert len(kinds) == len(set(kinds))
    assert max(len(kind) for kind in kinds) <= SearchEntry._meta.get_field("kind").max_length


@pytest.mark.parametrize(
    ("entry_kind", "target", "anchor", "url", "json_url"),
    [
        ("document", "365-qd-tw", "", "/en/documents/365-qd-tw/", "/en/documents/365-qd-tw.json"),
        ("key_point", "365-qd-tw", "art-2", "/en/documents/365-qd-tw/#art-2", "/en/documents/365-qd-tw.json"),
        ("position", "tong-bi-thu", "", "/en/positions/tong-bi-thu/", "/en/positions/tong-bi-thu.json"),
        ("standard", "uy-vien-trung-uong", "", "/en/standards/#uy-vien-trung-uong", "/en/standards.json"),
        ("criterion", "ket-qua", "", "/en/assessment/#ket-qua", "/en/assessment.json"),
        ("band", "band-tot", "", "/en/assessment/#band-tot", "/en/assessment.json"),
        ("authority", "148-x", "", "/en/authorities/#148-x", "/en/authorities.json"),
        ("training", "training-1", "", "/en/assessment/#training-1", "/en/assessment.json"),
        ("term", "mien-nhiem", "", "/en/glossary/#mien-nhiem", "/en/glossary.json"),
        (
            "change",
            "377-qd-tw",
            "who-suspends",
            "/en/documents/377-qd-tw/changes/#who-suspends",
            "/en/documents/377-qd-tw/changes.json",
        ),
    ],
)
def test_a_search_entry_leads_to_the_page_and_the_json_of_its_record(entry_kind, target, anchor, url, json_url):
    entry = SearchEntry(kind=entry_kind, target=target, anchor=anchor)
    assert registry.entry_url(entry) == url
    assert registry.entry_json_url(entry) == json_url
