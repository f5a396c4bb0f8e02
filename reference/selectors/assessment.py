"""Reads for the assessment page: periods, scale and bands, criteria, assessors, training."""

from __future__ import annotations

from dataclasses import dataclass

from cadres.models import Authority
from core.citations import Cited, SourceNumbers
from reference.selectors.rules import ordered, rules
from regulations.models import Document, KeyPoint

GAPS_FROM = ("366-qd-tw", "198-kl-tw")


@dataclass
class AssessmentPage:
    periods_by_document: list[tuple[Document, list[Cited]]]
    bands: list[Cited]
    frameworks: list[Cited]
    criteria: list[Cited]
    assessors: list[Cited]
    training: list[Cited]
    gaps: list[Cited]
    sources: list

    @property
    def periods(self) -> list[Cited]:
        return [cited for _document, periods in self.periods_by_document for cited in periods]


def assessment_page() -> AssessmentPage:
    """Periods (newest document first), the score bands, criteria frameworks and criteria, who
    assesses whom, the training groups and what the sources leave open about assessment."""
    numbers = SourceNumbers()

    def cite(items):
        return [Cited(item, numbers.add(item.sources.all())) for item in items]

    kept = rules()

    def newest_first(items):
        return ordered(items, (lambda item: item.document.issued_on, True), (lambda item: item.order, False))

    periods = cite(
        ordered(
            kept.periods,
            (lambda period: period.document.issued_on, True),
            (lambda period: period.document.number, False),
            (lambda period: period.order, False),
        )
    )
    page = AssessmentPage(
        periods_by_document=[],
        bands=cite(kept.bands),
        frameworks=cite(kept.frameworks),
        criteria=cite(newest_first(kept.criteria)),
        assessors=cite(authority for authority in kept.authorities if authority.action == Authority.Action.ASSESS),
        training=cite(kept.training),
        gaps=cite(
            KeyPoint.objects.gaps()
            .filter(document__slug__in=GAPS_FROM)
            .select_related("document")
            .prefetch_related("sources")
        ),
        sources=[],
    )
    by_document: dict[Document, list[Cited]] = {}
    for cited in periods:
        by_document.setdefault(cited.item.document, []).append(cited)
    page.periods_by_document = list(by_document.items())
    page.sources = numbers.listing
    return page
