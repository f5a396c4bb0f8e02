"""The sources of many records of many kinds, loaded in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models

from regulations.models import Source

SOURCE_FIELDS = [field.attname for field in Source._meta.concrete_fields]


def sources_prefetch(records: Iterable[models.Model]) -> None:
    """Load the sources of ``records`` (cited records of any kinds, mixed) in one query, a
    UNION ALL over the kinds' link tables joined to the sources, and keep each record's as its
    prefetched ``sources``: ``record.sources.all()`` then runs no query, and lists them in the
    sources' own order (by code), as ``prefetch_related("sources")`` would. Prefetching kind by
    kind costs one query per kind; a document page cites through four or five kinds. Records
    whose sources are already loaded are left as they are."""
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
                *(f"{field.m2m_reverse_field_name()}__{name}" for name in SOURCE_FIELDS),
            )
        )
    rows = arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0]
    found: dict[tuple[int, int], list[Source]] = defaultdict(list)
    sources: dict[int, Source] = {}
    for kind, owner_id, *values in rows:
        source = sources.get(values[0])
        if source is None:
            source = sources[values[0]] = Source.from_db(rows.db, SOURCE_FIELDS, values)
        found[kind, owner_id].append(source)
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
