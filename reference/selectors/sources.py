"""The sources of many records of many kinds, loaded in one query, and every source, kept per
data version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from core.data_version import PerVersion
from regulations.models import Source


@dataclass(frozen=True)
class KeptSources:
    """Every source by id, and each one's place in the sources' own order (by code)."""

    by_id: dict[int, Source]
    rank: dict[int, int]


def kept_sources() -> KeptSources:
    """Every source of the current data version, read once per version and kept in the process
    (``PerVersion``): a few hundred rows however large the corpus, cited from nearly every page.
    A page's queries then fetch the ids of the sources its records cite, not the sources, and
    skip both the join and building the same Source objects on every page. What a page takes
    from here is shared by every thread and must be treated as read-only."""
    return _sources.get(_sources_read)


_sources = PerVersion()


def _sources_read() -> KeptSources:
    ordered = list(Source.objects.order_by("code"))
    return KeptSources(
        by_id={source.pk: source for source in ordered}, rank={source.pk: place for place, source in enumerate(ordered)}
    )


def sources_by_id(ids: Iterable[int]) -> dict[int, Source]:
    """The sources with these ids, from the kept ones; any written since they were read (a
    source added by an edit that has not moved the data version yet) from the database."""
    kept = kept_sources().by_id
    found = {pk: kept[pk] for pk in ids if pk in kept}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        found.update(Source.objects.in_bulk(missing))
    return found


def sources_prefetch(records: Iterable[models.Model]) -> None:
    """Load the sources of ``records`` (cited records of any kinds, mixed) in one query, a
    UNION ALL over the kinds' link tables of the source ids (the sources themselves are the
    kept ones, ``kept_sources``), and keep each record's as its prefetched ``sources``:
    ``record.sources.all()`` then runs no query, and lists them in the sources' own order (by
    code), as ``prefetch_related("sources")`` would. Prefetching kind by kind costs one query
    per kind; a document page cites through four or five kinds. Records whose sources are
    already loaded are left as they are."""
    pending: dict[type[models.Model], dict[int, list[models.Model]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        if "sources" not in getattr(record, "_prefetched_objects_cache", {}):
            pending[type(record)][record.pk].append(record)
    if not pending:
        return
    kinds = list(pending)
    arms = []
    for index, model in enumerate(kinds):
        field = model._meta.get_field("sources")
        owner = field.m2m_field_name()
        arms.append(
            field.remote_field.through.objects.filter(**{f"{owner}__in": list(pending[model])})
            .order_by()
            .values_list(
                models.Value(index, output_field=models.IntegerField()),
                f"{owner}_id",
                f"{field.m2m_reverse_field_name()}_id",
            )
        )
    rows = list(arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0])
    sources = sources_by_id({source_id for _kind, _owner_id, source_id in rows})
    found: dict[tuple[int, int], list[Source]] = defaultdict(list)
    for kind, owner_id, source_id in rows:
        found[kind, owner_id].append(sources[source_id])
    for index, model in enumerate(kinds):
        manager = model._meta.get_field("sources")
        for owner_id, owners in pending[model].items():
            cited = sorted(found.get((index, owner_id), []), key=lambda source: source.code)
            for record in owners:
                # What prefetch_related() leaves behind: a queryset whose results are in.
                queryset = getattr(record, manager.name).get_queryset()
                queryset._result_cache = cited
                queryset._prefetch_done = True
                record.__dict__.setdefault("_prefetched_objects_cache", {})[manager.name] = queryset
