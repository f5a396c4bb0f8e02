"""Reads that gather a page's worth of records, across both apps, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Prefetch

from regulations.models import Document, DocumentCitation, Event, KeyPoint, Relation, Source


class SourceNumbers:
    """Numbers the sources of one page in order of first citation, so that each fact can
    point to an entry of the page's numbered source list."""

    def __init__(self):
        self._numbers: dict[int, int] = {}
        self._sources: list[Source] = []

    def add(self, sources) -> list[tuple[int, Source]]:
        cited = []
        for source in sources:
            if source.pk not in self._numbers:
                self._sources.append(source)
                self._numbers[source.pk] = len(self._sources)
            cited.append((self._numbers[source.pk], source))
        return sorted(cited, key=lambda pair: pair[0])

    @property
    def listing(self) -> list[tuple[int, Source]]:
        return [(number, source) for number, source in enumerate(self._sources, start=1)]


@dataclass
class Cited:
    """A record together with the numbered sources it cites on this page."""

    item: object
    cites: list[tuple[int, Source]]


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


@dataclass
class DocumentPage:
    document: Document
    fields: dict[str, FieldValue]
    status: StatusInfo
    provisions: list[Cited]
    gaps: list[Cited]
    relations: list[RelationLine]
    events: list[Cited]
    records: dict[str, list[Cited]]
    sources: list[tuple[int, Source]]


def document_status_info(document: Document) -> StatusInfo:
    """The facts behind a status banner: what replaced it and when, or when a pilot ends."""
    replacements = [
        relation.subject for relation in document.relations_in.all() if relation.kind == Relation.Kind.REPLACES
    ]
    dates = [doc.effective_on or doc.issued_on for doc in replacements if doc.effective_on or doc.issued_on]
    return StatusInfo(
        status=document.status,
        replaced_by=replacements,
        replaced_on=min(dates) if dates else None,
        pilot_ends_on=document.pilot_ends_on,
    )


def document_page(*, document: Document) -> DocumentPage:
    """Everything the document page shows, with one shared numbering of sources."""
    from cadres.models import (
        AssessmentPeriod,
        Authority,
        ClassificationBand,
        CriteriaFramework,
        Criterion,
        Position,
        Standard,
        TrainingGroup,
    )

    numbers = SourceNumbers()
    citations = list(document.citations.select_related("source"))
    fields: dict[str, FieldValue] = {}
    for value, label in DocumentCitation.Field.choices:
        entry = FieldValue(key=value, label=label)
        supporting = [c.source for c in citations if c.field == value and not c.disputes]
        entry.cites = numbers.add(supporting)
        for citation in citations:
            if citation.field != value:
                continue
            if citation.disputes:
                number = numbers.add([citation.source])[0][0]
                entry.disputes.append((number, citation.source, citation))
            elif citation.note_en or citation.note_vi:
                entry.notes.append(citation)
        fields[value] = entry

    key_points = list(document.key_points.prefetch_related("sources"))
    provisions = [
        Cited(point, numbers.add(point.sources.all())) for point in key_points if point.kind != KeyPoint.Kind.GAP
    ]
    gaps = [Cited(point, numbers.add(point.sources.all())) for point in key_points if point.kind == KeyPoint.Kind.GAP]

    relations = []
    outgoing = document.relations_out.select_related("object__issuer").prefetch_related("sources")
    incoming = document.relations_in.select_related("subject__issuer").prefetch_related("sources")
    for relation in outgoing:
        relations.append(
            RelationLine(
                relation.get_kind_display(),
                relation.object,
                relation,
                numbers.add(relation.sources.all()),
            )
        )
    for relation in incoming:
        relations.append(
            RelationLine(
                relation.inverse_verb,
                relation.subject,
                relation,
                numbers.add(relation.sources.all()),
            )
        )

    events = [
        Cited(event, numbers.add(event.sources.all()))
        for event in document.events.prefetch_related("sources").order_by("held_on")
    ]

    def cited(queryset):
        return [Cited(item, numbers.add(item.sources.all())) for item in queryset]

    record_querysets = {
        "groups": document.position_groups.prefetch_related("sources", "tiers"),
        "positions": Position.objects.filter(listed_in=document).for_list().prefetch_related("sources").in_368_order(),
        "standards": Standard.objects.filter(document=document).for_display(),
        "periods": AssessmentPeriod.objects.filter(document=document).prefetch_related("sources"),
        "frameworks": CriteriaFramework.objects.filter(document=document).prefetch_related(
            "sources", "position_groups"
        ),
        "criteria": Criterion.objects.filter(document=document)
        .select_related("key_point__document")
        .prefetch_related("sources", "position_groups"),
        "bands": ClassificationBand.objects.filter(document=document).prefetch_related("sources"),
        "authorities": Authority.objects.filter(document=document).for_display(),
        "training": TrainingGroup.objects.filter(document=document).prefetch_related("sources", "position_groups"),
    }
    # Most documents set out few kinds of record: ask once which kinds exist, then fetch only
    # those (one query instead of nine for a document that sets out nothing).
    present = (
        Document.objects.filter(pk=document.pk)
        .annotate(**{f"has_{name}": Exists(qs.order_by().values("pk")) for name, qs in record_querysets.items()})
        .values(*(f"has_{name}" for name in record_querysets))
        .get()
    )
    records = {name: cited(qs) if present[f"has_{name}"] else [] for name, qs in record_querysets.items()}
    return DocumentPage(
        document=document,
        fields=fields,
        status=document_status_info(document),
        provisions=provisions,
        gaps=gaps,
        relations=relations,
        events=events,
        records=records,
        sources=numbers.listing,
    )


def document_for_page(slug: str) -> Document:
    """The document with what its status banner needs, or DoesNotExist."""
    return (
        Document.objects.select_related("issuer")
        .prefetch_related(
            Prefetch("relations_in", queryset=Relation.objects.select_related("subject")),
            "topics",
        )
        .get(slug=slug)
    )


@dataclass
class HomePage:
    core: list[Document]
    events: list[Event]
    counts: dict[str, int]


def home_page() -> HomePage:
    from cadres.models import Position

    core = list(
        Document.objects.core()
        .for_list()
        .prefetch_related(Prefetch("relations_in", queryset=Relation.objects.select_related("subject")))
        .order_by("-issued_on", "number")
    )
    events = list(Event.objects.newest_first().prefetch_related("documents", "sources")[:4])
    counts = {
        "documents": Document.objects.count(),
        "positions": Position.objects.count(),
        "sources": Source.objects.count(),
    }
    return HomePage(core=core, events=events, counts=counts)


@dataclass
class SourceUse:
    source: Source
    documents: list[Document]
    counts: dict[str, int]


def sources_with_use() -> list[SourceUse]:
    """Every source and what cites it: the documents whose facts it supports, and how many
    key points, relations and cadre records rest on it."""
    counted = Source.objects.annotate(
        key_point_count=Count("key_points", distinct=True),
        relation_count=Count("relations", distinct=True),
        position_count=Count("positions", distinct=True),
        standard_count=Count("standards", distinct=True),
        criterion_count=Count("criteria", distinct=True),
        band_count=Count("classification_bands", distinct=True),
        authority_count=Count("authorities", distinct=True),
        event_count=Count("events", distinct=True),
    ).order_by("code")
    documents_by_source: dict[int, dict[int, Document]] = defaultdict(dict)
    for citation in DocumentCitation.objects.select_related("document"):
        documents_by_source[citation.source_id][citation.document_id] = citation.document
    for point in KeyPoint.sources.through.objects.select_related("keypoint__document"):
        documents_by_source[point.source_id][point.keypoint.document_id] = point.keypoint.document
    uses = []
    for source in counted:
        documents = sorted(documents_by_source[source.pk].values(), key=lambda d: (not d.is_core, d.number))
        counts = {
            "key_points": source.key_point_count,
            "relations": source.relation_count,
            "positions": source.position_count,
            "standards": source.standard_count,
            "criteria": source.criterion_count,
            "bands": source.band_count,
            "authorities": source.authority_count,
            "events": source.event_count,
        }
        uses.append(SourceUse(source=source, documents=documents, counts=counts))
    return uses


def timeline() -> list[Document]:
    """Every document by date of issue, with the relations to draw between them."""
    return list(
        Document.objects.for_list()
        .prefetch_related(
            Prefetch("relations_out", queryset=Relation.objects.select_related("object")),
            Prefetch("relations_in", queryset=Relation.objects.select_related("subject")),
            "topics",
        )
        .chronological()
    )
