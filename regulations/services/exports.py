"""Fixture export: the dataset (or one document and what hangs off it) in the format staff
import, so that export → import into an empty database → identical pages.

Objects are written with natural keys only, in load order, without the derived fields the
import recomputes. A single-document export also carries every object those records refer
to (sources, bodies, positions, the other document of a relation…), so it loads on its own.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.db import models

from regulations.models import Document, Relation
from regulations.services.imports import CONTENT_MODELS, DERIVED_FIELDS


def fixture_export(*, document: Document | None = None) -> str:
    """JSON text of the whole content, or of ``document`` with its dependants and dependencies."""
    selected = _everything() if document is None else _closure(_hanging_off(document))
    objects = []
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        ids = selected.get(label)
        if ids is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids) if ids is not ALL else model._default_manager.all()
        fields = [
            field.name
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if not field.primary_key and field.name not in DERIVED_FIELDS
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


class _All:
    """Marker for "every row of the model"."""


ALL = _All()


def _everything() -> dict:
    return dict.fromkeys(CONTENT_MODELS, ALL)


def _hanging_off(document: Document) -> list[models.Model]:
    """The document and the records that belong to it."""
    from cadres import models as cadres

    roots: list[models.Model] = [document]
    roots += list(document.citations.all())
    roots += list(document.key_points.all())
    roots += list(Relation.objects.filter(models.Q(subject=document) | models.Q(object=document)))
    roots += list(document.events.all())
    for model in (
        cadres.PositionGroup,
        cadres.Standard,
        cadres.AssessmentPeriod,
        cadres.CriteriaFramework,
        cadres.Criterion,
        cadres.ClassificationBand,
        cadres.Authority,
        cadres.TrainingGroup,
    ):
        roots += list(model.objects.filter(document=document))
    roots += list(cadres.Position.objects.filter(listed_in=document))
    roots += list(cadres.PositionTier.objects.filter(group__document=document))
    return roots


def _closure(roots: list[models.Model]) -> dict[str, set[int]]:
    """``roots`` plus everything they refer to, recursively (foreign keys and many-to-many
    links to content models), as primary keys by model label."""
    selected: dict[str, set[int]] = defaultdict(set)
    pending = list(roots)
    while pending:
        obj = pending.pop()
        label = obj._meta.label_lower
        if obj.pk in selected[label]:
            continue
        selected[label].add(obj.pk)
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model._meta.label_lower in CONTENT_MODELS:
                related = getattr(obj, field.name)
                if related is not None:
                    pending.append(related)
        for field in obj._meta.many_to_many:
            if field.related_model._meta.label_lower in CONTENT_MODELS:
                pending.extend(getattr(obj, field.name).all())
    return dict(selected)
