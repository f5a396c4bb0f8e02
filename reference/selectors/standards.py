"""Reads for the standards page: the standards of Regulation 365."""

from __future__ import annotations

from dataclasses import dataclass

from cadres.models import Position, Standard
from core.citations import Cited, SourceNumbers
from reference.selectors.rules import rules
from regulations.models import Document

STANDARDS_DOCUMENT = "365-qd-tw"


@dataclass
class StandardsPage:
    document: Document | None
    common: list[Cited]
    specific: list[Cited]
    leadership_count: int
    sources: list


def standards_page() -> StandardsPage:
    """Common standards, then title-specific ones with the positions they apply to."""
    standards = rules().standards  # in their default order: kind, then order
    numbers = SourceNumbers()
    common = [Cited(s, numbers.add(s.sources.all())) for s in standards if s.kind == Standard.Kind.COMMON]
    specific = [Cited(s, numbers.add(s.sources.all())) for s in standards if s.kind == Standard.Kind.TITLE]
    return StandardsPage(
        document=Document.objects.filter(slug=STANDARDS_DOCUMENT).first(),
        common=common,
        specific=specific,
        leadership_count=Position.objects.filter(is_leadership=True).count(),
        sources=numbers.listing,
    )
