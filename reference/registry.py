"""The content registry: every kind of record the reference holds, declared once.

Each ``Kind`` names a content model and says what the layers above the models need to know
about it, so that none of them keeps its own list:

* the import service accepts only these models, loads them in this order (everything a record
  refers to comes before it) and never takes a ``derived`` field from a file; a record's
  identity is its model's ``NATURAL_KEY``;
* the export writes them in the same order, and a single document's export takes the records
  that ``documents`` ties to it;
* the search index holds one entry per record of a kind with ``search``: ``build`` says what
  the entry shows and is matched on, ``page`` and ``json`` where a result leads, and
  ``rebuilt_with`` which other records' text it repeats (so an edit to those rebuilds it);
* ``citations`` gives the (record, source) pairs a kind rests on, for result sources and for
  the sources page.

Adding a kind of record is a model, an entry here, a serialiser and a template
(docs/ARCHITECTURE.md has the recipe).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models import (
    AssessmentPeriod,
    Authority,
    ClassificationBand,
    CriteriaFramework,
    Criterion,
    Position,
    PositionGroup,
    PositionTier,
    Standard,
    TrainingGroup,
)
from regulations.models import (
    Change,
    Document,
    DocumentCitation,
    Event,
    IssuingBody,
    KeyPoint,
    Relation,
    Source,
    Term,
    Topic,
)


@dataclass(frozen=True)
class IndexedText:
    """What one search entry shows and is matched on, and where its result leads: the page of
    ``target`` (a slug or an anchor on a list page), at ``anchor`` if given."""

    target: str
    title_vi: str
    title_en: str
    body_vi: str = ""
    body_en: str = ""
    anchor: str = ""
    document_id: int | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Search:
    """How the records of a kind are searched. ``build`` runs with English active (the
    English columns use interface labels) over records fetched with ``select``."""

    kind: str
    label: str
    build: Callable[[models.Model], IndexedText]
    page: Callable[[str], str]
    json: Callable[[str], str]
    select: tuple[str, ...] = ()
    rebuilt_with: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Kind:
    """One content model and what the layers above need to know about it."""

    model: type[models.Model]
    documents: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    search: Search | None = None
    citations: Callable[[], tuple[QuerySet, str]] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def natural_key(self) -> tuple[str, ...]:
        return self.model.NATURAL_KEY

    @cached_property
    def cited(self) -> bool:
        return self.citations is not None or any(f.name == "sources" for f in self.model._meta.many_to_many)

    def citation_links(self) -> tuple[QuerySet, str]:
        """Rows linking a record of this kind to a source it rests on: a queryset with a
        ``source_id`` column, and the name of its column holding the record's id."""
        if self.citations is not None:
            return self.citations()
        sources = self.model._meta.get_field("sources")
        return sources.remote_field.through.objects.all(), f"{sources.m2m_field_name()}_id"

    def of_document(self, document_id: int) -> QuerySet:
        """The records of this kind that belong to a document (its single-document export)."""
        condition = models.Q(pk__in=[])
        for lookup in self.documents:
            condition |= models.Q(**{lookup: document_id})
        return self.model._default_manager.filter(condition)


# Search builders: one per searchable kind.


def _document_aliases(document: Document, language: str) -> str:
    """How people write the number in one language ("Quy định 365 365-QĐ/TW",
    "Regulation 365 365-QĐ/TW"), so full text finds the document by it too."""
    kind = document.kind_vi if language == "vi" else document.get_kind_display()
    return " ".join(filter(None, [f"{kind} {document.number}", document.symbol]))


def _joined(*parts) -> str:
    return " ".join(part for part in parts if part)


def _document_text(document: Document) -> IndexedText:
    issuer = document.issuer
    return IndexedText(
        target=document.slug,
        document_id=document.pk,
        title_vi=f"{document.label_vi}: {document.title_vi or document.subject_vi}",
        title_en=f"{document.label}: {document.title_en or document.subject_en}",
        body_vi=_joined(
            document.summary_vi,
            document.subject_vi,
            issuer and issuer.name_vi,
            document.signer,
            _document_aliases(document, "vi"),
        ),
        body_en=_joined(
            document.summary_en,
            document.subject_en,
            issuer and issuer.name_en,
            document.signer,
            _document_aliases(document, "en"),
        ),
        weight=1.3 if document.is_core else 1.0,
    )


def _key_point_text(point: KeyPoint) -> IndexedText:
    document = point.document
    article_vi = f"{point.article_label_vi}, " if point.article else ""
    article_en = f"{point.article_label_en}, " if point.article else ""
    return IndexedText(
        target=document.slug,
        anchor=point.anchor,
        document_id=document.pk,
        title_vi=f"{article_vi}{document.label_vi}: {point.heading_vi}",
        title_en=f"{article_en}{document.label}: {point.heading_en}",
        body_vi=point.text_vi,
        body_en=point.text_en,
        weight=0.6 if point.is_gap else 1.0,
    )


def _position_text(position: Position) -> IndexedText:
    group, tier = position.group, position.tier
    return IndexedText(
        target=position.slug,
        document_id=position.listed_in_id,
        title_vi=position.name_vi,
        title_en=position.name_en,
        body_vi=_joined(position.note_vi, group and group.name_vi, tier and tier.name_vi),
        body_en=_joined(position.note_en, group and group.name_en, tier and tier.name_en),
        weight=1.2,
    )


def _standard_text(standard: Standard) -> IndexedText:
    return IndexedText(
        target=standard.slug,
        document_id=standard.document_id,
        title_vi=standard.name_vi,
        title_en=standard.name_en,
        body_vi=standard.text_vi,
        body_en=standard.text_en,
    )


def _criterion_text(criterion: Criterion) -> IndexedText:
    return IndexedText(
        target=criterion.slug,
        document_id=criterion.document_id,
        title_vi=criterion.name_vi,
        title_en=criterion.name_en,
        body_vi=criterion.text_vi,
        body_en=criterion.text_en,
    )


def _band_text(band: ClassificationBand) -> IndexedText:
    return IndexedText(
        target=f"band-{band.code}",
        document_id=band.document_id,
        title_vi=band.name_vi,
        title_en=f"{band.name_en} ({band.name_vi})",
        body_vi=_joined(band.conditions_vi, band.caveat_vi),
        body_en=_joined(band.conditions_en, band.caveat_en),
    )


def _authority_text(authority: Authority) -> IndexedText:
    return IndexedText(
        target=authority.slug,
        document_id=authority.document_id,
        title_vi=f"{authority.actor_vi}: {authority.subject_vi}",
        title_en=f"{authority.actor_en} {authority.get_action_display()} {authority.subject_en}",
        body_vi=_joined(authority.detail_vi, authority.grounds_vi, authority.duration_vi),
        body_en=_joined(authority.detail_en, authority.grounds_en, authority.duration_en),
    )


def _training_text(training: TrainingGroup) -> IndexedText:
    document = training.document
    return IndexedText(
        target=f"training-{training.number}",
        document_id=training.document_id,
        title_vi=f"Nhóm bồi dưỡng {training.number}, {document.label_vi}: {training.name_vi}",
        title_en=f"Training group {training.number}, {document.label}: {training.name_en}",
    )


def _term_text(term: Term) -> IndexedText:
    return IndexedText(
        target=term.slug,
        title_vi=f"{term.term_vi} ({term.term_en})",
        title_en=f"{term.term_en} ({term.term_vi})",
        body_vi=term.definition_vi,
        body_en=term.definition_en,
        # Below the records that use the term: someone typing the name of a level or a
        # provision wants that record first, and the glossary entry just after it.
        weight=0.5,
    )


def _change_text(change: Change) -> IndexedText:
    document = change.document
    return IndexedText(
        target=document.slug,
        anchor=change.anchor,
        document_id=document.pk,
        title_vi=f"Những điểm thay đổi, {document.label_vi}: {change.aspect_vi}",
        title_en=f"What changed, {document.label}: {change.aspect_en}",
        body_vi=_joined(change.before_vi, change.after_vi, change.caveat_vi),
        body_en=_joined(change.before_en, change.after_en, change.caveat_en),
        # A change point restates a provision: the provision itself ranks first.
        weight=0.5,
    )


def _document_page(slug: str) -> str:
    return reverse("regulations:document-detail", kwargs={"slug": slug})


def _document_json(slug: str) -> str:
    return reverse("regulations:document-detail-json", kwargs={"slug": slug})


def _on(name: str) -> Callable[[str], str]:
    """The page ``name`` at the anchor of the record: list pages show many records each."""
    return lambda target: f"{reverse(name)}#{target}"


def _page(name: str) -> Callable[[str], str]:
    return lambda target: reverse(name)


# The kinds, in load order.

KINDS: tuple[Kind, ...] = (
    Kind(Source),
    Kind(IssuingBody),
    Kind(Topic),
    Kind(
        Document,
        documents=("pk",),
        derived=("number_key", "status"),
        citations=lambda: (DocumentCitation.objects.supporting(), "document_id"),
        search=Search(
            kind="document",
            label=_("Documents"),
            build=_document_text,
            page=_document_page,
            json=_document_json,
            select=("issuer",),
            rebuilt_with=MappingProxyType({"regulations.issuingbody": "issuer"}),
        ),
    ),
    Kind(DocumentCitation, documents=("document",)),
    Kind(
        KeyPoint,
        documents=("document",),
        search=Search(
            kind="key_point",
            label=_("Provisions"),
            build=_key_point_text,
            page=_document_page,
            json=_document_json,
            select=("document",),
            rebuilt_with=MappingProxyType({"regulations.document": "document"}),
        ),
    ),
    Kind(Relation, documents=("subject", "object")),
    Kind(Event, documents=("documents",)),
    Kind(
        Term,
        documents=("documents",),
        search=Search(
            kind="term",
            label=_("Glossary"),
            build=_term_text,
            page=_on("regulations:glossary"),
            json=_page("regulations:glossary-json"),
        ),
    ),
    Kind(
        Change,
        documents=("document", "compared_with"),
        search=Search(
            kind="change",
            label=_("What changed"),
            build=_change_text,
            page=lambda slug: reverse("regulations:document-changes", kwargs={"slug": slug}),
            json=lambda slug: reverse("regulations:document-changes-json", kwargs={"slug": slug}),
            select=("document",),
            rebuilt_with=MappingProxyType({"regulations.document": "document"}),
        ),
    ),
    Kind(PositionGroup, documents=("document",)),
    Kind(PositionTier, documents=("group__document",)),
    Kind(
        Position,
        documents=("listed_in",),
        search=Search(
            kind="position",
            label=_("Positions"),
            build=_position_text,
            page=lambda slug: reverse("cadres:position-detail", kwargs={"slug": slug}),
            json=lambda slug: reverse("cadres:position-detail-json", kwargs={"slug": slug}),
            select=("group", "tier"),
            rebuilt_with=MappingProxyType({"cadres.positiongroup": "group", "cadres.positiontier": "tier"}),
        ),
    ),
    Kind(
        Standard,
        documents=("document",),
        search=Search(
            kind="standard",
            label=_("Standards"),
            build=_standard_text,
            page=_on("cadres:standard-list"),
            json=_page("cadres:standard-list-json"),
        ),
    ),
    Kind(AssessmentPeriod, documents=("document",)),
    Kind(CriteriaFramework, documents=("document",)),
    Kind(
        Criterion,
        documents=("document",),
        search=Search(
            kind="criterion",
            label=_("Assessment criteria"),
            build=_criterion_text,
            page=_on("cadres:assessment"),
            json=_page("cadres:assessment-json"),
        ),
    ),
    Kind(
        ClassificationBand,
        documents=("document",),
        search=Search(
            kind="band",
            label=_("Classification levels"),
            build=_band_text,
            page=_on("cadres:assessment"),
            json=_page("cadres:assessment-json"),
        ),
    ),
    Kind(
        Authority,
        documents=("document",),
        search=Search(
            kind="authority",
            label=_("Authorities"),
            build=_authority_text,
            page=_on("cadres:authority-list"),
            json=_page("cadres:authority-list-json"),
        ),
    ),
    Kind(
        TrainingGroup,
        documents=("document",),
        search=Search(
            kind="training",
            label=_("Training groups"),
            build=_training_text,
            page=_on("cadres:assessment"),
            json=_page("cadres:assessment-json"),
            select=("document",),
            rebuilt_with=MappingProxyType({"regulations.document": "document"}),
        ),
    ),
)

_BY_LABEL = {kind.label: kind for kind in KINDS}
_BY_SEARCH_KIND = {kind.search.kind: kind for kind in KINDS if kind.search}


def content_labels() -> list[str]:
    """Labels of the content models, in load order."""
    return [kind.label for kind in KINDS]


def kind_for(label: str) -> Kind:
    """The kind of the content model ``label`` ("regulations.keypoint"); KeyError if none."""
    return _BY_LABEL[label]


def searchable() -> list[Kind]:
    """The kinds with search entries, in load order."""
    return [kind for kind in KINDS if kind.search]


def search_kind(entry_kind: str) -> Kind:
    """The kind whose search entries are of ``entry_kind`` ("key_point"); KeyError if none."""
    return _BY_SEARCH_KIND[entry_kind]


def search_kind_choices() -> list[tuple[str, str]]:
    """Choices for the entry kind of a search entry and for the result-type filter."""
    return [(kind.search.kind, kind.search.label) for kind in searchable()]


def entry_url(entry) -> str:
    """The page a search entry leads to, at its anchor."""
    url = search_kind(entry.kind).search.page(entry.target)
    return f"{url}#{entry.anchor}" if entry.anchor else url


def entry_json_url(entry) -> str:
    """The JSON twin of the page a search entry leads to."""
    return search_kind(entry.kind).search.json(entry.target)
