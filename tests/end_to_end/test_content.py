"""The content rules a careful editor checks, run over the whole reference data: a fact resting
only on machine translations says so; no status or date stands without a source; the legal
measures keep their own names in both languages; a title that meets one of two standards is
not told it needs both."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from cadres.models import Authority, ClassificationBand, Position, Standard
from reference.registry import content_labels
from reference.selectors.documents import document_for_page, document_status_info
from reference.selectors.positions import position_card, position_for_page
from regulations.models import Document, DocumentCitation, KeyPoint, Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def only_machine_translated(record) -> bool:
    sources = list(record.sources.all())
    return bool(sources) and all(source.machine_translated for source in sources)


def element(html, element_id):
    """The HTML of the element with ``element_id`` (up to the next element with an id)."""
    start = html.index(f'id="{element_id}"')
    following = html.find(' id="', start + 1)
    return html[start : following if following != -1 else None]


# Machine translations


def test_the_sources_known_to_be_machine_translated_are_marked_so():
    assert Source.objects.get(code="S59").machine_translated
    assert Source.objects.get(code="C08").machine_translated


@pytest.mark.parametrize("model", [KeyPoint, ClassificationBand])
def test_a_record_resting_only_on_machine_translations_carries_a_caveat(model):
    unmarked = [
        str(record) for record in model.objects.all() if only_machine_translated(record) and not record.caveat_en
    ]
    assert not unmarked
    unmarked_vi = [
        str(record) for record in model.objects.all() if only_machine_translated(record) and not record.caveat_vi
    ]
    assert not unmarked_vi


def test_every_key_point_resting_only_on_machine_translations_is_flagged_where_it_is_shown(client):
    points = [point for point in KeyPoint.objects.select_related("document") if only_machine_translated(point)]
    assert points  # the reference has some: the check must not pass on nothing
    for point in points:
        html = page(client, point.document.get_absolute_url())
        assert "machine translation only" in element(html, point.anchor), point


def test_every_authority_resting_only_on_machine_translations_is_flagged_where_it_is_listed(client):
    authorities = [authority for authority in Authority.objects.all() if only_machine_translated(authority)]
    assert authorities
    html = page(client, "/en/authorities/")
    for authority in authorities:
        assert "machine translation only" in element(html, authority.slug), authority.slug


def test_the_bands_that_rest_on_one_machine_translated_page_say_so_on_every_page_that_shows_them(client):
    for code in ("tot", "hoan-thanh"):
        band = ClassificationBand.objects.get(code=code)
        assert only_machine_translated(band)
    for path in ("/en/documents/366-qd-tw/", "/en/assessment/", "/en/positions/tong-bi-thu/"):
        html = page(client, path)
        assert html.count("Rests only on a machine-translated Japanese page") >= 2, path


# Status and dates


def test_no_document_date_or_standing_is_shown_without_a_source():
    cited = set(DocumentCitation.objects.filter(disputes=False).values_list("document__slug", "field"))
    for document in Document.objects.all():
        for field, present in (
            ("issued_on", document.issued_on),
            ("effective_on", document.effective_on),
            ("pilot", document.pilot_years),
            ("status", document.status_note_en or document.status_note_vi),
        ):
            if present:
                assert (document.slug, field) in cited, (document.slug, field)


def test_a_replacement_date_is_only_ever_a_cited_effective_date():
    for document in Document.objects.filter(status=Document.Status.REPLACED):
        status = document_status_info(document_for_page(slug=document.slug))
        if status.replaced_on is None:
            continue
        replacers_effective = {other.effective_on for other in status.replaced_by}
        assert status.replaced_on in replacers_effective, document.slug
        for other in status.replaced_by:
            assert other.citations.filter(field="effective_on", disputes=False).exists(), other.slug


def test_every_core_document_has_a_useful_status():
    statuses = dict(Document.objects.core().values_list("slug", "status"))
    assert Document.Status.UNKNOWN not in statuses.values()
    assert statuses["368-qd-tw"] == statuses["377-qd-tw"] == Document.Status.IN_FORCE
    assert statuses["148-qd-tw"] == Document.Status.REPLACED
    assert statuses["365-qd-tw"] == Document.Status.CURRENT


# The four measures, and the verbs of who may do what

# Each Vietnamese term of the field, with what its English rendering must say. A text that
# uses the term in Vietnamese must use its rendering in the English of the same record.
MEASURES = [
    ("miễn nhiệm", "dismiss"),
    ("cho thôi giữ chức", "relie"),
    ("cách chức", "remov"),
    ("tạm đình chỉ", "suspen"),
]
FOREIGN_MEASURES = {
    # An English rendering that must never stand for the Vietnamese term on the left.
    "miễn nhiệm": ("relie",),
    "cách chức": ("dismiss",),
}


def bilingual_pairs():
    """Every (record, field, Vietnamese, English) pair of text in the content."""
    for label in content_labels():
        model = apps.get_model(label)
        vi_fields = [f.name for f in model._meta.get_fields() if getattr(f, "name", "").endswith("_vi")]
        for record in model.objects.all():
            for name in vi_fields:
                english = getattr(record, name[:-3] + "_en", None)
                if english is not None:
                    yield record, name[:-3], getattr(record, name), english


def test_the_english_of_every_record_renders_each_measure_its_vietnamese_names():
    wrong = []
    for record, field, vietnamese, english in bilingual_pairs():
        for term, rendering in MEASURES:
            if term in vietnamese.lower() and rendering not in english.lower():
                wrong.append((str(record)[:60], field, term))
    assert not wrong, wrong[:10]


def test_no_record_renders_a_measure_as_another():
    wrong = []
    for record, field, vietnamese, english in bilingual_pairs():
        for term, forbidden in FOREIGN_MEASURES.items():
            # Only a text that names this measure and no other can be checked word for word.
            others = [other for other, _ in MEASURES if other != term and other in vietnamese.lower()]
            if term in vietnamese.lower() and not others and any(word in english.lower() for word in forbidden):
                wrong.append((str(record)[:60], field, term))
    assert not wrong, wrong[:10]


def test_the_vietnamese_interface_names_each_measure_and_verb_rightly():
    with translation.override("vi"):
        labels = {value: str(label) for value, label in Authority.Action.choices}
    assert labels["appoint"] == "bổ nhiệm"
    assert "miễn nhiệm" in labels["appoint_dismiss"]
    assert "cho thôi" not in labels["appoint_dismiss"]
    assert labels["consult"].startswith("xin ý kiến")
    assert labels["suspend"] == "có thẩm quyền tạm đình chỉ công tác"
    for value, label in labels.items():
        assert not re.match(r"^được ", label), value  # "được …" reads as being done to, not doing


def test_the_authority_actions_match_what_the_sources_say():
    actions = dict(Authority.objects.values_list("slug", "action"))
    # 142 lets heads appoint and dismiss (bổ nhiệm, miễn nhiệm) the heads of their units.
    assert actions["142-bo-nhiem-don-vi-truc-thuoc"] == Authority.Action.APPOINT_DISMISS
    # 377 lets competent bodies appoint cadres with past violations; it does not relieve them.
    assert actions["377-bo-nhiem-can-bo-tung-vi-pham"] == Authority.Action.APPOINT


# Our matches are labelled as ours


def test_the_368_groups_linked_to_198_and_366_are_labelled_as_our_match(client):
    for authority in Authority.objects.filter(document__slug="198-kl-tw"):
        assert authority.subject_groups.exists()
        assert "Groups II" not in authority.subject_en
        assert authority.mapping_note_en
        assert authority.mapping_note_vi
    html = page(client, "/en/assessment/")
    assert html.count("our match") >= 3
    assert "Groups II and III of the 368 list" not in element(html, "366-tieu-chi-tung-chuc-danh").split("our match")[0]


# Standards that accept either of two others


def test_the_vice_president_meets_either_set_of_general_standards_not_both():
    vice_president = Standard.objects.get(slug="pho-chu-tich-nuoc")
    assert vice_president.builds_on_rule == Standard.BuildsOnRule.ANY
    card = position_card(position=position_for_page(slug="pho-chu-tich-nuoc"))
    alternatives = {
        inherited.standard.slug: {s.slug for s in inherited.alternatives} for inherited in card.inherited_standards
    }
    assert alternatives["uy-vien-trung-uong"] == {"uy-vien-bo-chinh-tri-ban-bi-thu"}
    assert alternatives["uy-vien-bo-chinh-tri-ban-bi-thu"] == {"uy-vien-trung-uong"}


def test_no_record_is_named_after_what_the_sources_lack():
    names = [s.name_en for s in Standard.objects.all()] + [p.name_en for p in Position.objects.all()]
    assert not [name for name in names if "not found" in name.lower() or "unknown" in name.lower()]


def test_primary_sources_are_shown_as_readers_know_them(client):
    html = page(client, "/en/sources/")
    assert "baotintuc-2025" not in html
    assert ".sv.txt" not in html
    assert "Báo Tin Tức" in html
    assert "Read in a Swedish translation" in html
