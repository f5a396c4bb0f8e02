"""Natural keys: how a record is named in fixtures, imports, exports and the import preview.

A model lists the fields that identify it in ``NATURAL_KEY``; a foreign key in that list stands
for the related record's own natural key (a key point is ``("document", "anchor")``, written
``["365-qd-tw", "art-2"]``). Django's serialisation protocol, ``natural_key()`` on the model and
``get_by_natural_key()`` on its manager, is derived from that one declaration, so the fixture
format, the import service and the export agree by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.db import models


def natural_key_lookup(model: type[models.Model], key: Sequence) -> dict[str, object]:
    """Filter arguments selecting the record of ``model`` named by ``key``; ValueError when
    ``key`` has too few or too many parts."""
    remaining = list(key)
    lookup: dict[str, object] = {}
    _fill_lookup(model, "", remaining, lookup)
    if remaining:
        raise ValueError(f"{model._meta.label} takes a natural key of {len(lookup)} parts, not {len(key)}.")
    return lookup


def _fill_lookup(model, prefix: str, remaining: list, lookup: dict) -> None:
    for name in model.NATURAL_KEY:
        field = model._meta.get_field(name)
        if field.is_relation:
            _fill_lookup(field.related_model, f"{prefix}{name}__", remaining, lookup)
        elif remaining:
            lookup[f"{prefix}{name}"] = remaining.pop(0)
        else:
            raise ValueError(f"{model._meta.label}: the natural key is missing its “{name}” part.")


def natural_key_paths(model: type[models.Model], *, via: str = "") -> list[str]:
    """The relations ``natural_key()`` follows for ``model``, as ``select_related`` paths (a key
    point's: ``["document"]``), reached through the relation ``via`` if given (then the first
    path): a query that selects them names its records without a query per record."""
    paths = [via] if via else []
    for name in getattr(model, "NATURAL_KEY", ()):
        field = model._meta.get_field(name)
        if field.is_relation:
            paths += natural_key_paths(field.related_model, via=f"{via}__{name}" if via else name)
    return paths


class NaturalKeyManager(models.Manager):
    """Finds a record by its natural key (``loaddata``, the serialisers, the import service)."""

    def get_by_natural_key(self, *key):
        try:
            lookup = natural_key_lookup(self.model, key)
        except ValueError as error:
            raise self.model.DoesNotExist(str(error)) from None
        return self.get(**lookup)


class NaturalKeyModel(models.Model):
    """A record named by the fields in ``NATURAL_KEY`` (a slug unless the model says otherwise)."""

    NATURAL_KEY: ClassVar[tuple[str, ...]] = ("slug",)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        parts: list = []
        for name in self.NATURAL_KEY:
            if self._meta.get_field(name).is_relation:
                parts.extend(getattr(self, name).natural_key())
            else:
                parts.append(getattr(self, name))
        return tuple(parts)
