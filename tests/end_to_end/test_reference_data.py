"""The reference fixtures, end to end: they load through the import service, hold what the fact
sheet says and nothing more, render the pages that answer real questions, and survive an export
and a fresh import unchanged."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from cadres.models import Authority, ClassificationBand, Criterion, Position, Standard
from reference.models import SearchEntry
from reference.registry import content_labels
from regulations.models import Document, DocumentCitation, KeyPoint, Relation
from tests.reference.views.helpers import assert_conforms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

CORE = {
    "365-qd-tw": ("politburo", datetime.date(2025, 8, 30)),
    "366-qd-tw": ("politburo", datetime.date(2025, 8, 30)),
    "367-qd-tw": ("politburo", datetime.date(2025, 9, 4)),
    "368-qd-tw": ("politburo", datetime.date(2025, 9, 8)),
    "377-qd-tw": ("politburo", datetime.date(2025, 10, 8)),
    "198-kl-tw": ("politburo", datetime.date(2025, 10, 8)),
    "142-qd-tw": ("politburo", datetime.date(2024, 4, 23)),
    "145-qd-tw": ("politburo", datetime.date(2024, 5, 10)),
    "148-qd-tw": ("politburo", datetime.date(2024, 5, 23)),
    "180-qd-tw": ("secretariat", datetime.date(2024, 7, 11)),
}

RELATIONS = [
    ("377-qd-tw", "replaces", "80-qd-tw"),
    ("377-qd-tw", "replaces", "50-qd-tw"),
    ("377-qd-tw", "replaces", "41-qd-tw"),
    ("377-qd-tw", "replaces", "148-qd-tw"),
    ("377-qd-tw", "replaces", "ket-luan-20-2022"),
    ("377-qd-tw", "replaces", "ket-luan-165-2025"),
    ("365-qd-tw", "replaces", "quy-dinh-89-2017"),
    ("365-qd-tw", "replaces", "quy-dinh-214-2020"),
    ("366-qd-tw", "replaces", "124-qd-tw"),
    ("368-qd-tw", "replaces", "35-kl-tw"),
    ("05-hd-btctw", "guides", "367-qd-tw"),
    ("92-2025-nd-cp", "implements", "180-qd-tw"),
    ("198-kl-tw", "applies", "366-qd-tw"),
    ("198-kl-tw", "applies", "377-qd-tw"),
    ("27-hd-btctw", "guides", "35-ct-tw"),
]


def content_counts():
    return {label: apps.get_model(label).objects.count() for label in content_labels()}


def test_the_ten_core_documents_exist_with_the_issuer_and_date_of_the_facts():
    core = {document.slug: document for document in Document.objects.core().select_related("issuer")}
    assert set(core) == set(CORE)
    for slug, (issuer, issued_on) in CORE.items():
        assert core[slug].issuer.slug == issuer, slug
        assert core[slug].issued_on == issued_on, slug


@pytest.mark.parametrize(("subject", "kind", "object"), RELATIONS)
def test_every_named_relation_exists_and_reads_both_ways(subject, kind, object):
    relation = Relation.objects.get(subject__slug=subject, kind=kind, object__slug=object)
    assert relation in Document.objects.get(slug=subject).relations_out.all()
    assert relation in Document.objects.get(slug=object).relations_in.all()
    with translation.override("en"):
        assert (
            str(relation.get_kind_display())
            == {
                "replaces": "replaces",
                "guides": "guides",
                "implements": "implements",
                "applies": "applies",
            }[kind]
        )
        assert relation.inverse_verb.startswith("is ")


def test_a_replaced_document_is_derived_as_replaced_and_its_replacement_is_not():
    assert Document.objects.get(slug="148-qd-tw").status == Document.Status.REPLACED
    assert Document.objects.get(slug="377-qd-tw").status == Document.Status.IN_FORCE
    assert Document.objects.get(slug="142-qd-tw").status == Document.Status.PILOT


@pytest.mark.parametrize("model", [KeyPoint, Relation, Position, Standard, Criterion, ClassificationBand, Authority])
def test_every_record_cites_at_least_one_source(model):
    uncited = model.objects.filter(sources__isnull=True)
    assert not uncited.exists(), list(uncited[:5])


def test_every_document_cites_a_source_for_its_number():
    without = Document.objects.exclude(citations__field=DocumentCitation.Field.SYMBOL)
    assert not without.exists(), list(without)


def test_every_filled_metadata_field_of_a_core_document_cites_a_source():
    checks = {
        "issued_on": "issued_on",
        "issuer": "issuer",
        "signer": "signer",
        "effective_on": "effective_on",
        "structure_en": "structure",
        "title_vi": "title",
        "pilot_years": "pilot",
    }
    for document in Document.objects.core():
        cited = set(document.citations.values_list("field", flat=True))
        for attribute, field in checks.items():
            if getattr(document, attribute):
                assert field in cited, f"{document.slug}: {attribute} shown without a source"


@pytest.mark.parametrize(
    "slug",
    [
        "365-qd-tw",
        "366-qd-tw",
        "198-kl-tw",
        "367-qd-tw",
        "142-qd-tw",
        "145-qd-tw",
        "148-qd-tw",
        "180-qd-tw",
    ],
)
def test_no_effective_date_is_stored_where_the_sources_give_none(slug):
    assert Document.objects.get(slug=slug).effective_on is None


def test_367_holds_no_invented_content():
    document = Document.objects.get(slug="367-qd-tw")
    assert document.signer == ""
    assert document.effective_on is None
    assert document.chapters is None
    assert document.articles is None
    assert document.structure_en == ""
    assert not document.key_points.filter(article__isnull=False).exists()
    assert document.key_points.gaps().filter(anchor="gap-content").exists()
    assert not Relation.objects.filter(subject=document, kind=Relation.Kind.REPLACES).exists()


def test_148s_signer_conflict_is_recorded_with_the_disputing_source():
    document = Document.objects.get(slug="148-qd-tw")
    assert document.signer == "Lương Cường"
    dispute = document.citations.get(field=DocumentCitation.Field.SIGNER, disputes=True)
    assert dispute.source.code == "S59"
    assert "Nguyễn Phú Trọng" in dispute.note_en
    assert document.citations.filter(field=DocumentCitation.Field.SIGNER, disputes=False).count() >= 4


def test_the_not_completed_band_has_no_invented_threshold():
    band = ClassificationBand.objects.get(document__slug="366-qd-tw", code="khong-hoan-thanh")
    assert band.min_score is None
    assert band.max_score is None
    assert band.caveat_en


def test_unverified_politburo_conditions_from_a_machine_translation_are_not_a_standard():
    standard = Standard.objects.get(slug="uy-vien-bo-chinh-tri-ban-bi-thu")
    assert "full term" not in standard.text_en
    assert not standard.sources.filter(code="S17").exists()


def test_the_group_ii_to_iv_titles_the_sources_do_not_name_are_not_invented():
    # Group II, level 1: the titles VnExpress (C01) and Soha (S07) name; nothing at level 2.
    assert set(Position.objects.filter(group__code="II").values_list("slug", flat=True)) == {
        "uy-vien-chinh-thuc-bchtw",
        "pho-chu-nhiem-ubkttw",
        "pho-truong-ban-dang-tw",
        "pho-chanh-van-phong-tw",
        "uy-vien-ubtvqh",
        "tong-kiem-toan-nha-nuoc",
    }
    assert not Position.objects.filter(group__code="II", tier__code="II-2").exists()
    assert not Position.objects.filter(group__code__in=["III", "IV"]).exists()


def test_loading_the_fixtures_a_second_time_creates_no_duplicates():
    before = content_counts()
    call_command("load_reference", verbosity=0)
    assert content_counts() == before


def test_the_load_indexed_every_searchable_record():
    assert Document.objects.core().count() == 10
    assert SearchEntry.objects.filter(kind="document").count() == Document.objects.count()
    assert SearchEntry.objects.filter(kind="key_point").count() == KeyPoint.objects.count()


def test_number_keys_are_derived_even_though_fixtures_bypass_save():
    assert Document.objects.get(slug="365-qd-tw").number_key == "365-QD/TW"
    assert Document.objects.get(slug="92-2025-nd-cp").number_key == "92/2025/ND-CP"
    assert Document.objects.get(slug="ket-luan-20-2022").number_key == "20"


# The pages that answer real questions, on the real data


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_document_pages_show_the_facts_as_the_sources_give_them(client):
    html = page(client, "/en/documents/366-qd-tw/")
    assert 'id="art-11"' in html
    assert "Article 11, Regulation No. 366-QĐ/TW of 30 August 2025 of the Politburo" in html
    assert "/en/documents/124-qd-tw/" in html
    assert "is applied by" in html
    assert "What the sources do not say" in html
    replaced = page(client, "/en/documents/148-qd-tw/")
    assert "Replaced from 8 October 2025 by" in replaced
    assert "conflicting source" in replaced
    assert "Nguyễn Phú Trọng" in replaced
    pilot = page(client, "/en/documents/142-qd-tw/")
    assert "a pilot of 5 years from its issue on 23 April 2024" in pilot
    assert "whether the pilot still runs beside 377 is not verified" in pilot
    assert "until 23 April 2029" not in pilot
    for current in ("365-qd-tw", "366-qd-tw", "367-qd-tw", "198-kl-tw", "145-qd-tw", "180-qd-tw"):
        assert "Current (no replacement reported)" in page(client, f"/en/documents/{current}/"), current
    assert "Status not stated" not in page(client, "/en/documents/")
    # Replaced by documents whose effective date no source gives: the issue date is not a replacement date.
    for old, replacer in (
        ("124-qd-tw", "30 August 2025"),
        ("quy-dinh-89-2017", "30 August 2025"),
        ("105-qd-tw", "18 August 2022"),
    ):
        html = page(client, f"/en/documents/{old}/")
        assert f"(issued {replacer})" in html, old
        assert "Replaced from" not in html, old
    assert '<span lang="vi">Quy định về tiêu chuẩn chức danh cán bộ' in page(client, "/en/documents/365-qd-tw/")
    assert "/en/positions/tong-bi-thu/" in page(client, "/en/documents/368-qd-tw/")


def test_the_general_secretarys_page_gathers_every_rule_for_the_post(client):
    html = page(client, "/en/positions/tong-bi-thu/")
    assert "Group I" in html
    assert "Key leaders" in html
    assert "/en/standards/#tong-bi-thu" in html  # its own standard
    assert "/en/standards/#uy-vien-bo-chinh-tri-ban-bi-thu" in html  # inherited
    assert "/en/standards/#uy-vien-trung-uong" in html  # inherited through it
    assert "The six common standards for every leader" in html
    assert "/en/authorities/#377-gioi-thieu-trung-uong-bau" in html
    assert "Training group 1" in html
    assert "our match" in html


def test_a_provincial_party_secretarys_page_answers_the_three_questions(client):
    """What standards must they meet, who assesses them, who may suspend them?"""
    html = page(client, "/en/positions/bi-thu-tinh-uy/")
    assert "The six common standards for every leader" in html
    assert "The sources give no standard specific to this title." in html
    assert "Regulation 366 applies to every individual in the political system, this title included." in html
    assert "historical: document replaced" in html
    assert "/en/positions/bi-thu-huyen-uy/" in html


def test_a_deputy_ministers_page_shows_who_could_suspend_it_under_148(client):
    html = page(client, "/en/positions/thu-truong/")
    assert "/en/positions/thu-tuong/" in html
    assert "15 working days" in html


def test_a_centrally_managed_title_shows_who_assesses_it_each_quarter(client):
    html = page(client, "/en/positions/uy-vien-chinh-thuc-bchtw/")
    assert "/en/authorities/#198-danh-gia-hang-quy" in html
    assert "Quarterly" in html
    assert "Criteria framework" in html


def test_the_assessment_page_shows_the_bands_and_the_unknown_threshold(client):
    html = page(client, "/en/assessment/")
    assert "90 points or more" in html
    assert "score threshold not stated in the sources" in html
    assert "machine-translated Japanese page" in html


def test_the_json_of_every_core_document_conforms_to_the_openapi_description(client):
    for document in Document.objects.core():
        assert_conforms(client.get(f"/en/documents/{document.slug}.json").json(), "DocumentDetail")
    assert_conforms(client.get("/en/positions/tong-bi-thu.json").json(), "PositionDetail")
    assert_conforms(client.get("/vi/assessment.json").json(), "AssessmentPage")


def test_export_then_import_into_an_empty_database_gives_identical_pages(client):
    from django.core.cache import cache

    from reference.services.exports import fixture_export
    from reference.services.imports import FixtureFile, fixture_import
    from tests.reference.services.test_exports import page_body
    from tests.scenario import delete_all_content

    paths = ["/en/documents/365-qd-tw/", "/vi/documents/148-qd-tw/", "/en/positions/tong-bi-thu/", "/en/sources/"]
    before = {path: page_body(client, path) for path in paths}
    exported = fixture_export()
    delete_all_content()
    report = fixture_import(files=[FixtureFile(name="export.json", content=exported.encode())], dry_run=False)
    assert report.ok, report.problems[:3]
    cache.clear()
    for path, body in before.items():
        assert page_body(client, path) == body, path


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("path", ["", "documents/148-qd-tw/", "assessment/", "positions/tong-bi-thu/"])
def test_generated_lists_put_no_space_before_punctuation(client, language, path):
    html = page(client, f"/{language}/{path}")
    main = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main))
    assert re.findall(r"\S{1,20} [,.;:](?=\s|$)", text) == []
