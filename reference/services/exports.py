"""Fixture export: the dataset (or one document and what hangs off it) in the format staff
import, so that export → import into an empty database → identical pages.

Objects are written with natural keys only, in load order, without the derived fields the
import recomputes. A single-document export also carries every object those records refer
to (sources, bodies, positions, the other document of a relation…), so it loads on its own.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.core import serializers
from django.db import models

from reference import registry
from regulations.models import Document


def fixture_export(*, document: Document | None = None) -> str:
    """JSON text of the whole content, or of ``document`` with its dependants and dependencies."""
    selected = None if document is None else _closure(_belonging_to(document))
    objects = []
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
        data = serializers.serialize(
            "python",
            queryset.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            fields=fields,
        )
        for item in data:
            item.pop("pk", None)
        objects.extend(data)
    return json.dumps(objects, ensure_ascii=False, indent=2, default=str) + "\n"


def _belonging_to(document: Document) -> list[models.Model]:
    """The document and the records of every kind that belong to it."""
    return [record for kind in registry.KINDS if kind.documents for record in kind.of_document(document.pk)]


def _closure(roots: list[models.Model]) -> dict[str, set[int]]:
    """``roots`` plus everything they refer to, recursively (foreign keys and many-to-many
    links to content models), as primary keys by model label."""
    content = set(registry.content_labels())
    selected: dict[str, set[int]] = defaultdict(set)
    pending = list(roots)
    while pending:
        obj = pending.pop()
        label = obj._meta.label_lower
        if obj.pk in selected[label]:
            continue
        selected[label].add(obj.pk)
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model._meta.label_lower in content:
                related = getattr(obj, field.name)
                if related is not None:
                    pending.append(related)
        for field in obj._meta.many_to_many:
            if field.related_model._meta.label_lower in content:
                pending.extend(getattr(obj, field.name).all())
    return dict(selected)
