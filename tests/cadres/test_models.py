import pytest
from django.db import DatabaseError, transaction

from cadres.models import ClassificationBand

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_score_band_that_overlaps_another_of_the_same_document():
    good = ClassificationBand.objects.get(document__slug="366-qd-tw", code="tot")
    with pytest.raises(DatabaseError), transaction.atomic():
        ClassificationBand.objects.create(
            document=good.document,
            code="overlap",
            order=9,
            name_vi="x",
            name_en="x",
            min_score=85,
            max_score=95,
        )


def test_a_band_whose_threshold_is_unknown_overlaps_nothing():
    good = ClassificationBand.objects.get(document__slug="366-qd-tw", code="tot")
    band = ClassificationBand.objects.create(document=good.document, code="unknown", order=9, name_vi="x", name_en="x")
    assert band.pk
    assert not band.overlaps(good)


def test_editing_a_band_into_an_overlap_is_refused_too():
    completed = ClassificationBand.objects.get(document__slug="366-qd-tw", code="hoan-thanh")
    completed.max_score = 75
    with pytest.raises(DatabaseError), transaction.atomic():
        completed.save()
