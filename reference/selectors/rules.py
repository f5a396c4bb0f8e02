"""The cadre rules and the other small tables most pages read, once per data version, kept in
the process.

Standards, criteria frameworks, criteria, assessment periods, score bands, authorities and
training groups are few (dozens per regulation; they do not grow with the documents, key
points or sources of a large corpus), and most public pages show a selection of them: every
position page gathers what applies to it from all seven kinds, a document page what the
document sets out, the assessment and standards pages most of them. Read with everything their
pages show (sources, documents, key points, the groups and positions they name), they are
filtered in Python instead of being asked for again, kind by kind, on every page: a cold
position page then runs 3 queries instead of 27. The groups of the 368 list, the "what
changed" comparisons, the topics and the events are kept alongside for the same reason. Like
the glossary's matchers they are built again by the first page of a new data version
(``core.data_version.PerVersion``); what a page takes from them must be treated as read-only,
since every thread of the process shares it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection

from cadres.models import (
    AssessmentPeriod,
    Authority,
    ClassificationBand,
    CriteriaFramework,
    Criterion,
    PositionGroup,
    Standard,
    TrainingGroup,
)
from core.data_version import PerVersion
from reference.selectors.changes import Comparison, comparisons
from regulations.models import Event, KeyPoint, Topic

ASSESSMENT_DOCUMENT = "366-qd-tw"


@dataclass(frozen=True)
class Named:
    """Whom a kept rule names and what it cites, read once per data version from its prefetched
    relations. A position page asks it of every rule; asking ``rule.position_groups.all()``
    instead builds a related manager and a queryset each time, about a hundred per page (7% of
    a cold position page's CPU on the benchmark's corpus)."""

    groups: frozenset[int] = frozenset()
    positions: frozenset[int] = frozenset()
    sources: tuple = ()


@dataclass(frozen=True)
class Rules:
    """Every rule, each kind in its model's default order (``Meta.ordering``)."""

    standards: tuple[Standard, ...]
    frameworks: tuple[CriteriaFramework, ...]
    criteria: tuple[Criterion, ...]
    periods: tuple[AssessmentPeriod, ...]
    bands: tuple[ClassificationBand, ...]
    authorities: tuple[Authority, ...]
    training: tuple[TrainingGroup, ...]
    # The key point of Regulation 366 that says whom its assessment covers (position pages).
    assessment_scope: KeyPoint | None
    # The groups of the 368 list with their levels (the positions list, document 368's page).
    groups: tuple[PositionGroup, ...]
    # Every document with a "what changed" page (document and relations pages) and the topics.
    comparisons: tuple[Comparison, ...]
    topics: dict[int, Topic]
    # The events (a few conferences a year) with their sources, by id (document pages).
    events: dict[int, Event]
    # For each standard, framework, criterion, period, band, authority and training group.
    named: dict[object, Named]

    def names(self, record) -> Named:
        """The groups, positions (by primary key) and sources ``record`` names (one of the
        kept rules above)."""
        return self.named[record]


def _read() -> Rules:
    def rows(queryset) -> tuple:
        # Every kind with its document's issuer too: position pages list the documents.
        return tuple(queryset.select_related("document__issuer"))

    def naming(record, *, groups=(), positions=()) -> Named:
        return Named(
            groups=frozenset(group.pk for group in groups),
            positions=frozenset(position.pk for position in positions),
            sources=tuple(record.sources.all()),
        )

    kinds = {
        "standards": rows(Standard.objects.for_display()),
        "frameworks": rows(CriteriaFramework.objects.for_display()),
        "criteria": rows(Criterion.objects.for_display()),
        "periods": rows(AssessmentPeriod.objects.for_display()),
        "bands": rows(ClassificationBand.objects.for_display()),
        "authorities": rows(Authority.objects.for_display()),
        "training": rows(TrainingGroup.objects.for_display()),
    }
    named = {
        **{standard: naming(standard, positions=standard.positions.all()) for standard in kinds["standards"]},
        **{
            record: naming(record, groups=record.position_groups.all())
            for record in (*kinds["frameworks"], *kinds["criteria"], *kinds["training"])
        },
        **{record: naming(record) for record in (*kinds["periods"], *kinds["bands"])},
        **{
            authority: naming(
                authority, groups=authority.subject_groups.all(), positions=authority.subject_positions.all()
            )
            for authority in kinds["authorities"]
        },
    }
    return Rules(
        **kinds,
        assessment_scope=(
            KeyPoint.objects.select_related("document__issuer")
            .prefetch_related("sources")
            .filter(document__slug=ASSESSMENT_DOCUMENT, anchor="scope")
            .first()
        ),
        groups=tuple(PositionGroup.objects.for_display()),
        comparisons=tuple(comparisons()),
        topics=Topic.objects.in_bulk(),
        events=Event.objects.prefetch_related("sources").in_bulk(),
        named=named,
    )


_rules = PerVersion()


def rules() -> Rules:
    """The rules of the current data version (read on the first call for a version)."""
    return _rules.get(_read)


def forget() -> None:
    """Drop the kept rules and every other value kept per data version (the home page's
    records, the glossary's matchers, the search's word lists): the next call reads them again
    (for tests that write records without moving the data version)."""
    PerVersion.forget_every()


def ordered[T](items: Iterable[T], *keys: tuple[Callable[[T], object], bool]) -> list[T]:
    """``items`` sorted as the database sorts ``ORDER BY`` over ``keys`` ((value, descending)
    pairs): a null sorts as the largest value on PostgreSQL and as the smallest on SQLite, so a
    page lists rules in the same order as when they came straight from the database."""
    nulls_largest = connection.features.nulls_order_largest
    result = list(items)
    for value, descending in reversed(keys):

        def key(item, value=value):
            found = value(item)
            return (found is None) == nulls_largest, found if found is not None else 0

        result.sort(key=key, reverse=descending)
    return result
