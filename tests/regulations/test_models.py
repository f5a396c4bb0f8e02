import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from regulations.models import Document, KeyPoint, Relation
from tests.factories import DocumentFactory, KeyPointFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_document_with_the_same_symbol_kind_and_issuer():
    existing = Document.objects.get(slug="365-qd-tw")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            slug="another-365",
            kind=existing.kind,
            number=365,
            symbol="365-QĐ/TW",
            issuer=existing.issuer,
            subject_vi="x",
            subject_en="x",
        )


def test_documents_without_a_symbol_do_not_collide():
    first = DocumentFactory(symbol="", number=9001)
    second = DocumentFactory(symbol="", number=9002, issuer=first.issuer)
    assert first.pk != second.pk


def test_the_database_refuses_a_relation_from_a_document_to_itself():
    document = Document.objects.get(slug="365-qd-tw")
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


def test_saving_a_document_derives_its_number_key():
    document = DocumentFactory(symbol="92/2026/NĐ-CP", number=92)
    assert document.number_key == "92/2026/ND-CP"


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


def test_the_vietnamese_citation_names_the_article_and_the_date():
    point = KeyPoint.objects.get(document__slug="366-qd-tw", anchor="art-11")
    assert point.citation_vi == "Điều 11, Quy định số 366-QĐ/TW ngày 30/08/2025"
