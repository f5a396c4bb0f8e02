"""The relations graph, drawn on the server as SVG so that it needs no script.

The horizontal axis is time: every year from the first to the last gets the same width, so
the gaps between documents are true to the calendar. Rows are subject lanes (a document's
first topic, named in full above the lane), and documents issued in the same year on the
same subject stack inside their cell. Arrows run from the document that replaces, guides,
implements or applies to the one it acts on. The graph is drawn at its natural size and
scrolls inside its own region; nothing is shrunk or cut to fit a screen. The same relations
are listed as text on the page, so the picture is never the only way to read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from regulations.models import Document, Relation

YEAR_WIDTH = 116
NODE_WIDTH = 108
NODE_HEIGHT = 40
ROW_GAP = 10
LANE_LABEL = 24  # the lane's name, on a line of its own above its documents
LANE_PADDING = 10
LEFT = 16
TOP = 40
EDGE_COLOURS = {
    Relation.Kind.REPLACES: "#7f1d1d",
    Relation.Kind.GUIDES: "#0b4f9c",
    Relation.Kind.IMPLEMENTS: "#14532d",
    Relation.Kind.APPLIES: "#7c4a03",
    Relation.Kind.BASED_ON: "#5b2a86",
    Relation.Kind.RELATED: "#71717a",
}


@dataclass
class Node:
    document: Document
    x: float
    y: float

    @property
    def lines(self) -> list[str]:
        """The box's label in one or two lines: a label such as "Kết luận 165 (2025)" is too
        wide for one, so its year in brackets goes to a second line."""
        label = str(self.document.label)
        head, bracket, tail = label.partition(" (")
        return [head, bracket.strip() + tail] if bracket else [label]

    @property
    def centre_x(self) -> float:
        return self.x + NODE_WIDTH / 2


@dataclass
class Edge:
    kind: str
    path: str
    colour: str
    label: str
    marker: int  # 1-based position of the kind in the legend, naming its arrowhead


@dataclass
class Lane:
    label: str
    y: float
    height: float
    label_x: float = LEFT  # above the lane's first document, so the name is beside what it names


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    lanes: list[Lane]
    years: list[tuple[int, float]]
    legend: list[tuple[str, str]]
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


def relation_graph(relations: list[Relation]) -> Graph:
    """Lay out every document that takes part in one of ``relations``. They come from
    ``selectors.documents.relations_page`` (subject and object loaded, with their topics)."""
    documents = {}
    for relation in relations:
        documents[relation.subject_id] = relation.subject
        documents[relation.object_id] = relation.object
    nodes_docs = [d for d in documents.values() if d.issue_year]
    issue_years = {d.issue_year for d in nodes_docs}
    years = list(range(min(issue_years), max(issue_years) + 1)) if issue_years else []

    def year_x(year: int) -> float:
        return LEFT + (year - years[0]) * YEAR_WIDTH

    def lane_of(document):
        topics = list(document.topics.all())
        return topics[0] if topics else None

    lanes_order: list = []
    for document in sorted(nodes_docs, key=lambda d: (d.issue_year, d.number)):
        lane = lane_of(document)
        if lane not in lanes_order:
            lanes_order.append(lane)
    lanes_order.sort(key=lambda topic: (topic is None, topic.order if topic else 0))

    cells: dict[tuple, list[Document]] = {}
    for document in nodes_docs:
        cells.setdefault((lane_of(document), document.issue_year), []).append(document)
    lanes, positions = [], {}
    y = TOP
    for lane in lanes_order:
        depth = max(len(docs) for (cell_lane, _year), docs in cells.items() if cell_lane == lane)
        height = LANE_LABEL + depth * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 2 * LANE_PADDING
        first_year = min(year for cell_lane, year in cells if cell_lane == lane)
        label_x = year_x(first_year) + (YEAR_WIDTH - NODE_WIDTH) / 2
        lanes.append(Lane(label=lane.name if lane else _("Other"), y=y, height=height, label_x=label_x))
        for (cell_lane, year), docs in cells.items():
            if cell_lane != lane:
                continue
            for stack, document in enumerate(
                sorted(docs, key=lambda d: (d.issued_on or d.created_at.date(), d.number))
            ):
                x = year_x(year) + (YEAR_WIDTH - NODE_WIDTH) / 2
                top = y + LANE_LABEL + LANE_PADDING + stack * (NODE_HEIGHT + ROW_GAP)
                positions[document.pk] = Node(document, x, top)
        y += height + 8

    edges = []
    for relation in relations:
        start, end = positions.get(relation.subject_id), positions.get(relation.object_id)
        if not (start and end):
            continue
        edges.append(
            Edge(
                kind=relation.kind,
                path=_curve(start, end),
                colour=EDGE_COLOURS[relation.kind],
                label=" ".join((relation.subject.label, relation.get_kind_display(), relation.object.label)),
                marker=Relation.Kind.values.index(relation.kind) + 1,
            )
        )
    width = LEFT + len(years) * YEAR_WIDTH + 56  # room for the loops of same-year relations
    return Graph(
        width=width,
        height=int(y + 10),
        nodes=list(positions.values()),
        edges=edges,
        lanes=lanes,
        years=[(year, year_x(year) + YEAR_WIDTH / 2) for year in years],
        legend=[(str(label), EDGE_COLOURS[kind]) for kind, label in Relation.Kind.choices],
    )


def _curve(start: Node, end: Node) -> str:
    """A cubic curve from the side of one box to the facing side of the other."""
    mid_start_y = start.y + NODE_HEIGHT / 2
    mid_end_y = end.y + NODE_HEIGHT / 2
    if end.x > start.x:
        x1, x2 = start.x + NODE_WIDTH, end.x
    elif end.x < start.x:
        x1, x2 = start.x, end.x + NODE_WIDTH
    else:  # same column: loop out to the right
        x1 = start.x + NODE_WIDTH
        return _path((x1, mid_start_y), (x1 + 40, mid_start_y), (x1 + 40, mid_end_y), (x1 + 4, mid_end_y))
    bend = (x2 - x1) / 2
    return _path((x1, mid_start_y), (x1 + bend, mid_start_y), (x2 - bend, mid_end_y), (x2, mid_end_y))


def _path(start, control_1, control_2, end) -> str:
    def point(xy):
        return f"{xy[0]:.0f},{xy[1]:.0f}"

    return f"M{point(start)} C{point(control_1)} {point(control_2)} {point(end)}"
