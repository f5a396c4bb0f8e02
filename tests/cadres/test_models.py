"""The cadres models: score bands may not overlap, and the query vocabulary."""

import pytest
from django.db import DatabaseError, transaction

from cadres.models import Authority, ClassificationBand
from regulations.models import Document
from tests.factories import AuthorityFactory, ClassificationBandFactory, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def good():
    return ClassificationBandFactory(code="tot", min_score=70, max_score=90)


def test_the_database_refuses_a_score_band_that_overlaps_another_of_the_same_document(good):
    with pytest.raises(DatabaseError), transaction.atomic():
        ClassificationBand.objects.create(
            document=good.document, code="overlap", order=99, name_vi="x", name_en="x", min_score=85, max_score=95
        )


def test_bands_of_different_documents_may_overlap(good):
    other = ClassificationBandFactory(min_score=85, max_score=95)
    assert other.pk


def test_a_band_whose_threshold_is_unknown_overlaps_nothing(good):
    band = ClassificationBand.objects.create(document=good.document, code="unknown", order=99, name_vi="x", name_en="x")
    assert band.pk
    assert not band.overlaps(good)


def test_editing_a_band_into_an_overlap_is_refused_too(good):
    completed = ClassificationBandFactory(document=good.document, code="hoan-thanh", min_score=50, max_score=70)
    completed.max_score = 75
    with pytest.raises(DatabaseError), transaction.atomic():
        completed.save()


def test_full_clean_names_the_band_it_would_overlap(good):
    band = ClassificationBand(document=good.document, code="x", order=98, name_vi="x", name_en="Overlap", min_score=80)
    with pytest.raises(Exception, match="overlaps"):
        band.full_clean()


def test_current_and_historical_authorities_follow_the_status_of_their_document():
    current = AuthorityFactory()
    replaced = AuthorityFactory(document=DocumentFactory(status=Document.Status.REPLACED))
    assert list(Authority.objects.current()) == [current]
    assert list(Authority.objects.historical()) == [replaced]
    assert replaced.is_historical
    assert not current.is_historical
