"""Reads for the authorities pages: who may do what to whom, as a list and as a matrix."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from cadres.models import Authority, Position
from core.citations import Cited, SourceNumbers
from regulations.models import Document


def authorities_for_list() -> QuerySet:
    """The authorities list before its filters, with what each card shows."""
    return Authority.objects.for_display()


@dataclass
class AuthoritiesPage:
    groups: list[tuple[Document, list[Cited]]]
    sources: list

    @property
    def authorities(self) -> list[Cited]:
        return [cited for _document, authorities in self.groups for cited in authorities]


def authorities_page(*, authorities: QuerySet) -> AuthoritiesPage:
    """``authorities`` (from ``authorities_for_list``, filtered) grouped by the document that
    grants them, current documents first, newest first."""
    numbers = SourceNumbers()
    grouped: dict[Document, list[Cited]] = {}

    def newest_current_first(authority):
        issued = authority.document.issued_on
        return (authority.is_historical, -(issued.toordinal() if issued else 0), authority.order)

    for authority in sorted(authorities, key=newest_current_first):
        grouped.setdefault(authority.document, []).append(Cited(authority, numbers.add(authority.sources.all())))
    return AuthoritiesPage(groups=list(grouped.items()), sources=numbers.listing)


@dataclass
class MatrixColumn:
    key: str
    label: str
    document: str
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


@dataclass
class MatrixAction:
    """One kind of authority the data has, for the legend: how many rules grant it, and how
    many of those name positions (so reach the matrix) rather than describe people in words."""

    action: str
    label: str
    count: int
    placed: int


@dataclass
class UnplacedAuthority:
    """An authority over people the sources describe in words, not as positions or groups the
    reference lists: no matrix cell can hold it, so the page lists it under the table."""

    url: str
    actor: str
    action: str
    subject: str
    document: str
    historical: bool


@dataclass
class AuthorityMatrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    actions: list[MatrixAction]
    unplaced: list[UnplacedAuthority]


def authority_matrix() -> AuthorityMatrix:
    """Positions × who holds authority over them. A column is one actor under one document;
    a cell lists what that actor may do for that position, directly or through its group."""
    authorities = list(
        Authority.objects.select_related("document", "key_point__document__issuer")
        .prefetch_related("subject_positions", "subject_groups")
        .order_by("document__issued_on", "order")
    )
    columns: dict[str, MatrixColumn] = {}
    for authority in sorted(authorities, key=lambda a: (a.is_historical, a.actor_en)):
        key = f"{authority.actor_en}|{authority.document_id}"
        columns.setdefault(
            key,
            MatrixColumn(
                key=key,
                label=authority.actor,
                document=str(authority.document.label),
                historical=authority.is_historical,
            ),
        )
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
            authority,
        )
        for authority in authorities
    ]
    rows = []
    for position in Position.objects.for_list().in_368_order():
        cells: dict[str, list[MatrixEntry]] = {key: [] for key in columns}
        for entry, key, position_ids, group_ids, _authority in reach:
            if position.pk in position_ids or (position.group_id is not None and position.group_id in group_ids):
                cells[key].append(entry)
        if any(cells.values()):
            rows.append(MatrixRow(position=position, cells=[cells[key] for key in columns]))
    used = [index for index, key in enumerate(columns) if any(row.cells[index] for row in rows)]
    column_list = [list(columns.values())[index] for index in used]
    for row in rows:
        row.cells = [row.cells[index] for index in used]
    placed = {authority.pk for _entry, _key, position_ids, group_ids, authority in reach if position_ids or group_ids}
    actions = [
        MatrixAction(
            action=action,
            label=str(label),
            count=sum(1 for authority in authorities if authority.action == action),
            placed=sum(1 for authority in authorities if authority.action == action and authority.pk in placed),
        )
        for action, label in Authority.Action.choices
        if any(authority.action == action for authority in authorities)
    ]
    unplaced = [
        UnplacedAuthority(
            url=authority.get_absolute_url(),
            actor=authority.actor,
            action=str(authority.get_action_display()),
            subject=authority.subject,
            document=str(authority.document.label),
            historical=authority.is_historical,
        )
        for authority in sorted(authorities, key=lambda a: (a.is_historical, a.action, a.actor_en))
        if authority.pk not in placed
    ]
    return AuthorityMatrix(columns=column_list, rows=rows, actions=actions, unplaced=unplaced)
