"""Fixture export: the dataset (or one document and what hangs off it) in the format staff
import, so that export → import into an empty database → identical pages.

Objects are written with natural keys only, in load order, without the derived fields the
import recomputes. A single-document export also carries every object those records refer
to (sources, bodies, positions, the other document of a relation…), so it loads on its own.

The downloads are files (``export_file``): written once per data version into
``EXPORT_DIR`` and streamed from there. The whole dataset is far larger than any cache entry
the page cache keeps, and building it costs seconds of CPU; written object by object to the
file, it never sits in a worker's memory whole. The natural keys the objects are written with
are fetched with each batch of objects (``_with_natural_keys``), so the queries grow with the
batches, not with the objects and their relations.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from django.conf import settings
from django.core import serializers
from django.db import models

from core.data_version import Version
from core.natural_keys import natural_key_paths
from reference import registry
from regulations.models import Document

# A temporary export file untouched for this long was left by a write that was killed.
ABANDONED_SECONDS = 3600

# Objects serialised at once: the batch, not the whole kind, is what sits in memory.
BATCH_OBJECTS = 500
# How often a request waiting for another process's build looks at the lock again.
LOCK_POLL_SECONDS = 0.1


class ExportBusy(Exception):
    """Another process has been writing this export for longer than ``EXPORT_WAIT_SECONDS``."""


def fixture_export(*, document: Document | None = None) -> str:
    """JSON text of the whole content, or of ``document`` with its dependants and dependencies."""
    out = io.StringIO()
    fixture_export_write(out, document=document)
    return out.getvalue()


def fixture_export_write(out: TextIO, *, document: Document | None = None) -> None:
    """Write ``fixture_export``'s text to ``out`` object by object: the same bytes as
    ``json.dumps(objects, ensure_ascii=False, indent=2)``, without holding the list."""
    first = True
    out.write("[")
    for item in _objects(document=document):
        out.write("\n  " if first else ",\n  ")
        # json.dumps escapes newlines inside strings, so every newline here is indentation.
        out.write(json.dumps(item, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  "))
        first = False
    out.write("]\n" if first else "\n]\n")


def _objects(*, document: Document | None) -> Iterator[dict]:
    selected = None if document is None else _closure(_belonging_to(document))
    for kind in registry.KINDS:
        manager = kind.model._default_manager
        if selected is None:
            queryset = manager.all()
        elif kind.label in selected:
            queryset = manager.filter(pk__in=selected[kind.label])
        else:
            continue
        fields = [
            field.name
            for field in [*kind.model._meta.concrete_fields, *kind.model._meta.many_to_many]
            if not field.primary_key and field.name not in kind.derived
        ]
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        batches = _with_natural_keys(manager.order_by("pk"), fields=fields)
        for start in range(0, len(pks), BATCH_OBJECTS):
            data = serializers.serialize(
                "python",
                batches.filter(pk__in=pks[start : start + BATCH_OBJECTS]),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                fields=fields,
            )
            for item in data:
                item.pop("pk", None)
                yield item


def _with_natural_keys(queryset: models.QuerySet, *, fields: list[str]) -> models.QuerySet:
    """``queryset`` fetching, with each batch, every record whose natural key the serialiser
    writes: the natural primary key's and each foreign key's (``select_related``), each
    many-to-many link's (``prefetch_related``, in the order the serialiser would query them).
    Without them, every object costs a query per relation; with them, a batch costs one query
    plus one per many-to-many field, however many objects it holds."""
    model = queryset.model
    related = natural_key_paths(model)
    prefetches = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.name in fields and _has_natural_key(field.related_model):
            related += natural_key_paths(field.related_model, via=field.name)
    for field in model._meta.many_to_many:
        target = field.related_model
        if field.name in fields and field.remote_field.through._meta.auto_created and _has_natural_key(target):
            links = _selecting(target._default_manager.all(), natural_key_paths(target))
            if not links.totally_ordered:
                # What Django's serialiser does when it queries the links itself.
                links = links.order_by(*(links.query.order_by or target._meta.ordering or []), "pk")
            prefetches.append(models.Prefetch(field.name, queryset=links))
    return _selecting(queryset, related).prefetch_related(*prefetches)


def _selecting(queryset: models.QuerySet, paths: list[str]) -> models.QuerySet:
    # select_related() without paths would follow every non-null foreign key.
    return queryset.select_related(*dict.fromkeys(paths)) if paths else queryset


def _has_natural_key(model: type[models.Model]) -> bool:
    return callable(getattr(model, "natural_key", None))


def export_file(*, version: Version, name: str, write: Callable[[TextIO], None], block: bool = False) -> BinaryIO:
    """Export ``name`` of data version ``version``, opened for reading; written by ``write``
    first if it does not exist yet.

    One process writes a given file at a time (``fcntl.flock`` on a lock file next to it).
    Another that needs the file meanwhile raises ``ExportBusy`` unless the write began less
    than ``EXPORT_WAIT_SECONDS`` ago: then it waits until that much time after the start at
    most, and reads what was written. So a small export written by a concurrent request is
    still served, and a long one holds no request's thread beyond the first seconds of the
    write: every request after those is answered at once. ``block`` waits for the writer
    however long it takes (the background worker, which holds no reader's thread).

    The file appears whole or not at all (a temporary file, then ``os.replace``). Writing a
    version's file removes the files of older versions; the file is returned open, so a
    reader keeps it even if a newer version's removes it meanwhile."""
    directory = Path(settings.EXPORT_DIR)
    stem = f"{version.number}-{version.changed_at:%Y%m%dT%H%M%S%f}-{name}"
    path = directory / f"{stem}.json"
    with contextlib.suppress(FileNotFoundError):
        return path.open("rb")
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{stem}.lock", "a") as lock:
        _lock(lock, block=block)
        try:
            with contextlib.suppress(FileNotFoundError):
                return path.open("rb")
            os.utime(lock.fileno())  # when this write began, for those who find it busy
            descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{stem}.", suffix=".tmp")
            try:
                os.fchmod(descriptor, 0o644)  # mkstemp's 0600 would hide it from other users' tools
                with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                    write(out)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
                raise
            written = path.open("rb")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _remove_older(directory, version.number)
    return written


def dataset_export_file(*, version: Version, block: bool = False) -> BinaryIO:
    """The whole dataset's export file for ``version`` (the data in the database), open."""
    return export_file(version=version, name="all", write=fixture_export_write, block=block)


def document_export_file(*, version: Version, document: Document) -> BinaryIO:
    """``document``'s export file for ``version``, open: small, but also written once and streamed,
    so a crawler fetching every document's fixture costs each one build per data version."""
    return export_file(
        version=version,
        name=f"document-{document.pk}",
        write=lambda out: fixture_export_write(out, document=document),
    )


def _lock(lock: TextIO, *, block: bool) -> None:
    if block:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            # The writer touched the lock file as it began (a lock file never written through
            # is as old as its last write): the wait ends that long after, not after this
            # request's arrival, so requests arriving later wait less, and then not at all.
            began = os.fstat(lock.fileno()).st_mtime
            if time.time() >= began + settings.EXPORT_WAIT_SECONDS:
                raise ExportBusy from None
            time.sleep(LOCK_POLL_SECONDS)


def _remove_older(directory: Path, number: int) -> None:
    """Remove the exports, lock files and abandoned temporary files (untouched for
    ``ABANDONED_SECONDS``) of versions before ``number``. A reader still streaming one keeps
    its open file until it is done."""
    for entry in directory.iterdir():
        version, _dash, _rest = entry.name.lstrip(".").partition("-")
        if version.isdigit() and int(version) < number:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                # Another process may still be writing an older version's temporary file (a
                # worker that has not re-read the data version yet): only an abandoned one goes.
                if entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime < ABANDONED_SECONDS:
                    continue
                entry.unlink()


def _belonging_to(document: Document) -> dict[str, set[int]]:
    """The document and the records of every kind that belong to it, as primary keys by label."""
    return {
        kind.label: set(kind.of_document(document.pk).values_list("pk", flat=True))
        for kind in registry.KINDS
        if kind.documents
    }


def _closure(roots: dict[str, set[int]]) -> dict[str, set[int]]:
    """``roots`` plus everything they refer to, recursively (foreign keys and many-to-many
    links to content models), as primary keys by model label. Each step takes the new records
    of one kind at once: a query for their foreign keys and one per many-to-many field, so the
    queries grow with the kinds and the depth of the references, not with the records."""
    models_by_label = {kind.label: kind.model for kind in registry.KINDS}
    selected: dict[str, set[int]] = defaultdict(set)
    pending: dict[str, set[int]] = defaultdict(set, {label: set(pks) for label, pks in roots.items()})
    while pending:
        label, pks = pending.popitem()
        pks -= selected[label]
        if not pks:
            continue
        selected[label] |= pks
        model = models_by_label[label]
        references = [
            field
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.label_lower in models_by_label
        ]
        if references:
            rows = model._default_manager.filter(pk__in=pks).values_list(*(field.attname for field in references))
            for row in rows:
                for field, value in zip(references, row, strict=True):
                    if value is not None:
                        pending[field.related_model._meta.label_lower].add(value)
        for field in model._meta.many_to_many:
            target = field.related_model._meta.label_lower
            if target in models_by_label:
                links = field.remote_field.through._default_manager.filter(**{f"{field.m2m_field_name()}__in": pks})
                pending[target].update(links.values_list(f"{field.m2m_reverse_field_name()}_id", flat=True))
    return {label: pks for label, pks in selected.items() if pks}
