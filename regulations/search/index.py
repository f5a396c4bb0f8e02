"""Builds ``SearchEntry`` rows from the content of both apps.

The index is derived data: it is rebuilt after every load and every admin edit, never loaded
from a fixture. Each entry keeps its display text in both languages (for results and
highlighting) and a folded, lightly stemmed copy (for the SQLite path and trigram suggestions).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import translation

from regulations import text
from regulations.models import Document, KeyPoint, SearchEntry

BATCH_SIZE = 2000


def stemmed_index_text(*parts: str) -> str:
    tokens = [text.english_stem(word) for part in parts for word in text.words(part)]
    return " " + " ".join(tokens) + " " if tokens else ""


def _entry(
    *,
    kind,
    object_id,
    document_id,
    target,
    anchor="",
    title_vi,
    title_en,
    body_vi="",
    body_en="",
    weight=1.0,
):
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        document_id=document_id,
        target=target,
        anchor=anchor,
        title_vi=title_vi,
        title_en=title_en,
        body_vi=body_vi,
        body_en=body_en,
        title_text=stemmed_index_text(title_vi, title_en),
        search_text=stemmed_index_text(title_vi, title_en, body_vi, body_en),
        weight=weight,
    )


def document_aliases(document: Document, language: str) -> str:
    """How people write the number in one language ("Quy định 365 365-QĐ/TW",
    "Regulation 365 365-QĐ/TW"), so full text finds the document by it too."""
    kind = document.kind_vi if language == "vi" else document.get_kind_display()
    return " ".join(filter(None, [f"{kind} {document.number}", document.symbol]))


def _document_entries(documents: Iterable[Document]) -> Iterator[SearchEntry]:
    for document in documents:
        issuer_vi = document.issuer.name_vi if document.issuer else ""
        issuer_en = document.issuer.name_en if document.issuer else ""
        yield _entry(
            kind=SearchEntry.Kind.DOCUMENT,
            object_id=document.pk,
            document_id=document.pk,
            target=document.slug,
            title_vi=f"{document.label_vi}: {document.title_vi or document.subject_vi}",
            title_en=f"{document.label}: {document.title_en or document.subject_en}",
            body_vi=" ".join(
                filter(
                    None,
                    [
                        document.summary_vi,
                        document.subject_vi,
                        issuer_vi,
                        document.signer,
                        document_aliases(document, "vi"),
                    ],
                )
            ),
            body_en=" ".join(
                filter(
                    None,
                    [
                        document.summary_en,
                        document.subject_en,
                        issuer_en,
                        document.signer,
                        document_aliases(document, "en"),
                    ],
                )
            ),
            weight=1.3 if document.is_core else 1.0,
        )


def _key_point_entries(key_points: Iterable[KeyPoint]) -> Iterator[SearchEntry]:
    for point in key_points:
        document = point.document
        article_vi = f"{point.article_label_vi}, " if point.article else ""
        article_en = f"{point.article_label_en}, " if point.article else ""
        yield _entry(
            kind=SearchEntry.Kind.KEY_POINT,
            object_id=point.pk,
            document_id=document.pk,
            target=document.slug,
            anchor=point.anchor,
            title_vi=f"{article_vi}{document.label_vi}: {point.heading_vi}",
            title_en=f"{article_en}{document.label}: {point.heading_en}",
            body_vi=point.text_vi,
            body_en=point.text_en,
            weight=0.6 if point.kind == KeyPoint.Kind.GAP else 1.0,
        )


def _position_entries(positions) -> Iterator[SearchEntry]:
    for position in positions:
        group = position.group
        tier = position.tier
        yield _entry(
            kind=SearchEntry.Kind.POSITION,
            object_id=position.pk,
            document_id=position.listed_in_id,
            target=position.slug,
            title_vi=position.name_vi,
            title_en=position.name_en,
            body_vi=" ".join(filter(None, [position.note_vi, group and group.name_vi, tier and tier.name_vi])),
            body_en=" ".join(filter(None, [position.note_en, group and group.name_en, tier and tier.name_en])),
            weight=1.2,
        )


def _standard_entries(standards) -> Iterator[SearchEntry]:
    for standard in standards:
        yield _entry(
            kind=SearchEntry.Kind.STANDARD,
            object_id=standard.pk,
            document_id=standard.document_id,
            target=standard.slug,
            title_vi=standard.name_vi,
            title_en=standard.name_en,
            body_vi=standard.text_vi,
            body_en=standard.text_en,
        )


def _criterion_entries(criteria) -> Iterator[SearchEntry]:
    for criterion in criteria:
        yield _entry(
            kind=SearchEntry.Kind.CRITERION,
            object_id=criterion.pk,
            document_id=criterion.document_id,
            target=criterion.slug,
            title_vi=criterion.name_vi,
            title_en=criterion.name_en,
            body_vi=criterion.text_vi,
            body_en=criterion.text_en,
        )


def _band_entries(bands) -> Iterator[SearchEntry]:
    for band in bands:
        yield _entry(
            kind=SearchEntry.Kind.BAND,
            object_id=band.pk,
            document_id=band.document_id,
            target=f"band-{band.code}",
            title_vi=band.name_vi,
            title_en=f"{band.name_en} ({band.name_vi})",
            body_vi=" ".join(filter(None, [band.conditions_vi, band.caveat_vi])),
            body_en=" ".join(filter(None, [band.conditions_en, band.caveat_en])),
        )


def _authority_entries(authorities) -> Iterator[SearchEntry]:
    from cadres.models import Authority

    for authority in authorities:
        action_en = str(Authority.Action(authority.action).label)
        yield _entry(
            kind=SearchEntry.Kind.AUTHORITY,
            object_id=authority.pk,
            document_id=authority.document_id,
            target=authority.slug,
            title_vi=f"{authority.actor_vi}: {authority.subject_vi}",
            title_en=f"{authority.actor_en} {action_en} {authority.subject_en}",
            body_vi=" ".join(filter(None, [authority.detail_vi, authority.grounds_vi, authority.duration_vi])),
            body_en=" ".join(filter(None, [authority.detail_en, authority.grounds_en, authority.duration_en])),
        )


def _sources():
    """Per entry kind: the queryset of the records it is built from, and its builder."""
    from cadres.models import Authority, ClassificationBand, Criterion, Position, Standard

    kind = SearchEntry.Kind
    return {
        kind.DOCUMENT: (Document.objects.select_related("issuer"), _document_entries),
        kind.KEY_POINT: (KeyPoint.objects.select_related("document"), _key_point_entries),
        kind.POSITION: (Position.objects.select_related("group", "tier"), _position_entries),
        kind.STANDARD: (Standard.objects.all(), _standard_entries),
        kind.CRITERION: (Criterion.objects.all(), _criterion_entries),
        kind.BAND: (ClassificationBand.objects.all(), _band_entries),
        kind.AUTHORITY: (Authority.objects.all(), _authority_entries),
    }


def build_entries(selected: dict[str, set[int]] | None = None) -> Iterator[SearchEntry]:
    """Entries for every record, or, with ``selected`` ({entry kind: record ids}), for those
    records only."""
    for kind, (queryset, builder) in _sources().items():
        if selected is not None:
            if not selected.get(kind):
                continue
            queryset = queryset.filter(pk__in=selected[kind])
        yield from builder(queryset.order_by("pk").iterator(chunk_size=BATCH_SIZE))


def _store(entries: Iterable[SearchEntry]) -> int:
    """Insert entries in batches, then (on PostgreSQL) compute their stored text-search vector
    in one statement: the GIN index is on that column, so searching never recomputes it."""
    total = 0
    batch: list[SearchEntry] = []
    with translation.override("en"):
        for entry in entries:
            batch.append(entry)
            if len(batch) >= BATCH_SIZE:
                SearchEntry.objects.bulk_create(batch)
                total += len(batch)
                batch.clear()
    SearchEntry.objects.bulk_create(batch)
    total += len(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE regulations_searchentry "
                "SET vector = cadreref_search_vector(title_vi, title_en, body_vi, body_en) WHERE vector IS NULL"
            )
    return total


@transaction.atomic
def search_index_rebuild() -> int:
    """Replace the whole index with entries built from the current content.

    Returns the number of entries. Runs in one transaction, so searches keep seeing the old
    index until the new one is complete. The English columns use interface labels (kinds of
    document, authority actions), so English is active while they are built: an admin edit
    made on a Vietnamese page must not put Vietnamese labels into them.
    """
    SearchEntry.objects.all().delete()
    return _store(build_entries())


def _affected(changed: set[tuple[str, int]]) -> dict[str, set[int]]:
    """The entries to rebuild, by entry kind, after the records in ``changed`` (model label,
    primary key) were saved or deleted: a record's own entry, and the entries whose text
    repeats it (a document's number is in the titles of its key points; a body's name in its
    documents'; a group's or level's name in its positions')."""
    from cadres.models import Position

    kind = SearchEntry.Kind
    own = {
        "regulations.document": kind.DOCUMENT,
        "regulations.keypoint": kind.KEY_POINT,
        "cadres.position": kind.POSITION,
        "cadres.standard": kind.STANDARD,
        "cadres.criterion": kind.CRITERION,
        "cadres.classificationband": kind.BAND,
        "cadres.authority": kind.AUTHORITY,
    }
    affected: dict[str, set[int]] = {k: set() for k in own.values()}
    for label, pk in changed:
        if label in own:
            affected[own[label]].add(pk)
        if label == "regulations.issuingbody":
            affected[kind.DOCUMENT].update(Document.objects.filter(issuer_id=pk).values_list("pk", flat=True))
        elif label == "cadres.positiongroup":
            affected[kind.POSITION].update(Position.objects.filter(group_id=pk).values_list("pk", flat=True))
        elif label == "cadres.positiontier":
            affected[kind.POSITION].update(Position.objects.filter(tier_id=pk).values_list("pk", flat=True))
    if affected[kind.DOCUMENT]:
        affected[kind.KEY_POINT].update(
            KeyPoint.objects.filter(document_id__in=affected[kind.DOCUMENT]).values_list("pk", flat=True)
        )
    return affected


@transaction.atomic
def search_index_update(changed: set[tuple[str, int]]) -> int:
    """Rebuild only the entries that ``changed`` records touch (an admin edit), instead of the
    whole index: at 100,000 key points a full rebuild takes about a minute. Deleted records
    simply lose their entries. Returns the number of entries written."""
    affected = _affected(changed)
    for kind, ids in affected.items():
        if ids:
            SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
    return _store(build_entries(affected))
