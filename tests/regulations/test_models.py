"""The regulations models: what the database refuses, and what a document says of itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from regulations.models import Document, KeyPoint, Relation
from tests.factories import DocumentFactory, KeyPointFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_document_with_the_same_symbol_kind_and_issuer():
    existing = DocumentFactory(number=365)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            slug="another-365",
            kind=existing.kind,
            number=365,
            symbol=existing.symbol,
            issuer=existing.issuer,
            subject_vi="x",
            subject_en="x",
        )


def test_documents_without_a_symbol_do_not_collide():
    first = DocumentFactory(symbol="", number=9001)
    second = DocumentFactory(symbol="", number=9002, issuer=first.issuer)
    assert first.pk != second.pk


def test_the_database_refuses_a_relation_from_a_document_to_itself():
    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(subject=document, object=document, kind=Relation.Kind.RELATED)


def test_key_points_of_one_document_cannot_share_an_order():
    point = KeyPointFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyPoint.objects.create(document=point.document, order=point.order, anchor="other", text_vi="a", text_en="a")


def test_an_effective_date_before_the_issue_date_is_invalid():
    document = DocumentFactory.build(issued_on=datetime.date(2025, 1, 2), effective_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["issuer"])
    assert "effective date" in str(error.value)


def test_a_year_that_contradicts_the_date_of_issue_is_invalid():
    document = DocumentFactory.build(issued_on=datetime.date(2025, 1, 2), year=2024)
    with pytest.raises(ValidationError, match="does not match"):
        document.full_clean(exclude=["issuer"])


@pytest.mark.parametrize(
    ("symbol", "number", "key"),
    [("92/2026/NĐ-CP", 92, "92/2026/ND-CP"), ("365-QĐ/TW", 365, "365-QD/TW"), ("", 89, "89")],
)
def test_the_number_key_is_the_folded_symbol_or_the_bare_number(symbol, number, key):
    assert Document(symbol=symbol, number=number).compute_number_key() == key


def test_status_is_derived_from_stated_facts_only():
    today = datetime.date(2026, 11, 22)
    unknown = Document(issued_on=datetime.date(2025, 8, 30))
    assert unknown.derive_status(replaced=False, today=today) == Document.Status.UNKNOWN
    in_force = Document(issued_on=datetime.date(2025, 10, 8), effective_on=datetime.date(2025, 10, 8))
    assert in_force.derive_status(replaced=False, today=today) == Document.Status.IN_FORCE
    pilot = Document(issued_on=datetime.date(2024, 4, 23), pilot_years=5)
    assert pilot.derive_status(replaced=False, today=today) == Document.Status.PILOT
    assert pilot.derive_status(replaced=False, today=datetime.date(2030, 1, 1)) == Document.Status.UNKNOWN
    assert in_force.derive_status(replaced=True, today=today) == Document.Status.REPLACED
    # Checked, and no replacement reported, but no effective date: current, not "in force since".
    checked = Document(issued_on=datetime.date(2025, 8, 30), status_checked_on=datetime.date(2026, 11, 1))
    assert checked.derive_status(replaced=False, today=today) == Document.Status.CURRENT
    assert checked.derive_status(replaced=True, today=today) == Document.Status.REPLACED


def test_a_pilot_from_29_february_ends_on_28_february():
    assert Document(issued_on=datetime.date(2024, 2, 29), pilot_years=1).pilot_ends_on == datetime.date(2025, 2, 28)


def test_the_vietnamese_citation_names_the_article_the_date_and_the_issuer():
    document = DocumentFactory(number=366, issued_on=datetime.date(2025, 8, 30), issuer__name_vi="Bộ Chính trị")
    point = KeyPointFactory(document=document, article=11, clause="")
    assert point.citation_vi == "Điều 11, Quy định số 366-QĐ/TW ngày 30/08/2025 của Bộ Chính trị"
    assert KeyPointFactory(document=document, article=4, clause="2").citation_vi.startswith("Khoản 2, Điều 4,")


def test_the_english_citation_spells_out_the_kind_the_date_and_the_issuer():
    document = DocumentFactory(number=365, issued_on=datetime.date(2025, 8, 30), issuer__name_en="Politburo")
    assert document.citation_en() == "Regulation No. 365-QĐ/TW of 30 August 2025 of the Politburo"
    point = KeyPointFactory(document=document, article=4, clause="2")
    assert point.citation_en == "Clause 2, Article 4, Regulation No. 365-QĐ/TW of 30 August 2025 of the Politburo"


def test_a_citation_says_only_what_the_record_holds():
    document = DocumentFactory(
        kind=Document.Kind.CONCLUSION, number=20, year=2022, symbol="", issued_on=None, issuer=None
    )
    assert document.citation_en() == "Conclusion No. 20 (2022)"
    assert document.citation_vi() == "Kết luận số 20 (2022)"


def test_a_document_without_a_symbol_is_named_by_kind_number_and_year():
    document = Document(kind=Document.Kind.REGULATION, number=89, year=2017, symbol="")
    assert document.label == "Regulation 89 (2017)"
    assert document.label_vi == "Quy định số 89 (2017)"


def test_a_documents_label_names_its_kind_in_the_language_of_the_page():
    document = Document(kind=Document.Kind.CONCLUSION, number=20, year=2022, symbol="")
    with translation.override("vi"):
        assert document.label == "Kết luận 20 (2022)"
        assert document.label_en == "Conclusion 20 (2022)"
    with translation.override("en"):
        assert document.label == "Conclusion 20 (2022)"
    with translation.override(None):  # no language active: the default's, as get_kind_display gives
        assert document.label == f"{document.get_kind_display()} 20 (2022)"


def test_the_sources_supporting_a_document_leave_out_those_that_dispute_it():
    supporting, disputing = SourceFactory(), SourceFactory()
    document = DocumentFactory(cited=supporting)
    document.citations.create(field="signer", source=disputing, disputes=True, note_en="Settled by the text.")
    assert document.supporting_sources() == [supporting]


def test_natural_keys_name_records_by_their_identifying_fields():
    point = KeyPointFactory(anchor="art-2", document__number=368)
    assert point.natural_key() == ("368-qd-tw", "art-2")
    assert KeyPoint.objects.get_by_natural_key("368-qd-tw", "art-2") == point
    with pytest.raises(KeyPoint.DoesNotExist):
        KeyPoint.objects.get_by_natural_key("368-qd-tw")
