"""Reads for the position pages: everything that applies to one position, and the 368 list."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db.models import QuerySet

from cadres.models import (
    Authority,
    Position,
    PositionGroup,
    PositionTier,
    Standard,
)
from core.citations import Cited, SourceNumbers
from reference.selectors.rules import ASSESSMENT_DOCUMENT, ordered, rules
from reference.selectors.sources import sources_prefetch
from regulations.models import Document


@dataclass
class InheritedStandard:
    standard: Standard
    via: Standard
    cites: list = field(default_factory=list)

    @property
    def alternatives(self) -> list[Standard]:
        """The other standards ``via`` accepts instead of this one, when meeting any one of
        them is enough (empty when ``via`` requires all it builds on)."""
        if self.via.builds_on_rule != Standard.BuildsOnRule.ANY:
            return []
        return [base for base in self.via.builds_on.all() if base.pk != self.standard.pk]


@dataclass
class PositionCard:
    """Every rule the reference holds for one position, each with its numbered sources."""

    position: Position
    placement: list[tuple[int, object]]
    common_standards: list[Cited]
    specific_standards: list[Cited]
    inherited_standards: list[InheritedStandard]
    assessment_scope: Cited | None
    frameworks: list[Cited]
    criteria: list[Cited]
    periods: list[Cited]
    bands: list[Cited]
    assessors: list[Cited]
    authorities_over: list[Cited]
    authorities_historical: list[Cited]
    authorities_held: list[Cited]
    training_groups: list[Cited]
    sources: list
    documents: list[Document] = field(default_factory=list)


@functools.cache
def _positions_for_page() -> QuerySet:
    """The query of ``position_for_page`` but its slug, built once per process; every call
    filters a copy, never this one."""
    return Position.objects.select_related("listed_in", "key_point__document")


def position_for_page(*, slug: str) -> Position:
    """The position with its placement in the 368 list, or DoesNotExist. Its group (with the
    group's document) and level come from the groups kept per data version (``rules``): joining
    them too took PostgreSQL longer to plan (eight tables) than to run."""
    position = _positions_for_page().get(slug=slug)
    sources_prefetch([position])
    group = next((group for group in rules().groups if group.pk == position.group_id), None)
    if group is not None:
        position.group = group
        tier = next((tier for tier in group.tiers.all() if tier.pk == position.tier_id), None)
        if tier is not None:
            position.tier = tier
    # Otherwise (no group, or one written since the kept groups were read) the group and
    # level are read when first used, as a plain foreign key is.
    return position


def _inherited(specific: list[Standard], by_pk: dict[int, Standard]) -> list[tuple[Standard, Standard]]:
    """The standards the specific ones build on, and those they build on in turn, each with the
    standard that requires it (taken from ``by_pk``, which has everything a card shows loaded)."""
    inherited = []
    seen = {standard.pk for standard in specific}
    frontier = list(specific)
    while frontier:
        current = frontier.pop(0)
        for base in current.builds_on.all():
            if base.pk not in seen:
                seen.add(base.pk)
                inherited.append((by_pk[base.pk], current))
                frontier.append(by_pk[base.pk])
    return inherited


def _by_issue_date(items):
    return ordered(items, (lambda item: item.document.issued_on, False), (lambda item: item.order, False))


def position_card(*, position: Position) -> PositionCard:
    """Gather what 368, 365, 366/198, 377, 148, 142 and 145 say about ``position`` (from
    ``position_for_page``).

    Rules reach a position directly (it is named) or through its 368 group; common
    standards reach every leadership post. They come from the rules kept for the data version
    (``reference.selectors.rules``), so the card itself runs no query.
    """
    kept = rules()
    numbers = SourceNumbers()
    placement = numbers.add(position.sources.all())
    group = position.group

    def in_group(record) -> bool:
        return group is not None and group.pk in kept.names(record).groups

    standards = kept.standards
    by_pk = {standard.pk: standard for standard in standards}
    common = [s for s in standards if s.kind == Standard.Kind.COMMON] if position.is_leadership else []
    specific = [s for s in standards if s.kind == Standard.Kind.TITLE and position.pk in kept.names(s).positions]

    scope_point = kept.assessment_scope
    frameworks = [framework for framework in kept.frameworks if in_group(framework)]
    criteria = _by_issue_date(criterion for criterion in kept.criteria if in_group(criterion))
    # 198's periods apply to the cadres its assessment covers: the groups its criteria name.
    assessing = {criterion.document_id for criterion in kept.criteria if in_group(criterion)}
    periods = _by_issue_date(
        period
        for period in kept.periods
        if period.document.slug == ASSESSMENT_DOCUMENT or period.document_id in assessing
    )
    bands = [band for band in kept.bands if band.document.slug == ASSESSMENT_DOCUMENT]

    authorities = _by_issue_date(
        authority
        for authority in kept.authorities
        if position.pk in kept.names(authority).positions or in_group(authority)
    )
    held = _by_issue_date(authority for authority in kept.authorities if authority.actor_position_id == position.pk)
    training = [training for training in kept.training if in_group(training)]

    def cite(items):
        return [Cited(item, numbers.add(kept.names(item).sources)) for item in items]

    card = PositionCard(
        position=position,
        placement=placement,
        common_standards=cite(common),
        specific_standards=cite(specific),
        inherited_standards=[],
        assessment_scope=Cited(scope_point, numbers.add(scope_point.sources.all())) if scope_point else None,
        frameworks=cite(frameworks),
        criteria=cite(criteria),
        periods=cite(periods),
        bands=cite(bands),
        assessors=cite(a for a in authorities if not a.is_historical and a.action == Authority.Action.ASSESS),
        authorities_over=cite(a for a in authorities if not a.is_historical and a.action != Authority.Action.ASSESS),
        authorities_historical=cite(a for a in authorities if a.is_historical),
        authorities_held=cite(held),
        training_groups=cite(training),
        sources=[],
    )
    card.inherited_standards = [
        InheritedStandard(standard=base, via=via, cites=numbers.add(kept.names(base).sources))
        for base, via in _inherited(specific, by_pk)
    ]
    card.sources = numbers.listing
    documents = {}
    for cited_list in (
        card.specific_standards,
        card.common_standards,
        card.criteria,
        card.periods,
        card.bands,
        card.assessors,
        card.authorities_over,
        card.authorities_historical,
        card.authorities_held,
        card.training_groups,
    ):
        for cited in cited_list:
            documents[cited.item.document.pk] = cited.item.document
    if position.listed_in:
        documents[position.listed_in.pk] = position.listed_in
    card.documents = sorted(documents.values(), key=lambda d: d.issued_on or d.created_at.date(), reverse=True)
    return card


@dataclass
class GroupListing:
    group: PositionGroup
    cites: list
    tiers: list[tuple[PositionTier, list[Position]]]
    untiered: list[Position]


@dataclass
class PositionList:
    """The 368 list: its groups and levels, and the positions whose group the sources leave open."""

    groups: list[GroupListing]
    unplaced: list[Position]
    cites: dict[int, list]  # each position's numbered sources, by primary key
    sources: list

    @property
    def positions(self) -> list[Position]:
        """Every position in list order: groups and levels, each group's untiered, the unplaced."""
        return [
            *(p for listing in self.groups for _tier, positions in listing.tiers for p in positions),
            *(p for listing in self.groups for p in listing.untiered),
            *self.unplaced,
        ]


def position_list() -> PositionList:
    """The 368 list as groups and levels, with every position and its sources."""
    positions = list(Position.objects.for_list().prefetch_related("sources").in_368_order())
    numbers = SourceNumbers()
    listings = []
    for group in rules().groups:
        in_group = [p for p in positions if p.group_id == group.pk]
        cites = numbers.add(group.sources.all())
        for tier in group.tiers.all():
            numbers.add(tier.sources.all())
        listings.append(
            GroupListing(
                group=group,
                cites=cites,
                tiers=[(tier, [p for p in in_group if p.tier_id == tier.pk]) for tier in group.tiers.all()],
                untiered=[p for p in in_group if p.tier_id is None],
            )
        )
    unplaced = sorted((p for p in positions if p.group_id is None), key=lambda p: p.name)
    cites = {position.pk: numbers.add(position.sources.all()) for position in positions}
    return PositionList(groups=listings, unplaced=unplaced, cites=cites, sources=numbers.listing)
