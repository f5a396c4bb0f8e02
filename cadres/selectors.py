"""Reads for the cadre pages: everything that applies to one position, the lists behind the
standards, assessment and authorities pages, and the positions × authorities matrix."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Q

from cadres.models import (
    AssessmentPeriod,
    Authority,
    ClassificationBand,
    CriteriaFramework,
    Criterion,
    Position,
    PositionGroup,
    Standard,
    TrainingGroup,
)
from regulations.models import Document, KeyPoint
from regulations.selectors import Cited, SourceNumbers

ASSESSMENT_DOCUMENT = "366-qd-tw"


@dataclass
class InheritedStandard:
    standard: Standard
    via: Standard


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


def _authority_queryset():
    return Authority.objects.for_display().order_by("document__issued_on", "order")


def position_card(*, position: Position) -> PositionCard:
    """Gather what 368, 365, 366/198, 377, 148, 142 and 145 say about ``position``.

    Rules reach a position directly (it is named) or through its 368 group; common
    standards reach every leadership post. The query count does not depend on the data.
    """
    numbers = SourceNumbers()
    placement = numbers.add(position.sources.all())
    group = position.group

    standards = list(Standard.objects.for_display())
    common = [s for s in standards if s.kind == Standard.Kind.COMMON] if position.is_leadership else []
    specific = [s for s in standards if s.kind == Standard.Kind.TITLE and position in s.positions.all()]
    specific_ids = {s.pk for s in specific}
    inherited: list[InheritedStandard] = []
    seen = set(specific_ids)
    frontier = list(specific)
    while frontier:
        current = frontier.pop(0)
        for base in current.builds_on.all():
            if base.pk not in seen:
                seen.add(base.pk)
                inherited.append(InheritedStandard(standard=base, via=current))
                frontier.append(base)

    scope_point = (
        KeyPoint.objects.select_related("document")
        .prefetch_related("sources")
        .filter(document__slug=ASSESSMENT_DOCUMENT, anchor="scope")
        .first()
    )
    group_filter = Q(position_groups=group) if group else Q(pk__in=[])
    frameworks = CriteriaFramework.objects.filter(group_filter).select_related("document").prefetch_related("sources")
    criteria = (
        Criterion.objects.filter(group_filter)
        .select_related("document", "key_point__document")
        .prefetch_related("sources")
        .order_by("document__issued_on", "order")
    )
    assessed_by = Q(document__slug=ASSESSMENT_DOCUMENT)
    if group:
        # 198's periods apply to the cadres its assessment covers: the groups its criteria name.
        assessed_by |= Q(document_id__in=Criterion.objects.filter(position_groups=group).values("document_id"))
    periods = (
        AssessmentPeriod.objects.filter(assessed_by)
        .select_related("document", "key_point__document")
        .prefetch_related("sources")
        .order_by("document__issued_on", "order")
    )
    bands = (
        ClassificationBand.objects.filter(document__slug=ASSESSMENT_DOCUMENT)
        .select_related("document")
        .prefetch_related("sources")
    )

    # Subqueries on the link tables rather than joins, so no DISTINCT over wide rows is needed.
    over = Q(pk__in=Authority.subject_positions.through.objects.filter(position=position).values("authority_id"))
    if group:
        over |= Q(pk__in=Authority.subject_groups.through.objects.filter(positiongroup=group).values("authority_id"))
    authorities = list(_authority_queryset().filter(over))
    held = list(_authority_queryset().filter(actor_position=position))
    training = TrainingGroup.objects.filter(group_filter).select_related("document").prefetch_related("sources")

    def cite(items):
        return [Cited(item, numbers.add(item.sources.all())) for item in items]

    card = PositionCard(
        position=position,
        placement=placement,
        common_standards=cite(common),
        specific_standards=cite(specific),
        inherited_standards=inherited,
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
    for inherited_standard in inherited:
        numbers.add(inherited_standard.standard.sources.all())
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


def position_for_page(slug: str) -> Position:
    return (
        Position.objects.select_related("group__document", "tier", "listed_in", "key_point__document")
        .prefetch_related("sources")
        .get(slug=slug)
    )


@dataclass
class GroupListing:
    group: PositionGroup
    tiers: list[tuple[object, list[Position]]]
    untiered: list[Position]


def positions_by_group() -> tuple[list[GroupListing], list[Position]]:
    """The 368 list as groups and levels, and the positions whose group the sources leave open."""
    positions = list(Position.objects.for_list().in_368_order())
    groups = PositionGroup.objects.select_related("document", "key_point__document").prefetch_related(
        "tiers", "sources"
    )
    listings = []
    for group in groups:
        in_group = [p for p in positions if p.group_id == group.pk]
        tiers = [(tier, [p for p in in_group if p.tier_id == tier.pk]) for tier in group.tiers.all()]
        untiered = [p for p in in_group if p.tier_id is None]
        listings.append(GroupListing(group=group, tiers=tiers, untiered=untiered))
    unplaced = sorted((p for p in positions if p.group_id is None), key=lambda p: p.name)
    return listings, unplaced


def standards_page():
    """Common standards, then title-specific ones with the positions they apply to."""
    standards = list(Standard.objects.for_display().order_by("kind", "order"))
    numbers = SourceNumbers()
    common = [Cited(s, numbers.add(s.sources.all())) for s in standards if s.kind == Standard.Kind.COMMON]
    specific = [Cited(s, numbers.add(s.sources.all())) for s in standards if s.kind == Standard.Kind.TITLE]
    document = Document.objects.filter(slug="365-qd-tw").first()
    leadership_count = Position.objects.filter(is_leadership=True).count()
    return {
        "common": common,
        "specific": specific,
        "sources": numbers.listing,
        "document": document,
        "leadership_count": leadership_count,
    }


def assessment_page():
    """Periods, the score scale and bands, criteria, who assesses whom and training groups."""
    numbers = SourceNumbers()

    def cite(items):
        return [Cited(item, numbers.add(item.sources.all())) for item in items]

    periods = cite(
        AssessmentPeriod.objects.select_related("document", "key_point__document")
        .prefetch_related("sources")
        .order_by("-document__issued_on", "document__number", "order")
    )
    bands = cite(
        ClassificationBand.objects.select_related("document", "key_point__document").prefetch_related("sources")
    )
    frameworks = cite(
        CriteriaFramework.objects.select_related("document").prefetch_related("sources", "position_groups")
    )
    criteria = cite(
        Criterion.objects.select_related("document", "key_point__document")
        .prefetch_related("sources", "position_groups")
        .order_by("-document__issued_on", "order")
    )
    assessors = cite(Authority.objects.for_display().filter(action=Authority.Action.ASSESS))
    training = cite(
        TrainingGroup.objects.select_related("document", "key_point__document").prefetch_related(
            "sources", "position_groups"
        )
    )
    gaps = cite(
        KeyPoint.objects.gaps()
        .filter(document__slug__in=[ASSESSMENT_DOCUMENT, "198-kl-tw"])
        .select_related("document")
        .prefetch_related("sources")
    )
    periods_by_document: OrderedDict = OrderedDict()
    for cited in periods:
        periods_by_document.setdefault(cited.item.document, []).append(cited)
    return {
        "periods_by_document": list(periods_by_document.items()),
        "bands": bands,
        "frameworks": frameworks,
        "criteria": criteria,
        "assessors": assessors,
        "training": training,
        "gaps": gaps,
        "sources": numbers.listing,
    }


def authorities_page(queryset):
    """Authorities grouped by the document that grants them, current documents first."""
    numbers = SourceNumbers()
    grouped: OrderedDict = OrderedDict()

    def newest_current_first(authority):
        issued = authority.document.issued_on
        return (authority.is_historical, -(issued.toordinal() if issued else 0), authority.order)

    for authority in sorted(queryset, key=newest_current_first):
        grouped.setdefault(authority.document, []).append(Cited(authority, numbers.add(authority.sources.all())))
    return {"groups": list(grouped.items()), "sources": numbers.listing}


@dataclass
class MatrixColumn:
    key: str
    label: str
    historical: bool


@dataclass
class MatrixEntry:
    """One authority as a matrix cell shows it, worked out once however many cells it fills."""

    url: str
    action: str
    document: str


@dataclass
class MatrixRow:
    position: Position
    cells: list[list[MatrixEntry]]


def authority_matrix():
    """Positions × who holds authority over them. A column is one actor under one document;
    a cell lists what that actor may do for that position, directly or through its group."""
    authorities = list(
        Authority.objects.select_related("document", "key_point__document")
        .prefetch_related("subject_positions", "subject_groups")
        .order_by("document__issued_on", "order")
    )
    columns: OrderedDict[str, MatrixColumn] = OrderedDict()
    for authority in sorted(authorities, key=lambda a: (a.is_historical, a.actor_en)):
        key = f"{authority.actor_en}|{authority.document_id}"
        columns.setdefault(key, MatrixColumn(key=key, label=authority.actor, historical=authority.is_historical))
    # Ids, not model instances: a membership test is then a set lookup, not a scan of a list.
    reach = [
        (
            MatrixEntry(
                url=authority.get_absolute_url(),
                action=str(authority.get_action_display()),
                document=str(authority.document.label),
            ),
            f"{authority.actor_en}|{authority.document_id}",
            {position.pk for position in authority.subject_positions.all()},
            {group.pk for group in authority.subject_groups.all()},
        )
        for authority in authorities
    ]
    positions = list(Position.objects.for_list().in_368_order())
    rows = []
    for position in positions:
        cells = {key: [] for key in columns}
        for entry, key, position_ids, group_ids in reach:
            if position.pk in position_ids or (position.group_id is not None and position.group_id in group_ids):
                cells[key].append(entry)
        if any(cells.values()):
            rows.append(MatrixRow(position=position, cells=[cells[key] for key in columns]))
    used = [index for index, key in enumerate(columns) if any(row.cells[index] for row in rows)]
    column_list = [list(columns.values())[index] for index in used]
    for row in rows:
        row.cells = [row.cells[index] for index in used]
    return {"columns": column_list, "rows": rows}
