"""Reads for the document pages, the home page, the relations page and the sources page.

Each returns a page's worth of records with their numbered sources, in a number of queries that
does not grow with the data; the HTML view and its JSON twin use the same selector, and what
they read of the records is loaded here, so that serialisers and templates run no queries.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast

from cadres.models import (
    Position,
)
from core.citations import Cited, SourceNumbers
from core.data_version import PerVersion
from reference import registry
from reference.graph import Graph, relation_graph
from reference.selectors.changes import Comparison
from reference.selectors.rules import rules
from reference.selectors.sources import kept_sources, sources_by_id, sources_prefetch
from regulations.models import Document, DocumentCitation, Event, KeyPoint, Relation, Source


@dataclass
class FieldValue:
    """One line of a document's metadata card."""

    key: str
    label: str
    cites: list[tuple[int, Source]] = field(default_factory=list)
    disputes: list[tuple[int, Source, DocumentCitation]] = field(default_factory=list)
    notes: list[DocumentCitation] = field(default_factory=list)


@dataclass
class StatusInfo:
    status: str
    replaced_by: list[Document]
    replaced_on: datetime.date | None
    pilot_ends_on: datetime.date | None


@dataclass
class RelationLine:
    verb: str
    other: Document
    relation: Relation
    cites: list[tuple[int, Source]]

    @property
    def outgoing(self) -> bool:
        return self.relation.object_id == self.other.pk


@dataclass
class DocumentRecords:
    """The cadre records a document sets out, each kind in its page order."""

    groups: list[Cited] = field(default_factory=list)
    positions: list[Cited] = field(default_factory=list)
    standards: list[Cited] = field(default_factory=list)
    periods: list[Cited] = field(default_factory=list)
    frameworks: list[Cited] = field(default_factory=list)
    criteria: list[Cited] = field(default_factory=list)
    bands: list[Cited] = field(default_factory=list)
    authorities: list[Cited] = field(default_factory=list)
    training: list[Cited] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass
class DocumentPage:
    document: Document
    fields: dict[str, FieldValue]
    status: StatusInfo
    provisions: list[Cited]
    gaps: list[Cited]
    relations: list[RelationLine]
    events: list[Cited]
    records: DocumentRecords
    sources: list[tuple[int, Source]]
    # The "what changed" pages this document is part of, as the new document or an old one.
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def changes(self) -> Comparison | None:
        """This document's own "what changed" page, if it has one."""
        return next((c for c in self.comparisons if c.document.pk == self.document.pk), None)

    @property
    def changed_in(self) -> list[Comparison]:
        """The "what changed" pages of the documents compared with this one."""
        return [c for c in self.comparisons if c.document.pk != self.document.pk]

    @property
    def key_points(self) -> list[Cited]:
        """Provisions and gaps together, in the document's order."""
        return sorted([*self.provisions, *self.gaps], key=lambda cited: cited.item.order)


def document_status_info(document: Document, *, incoming: list[Relation] | None = None) -> StatusInfo:
    """The facts behind a status banner: what replaced it and from when, or when a pilot ends.
    Reads ``incoming`` (the relations whose object it is, with their subjects), or else the
    prefetched ``relations_in`` (with their subjects).

    A replacement date is given only where a source states when the replacing document took
    effect (its cited effective date). The replacing document's issue date is not one: a
    document may take effect later than it is issued, so pages show it as "issued …"."""
    if incoming is None:
        incoming = list(document.relations_in.all())
    replacements = [relation.subject for relation in incoming if relation.kind == Relation.Kind.REPLACES]
    dates = [doc.effective_on for doc in replacements if doc.effective_on]
    return StatusInfo(
        status=document.status,
        replaced_by=replacements,
        replaced_on=min(dates) if len(dates) == len(replacements) and dates else None,
        pilot_ends_on=document.pilot_ends_on,
    )


def _ids_of(links: QuerySet, column: str) -> Subquery:
    """The ``column`` ids of a document's rows in the link table ``links``, comma-separated."""
    return Subquery(
        links.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(ids=StringAgg(Cast(column, CharField()), Value(",")))
        .values("ids")
    )


@functools.cache
def _documents_for_page() -> QuerySet:
    """The query of ``document_for_page`` but its slug, built once per process (building its
    three subqueries cost a tenth of a cold page); every call filters a copy, never this one."""
    return Document.objects.for_list().annotate(
        topic_ids=_ids_of(Document.topics.through.objects, "topic_id"),
        event_ids=_ids_of(Event.documents.through.objects, "event_id"),
        has_positions=Exists(Position.objects.filter(listed_in=OuterRef("pk"))),
        has_relations=Exists(Relation.objects.filter(Q(subject=OuterRef("pk")) | Q(object=OuterRef("pk")))),
    )


def document_for_page(*, slug: str) -> Document:
    """The document with its issuer and topics, the ids of its events (``event_ids``) and
    whether it has records of the kinds not kept per data version (``has_positions``) and
    relations (``has_relations``), or DoesNotExist. One query: the topics and events come from
    the kept tables by their ids."""
    document = _documents_for_page().get(slug=slug)
    topics = rules().topics
    found = sorted(
        (topics[int(pk)] for pk in (document.topic_ids or "").split(",") if pk),
        key=lambda topic: (topic.order, topic.slug),
    )
    queryset = document.topics.get_queryset()
    queryset._result_cache, queryset._prefetch_done = found, True  # as prefetch_related leaves it
    document._prefetched_objects_cache = {"topics": queryset}
    return document


def _records(document: Document) -> dict[str, list]:
    """What ``document`` sets out, by kind: the rules from those kept per data version, the 368
    groups and the positions listed from the database when it has any."""
    kept = rules()
    records = {
        "groups": [group for group in kept.groups if group.document_id == document.pk],
        "positions": (
            list(Position.objects.filter(listed_in=document).for_list().in_368_order())
            if getattr(document, "has_positions", True)
            else []
        ),
    }
    for name in ("standards", "periods", "frameworks", "criteria", "bands", "authorities", "training"):
        records[name] = [record for record in getattr(kept, name) if record.document_id == document.pk]
    return records


def _events(document: Document) -> list[Event]:
    """The events that disseminated ``document``, oldest first: from those kept per data
    version when ``document_for_page`` gave their ids, else from the database."""
    if hasattr(document, "event_ids"):
        kept = rules().events
        found = [kept.get(int(pk)) for pk in (document.event_ids or "").split(",") if pk]
        # An event missing from the kept ones was added since they were read: ask the database.
        if None not in found:
            return sorted(found, key=lambda event: (event.held_on, event.pk))
    return list(document.events.order_by("held_on"))


# Of the other document of a relation: what its line names (``label``, ``subject``, status
# badge, address), what a status banner dates a replacement by, what the document feed dates an
# entry by and what ``serializers.base.document_ref`` gives. A page that read any other column
# would run a query per relation (tests/reference/views/test_query_counts.py).
RELATED_DOCUMENT_FIELDS = (
    *("slug", "kind", "number", "year", "symbol", "subject_vi", "subject_en", "status"),
    *("issued_on", "effective_on", "updated_at"),
)
RELATION_FIELDS = (
    "kind",
    "note_vi",
    "note_en",
    *(f"{side}__{name}" for side in ("subject", "object") for name in RELATED_DOCUMENT_FIELDS),
)


def document_page(*, document: Document) -> DocumentPage:
    """Everything the document page shows (``document`` from ``document_for_page``, or any
    document at the cost of a query or two), with one numbering of sources shared by the
    metadata, key points, relations, events and records."""
    numbers = SourceNumbers()
    # One document's rows, in their models' order less its first key, the document: ordering
    # by it would join the documents table for nothing. The citations' sources are the kept
    # ones, and their order by source code is the kept sources' order.
    citations = list(document.citations.order_by())
    sources, rank = sources_by_id({citation.source_id for citation in citations}), kept_sources().rank
    for citation in citations:
        citation.source = sources[citation.source_id]
    citations.sort(key=lambda c: (c.field, c.disputes, rank.get(c.source_id, len(rank)), c.source.code))
    key_points = list(document.key_points.order_by("order"))
    # Both directions in one query, in the order of each direction's own, with only the columns
    # of the other documents that a relation line, a status banner and their JSON show: building
    # the SQL of all 62 of their columns cost more than running it.
    # Most documents of a large corpus have none, and building this query's SQL (two joined
    # documents, their columns chosen) cost more than the rest of the page's queries together.
    relations = (
        list(
            Relation.objects.filter(Q(subject=document) | Q(object=document))
            .select_related("subject", "object")
            .only(*RELATION_FIELDS)
        )
        if getattr(document, "has_relations", True)
        else []
    )
    outgoing = [relation for relation in relations if relation.subject_id == document.pk]
    incoming = [relation for relation in relations if relation.object_id == document.pk]
    events = _events(document)
    records = _records(document)
    sources_prefetch([*key_points, *relations, *events, *records["positions"]])

    fields: dict[str, FieldValue] = {}
    for value, label in DocumentCitation.Field.choices:
        entry = FieldValue(key=value, label=label)
        entry.cites = numbers.add(c.source for c in citations if c.field == value and not c.disputes)
        for citation in citations:
            if citation.field != value:
                continue
            if citation.disputes:
                number = numbers.add([citation.source])[0][0]
                entry.disputes.append((number, citation.source, citation))
            elif citation.note_en or citation.note_vi:
                entry.notes.append(citation)
        fields[value] = entry

    provisions = [Cited(point, numbers.add(point.sources.all())) for point in key_points if not point.is_gap]
    gaps = [Cited(point, numbers.add(point.sources.all())) for point in key_points if point.is_gap]
    lines = [
        RelationLine(relation.get_kind_display(), relation.object, relation, numbers.add(relation.sources.all()))
        for relation in outgoing
    ]
    lines += [
        RelationLine(relation.inverse_verb, relation.subject, relation, numbers.add(relation.sources.all()))
        for relation in incoming
    ]
    cited_events = [Cited(event, numbers.add(event.sources.all())) for event in events]
    cited_records = DocumentRecords(
        **{name: [Cited(item, numbers.add(item.sources.all())) for item in items] for name, items in records.items()}
    )
    return DocumentPage(
        document=document,
        fields=fields,
        status=document_status_info(document, incoming=incoming),
        provisions=provisions,
        gaps=gaps,
        relations=lines,
        events=cited_events,
        records=cited_records,
        sources=numbers.listing,
        comparisons=comparisons_of(document),
    )


def comparisons_of(document: Document) -> list[Comparison]:
    """The "what changed" comparisons ``document`` is part of, from those kept per data
    version: its own whole, and each other document's with ``document`` as the one compared."""
    found = []
    for comparison in rules().comparisons:
        if comparison.document.pk == document.pk:
            found.append(comparison)
        elif any(other.pk == document.pk for other in comparison.compared_with):
            found.append(Comparison(comparison.document, [o for o in comparison.compared_with if o.pk == document.pk]))
    return found


def documents_for_list() -> QuerySet:
    """The documents list before its filters: core documents first, then newest first, with
    the issuer and topics each row shows."""
    return Document.objects.for_list().prefetch_related("topics").order_by("-is_core", "-issued_on", "number")


@dataclass
class DocumentRows:
    """Rows of documents, each with the sources of its metadata, and those sources numbered."""

    rows: list[Cited]
    sources: list[tuple[int, Source]]


def document_rows(*, documents: list[Document]) -> DocumentRows:
    """``documents`` with their topics and the sources that support their metadata, in two
    queries whatever their number."""
    prefetch_related_objects(
        documents, "topics", Prefetch("citations", queryset=DocumentCitation.objects.select_related("source"))
    )
    numbers = SourceNumbers()
    rows = [Cited(document, numbers.add(document.supporting_sources())) for document in documents]
    return DocumentRows(rows=rows, sources=numbers.listing)


@dataclass(frozen=True)
class HomePage:
    core: tuple[Document, ...]
    events: tuple[Event, ...]
    counts: dict[str, int]


def home_page() -> HomePage:
    """The core documents (newest first, with what their status badges need), the latest
    events and how much the reference holds: read once per data version and kept in the
    process (``PerVersion``), like the rules, since they change only with the data. The home
    and about pages share them and must treat them as read-only."""
    return _home.get(_home_read)


_home = PerVersion()


def _home_read() -> HomePage:
    core = tuple(
        Document.objects.core()
        .for_list()
        .prefetch_related(Prefetch("relations_in", queryset=Relation.objects.select_related("subject")))
        .order_by("-issued_on", "number")
    )
    events = tuple(Event.objects.newest_first().prefetch_related("documents", "sources")[:4])
    counted = {"documents": Document, "positions": Position, "sources": Source}
    arms = [
        model.objects.order_by()
        .annotate(counted=Value(name))
        .values("counted")
        .annotate(records=Count("pk"))
        .values_list("counted", "records")
        for name, model in counted.items()
    ]
    counts = dict(arms[0].union(*arms[1:], all=True).order_by())  # the three counts in one query
    return HomePage(core=core, events=events, counts={name: counts[name] for name in counted})


# Documents to a page of the timeline: as many as a page of the JSON lists, which keeps the
# reference's own documents (some forty) and the whole graph of their relations on one page.
RELATIONS_PER_PAGE = 50


@dataclass
class RelationsPage:
    documents: list[Document]
    graph: Graph
    page_obj: Page
    comparisons: list[Comparison] = field(default_factory=list)


def relations_page(*, page_number: int | str = 1) -> RelationsPage:
    """One page of the documents by date of issue, ``RELATIONS_PER_PAGE`` to a page, with their
    relations, the graph drawn from those relations, and the documents with a "what changed"
    page. Raises ``InvalidPage`` for a page that does not exist.

    Four queries whatever the size of the data (the count, the page's documents, their
    relations, the topics the graph's lanes need): a page of the full timeline at ten times
    the reference's size took fifty seconds to render."""
    paginator = Paginator(Document.objects.for_list().chronological(), RELATIONS_PER_PAGE)
    page_obj = paginator.page(page_number)
    documents = list(page_obj.object_list)
    prefetch_related_objects(documents, Prefetch("relations_out", queryset=Relation.objects.select_related("object")))
    relations = [relation for document in documents for relation in document.relations_out.all()]
    prefetch_related_objects([*documents, *(relation.object for relation in relations)], "topics")
    return RelationsPage(
        documents=documents,
        graph=relation_graph(relations),
        page_obj=page_obj,
        comparisons=list(rules().comparisons),
    )


# Documents named for each source on the sources page; past these, how many more. The
# reference's own sources are cited by seven documents at most; a source of the generated
# corpus by hundreds, which made a page of fifty sources 2.5 MB.
SOURCE_DOCUMENTS_SHOWN = 10


@dataclass
class SourceUse:
    source: Source
    # Core documents first, then by number; at most ``SOURCE_DOCUMENTS_SHOWN``.
    documents: list[Document]
    # (how many, what) for each other kind of record resting on the source, e.g. (3, "positions").
    records: list[tuple[int, str]]
    # The documents citing the source beyond ``documents``.
    more_documents: int = 0


@dataclass
class SourcesPage:
    uses: list[SourceUse]
    page_obj: Page


def sources_page(*, page_number: int | str = 1) -> SourcesPage:
    """One page of the sources by code, ``Source.PER_PAGE`` to a page, each with what cites it:
    the documents whose facts it supports (through their metadata or key points; the first
    ``SOURCE_DOCUMENTS_SHOWN``, and how many more), and how many records of every other kind
    rest on it. Raises ``InvalidPage`` for a page that does not exist.

    Five queries whatever the size of the data (the count, the page's sources, the documents'
    links to them, the documents named, the other kinds' counts), each limited to the page's
    sources: the whole list, one page, took 20 s and 15 MB on the scale-1 corpus."""
    page_obj = Paginator(Source.objects.order_by("code"), Source.PER_PAGE).page(page_number)
    sources = list(page_obj.object_list)
    ids = [source.pk for source in sources]
    # Each (source, document) pair once, whether the document's metadata or key points cite it,
    # with what orders the documents.
    pairs = (
        DocumentCitation.objects.filter(source_id__in=ids)
        .order_by()
        .values_list("source_id", "document_id", "document__is_core", "document__number")
        .union(
            KeyPoint.sources.through.objects.filter(source_id__in=ids)
            .order_by()
            .values_list(
                "source_id", "keypoint__document_id", "keypoint__document__is_core", "keypoint__document__number"
            )
        )
        .order_by()  # not the citations' default ordering, which a UNION cannot use
    )
    citing: dict[int, list[tuple[bool, int, int]]] = defaultdict(list)
    for source_id, document_id, is_core, number in pairs:
        citing[source_id].append((not is_core, number, document_id))
    for found in citing.values():
        found.sort()
    documents = Document.objects.only("slug", "symbol", "kind", "number", "year", "is_core").in_bulk(
        {document_id for found in citing.values() for *_order, document_id in found[:SOURCE_DOCUMENTS_SHOWN]}
    )

    # How many records of each other kind rest on each source: one UNION ALL of the counts.
    kinds = [kind for kind in registry.KINDS if kind.cited and kind.model not in (Document, KeyPoint)]
    arms = []
    for index, kind in enumerate(kinds):
        links, _record = kind.citation_links()
        arms.append(
            links.filter(source_id__in=ids)
            .order_by()
            .values("source_id")
            .annotate(records=Count("source_id"))
            .values_list(Value(index, output_field=IntegerField()), "source_id", "records")
        )
    found: dict[tuple[int, int], int] = {}
    if arms:
        found = {(index, source_id): records for index, source_id, records in arms[0].union(*arms[1:], all=True)}
    counts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for index, kind in enumerate(kinds):
        meta = kind.model._meta
        for (arm, source_id), records in found.items():
            if arm == index:
                counts[source_id].append((records, meta.verbose_name if records == 1 else meta.verbose_name_plural))
    uses = [
        SourceUse(
            source=source,
            documents=[documents[document_id] for *_order, document_id in citing[source.pk][:SOURCE_DOCUMENTS_SHOWN]],
            records=counts[source.pk],
            more_documents=max(0, len(citing[source.pk]) - SOURCE_DOCUMENTS_SHOWN),
        )
        for source in sources
    ]
    return SourcesPage(uses=uses, page_obj=page_obj)
