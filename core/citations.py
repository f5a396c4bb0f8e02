"""Numbered citations: every fact on a page points to an entry of the page's source list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SourceNumbers:
    """Numbers the sources of one page in order of first citation, so that each fact can
    point to an entry of the page's numbered source list."""

    def __init__(self):
        self._numbers: dict[int, int] = {}
        self._sources: list = []

    def add(self, sources) -> list[tuple[int, Any]]:
        cited = []
        for source in sources:
            if source.pk not in self._numbers:
                self._sources.append(source)
                self._numbers[source.pk] = len(self._sources)
            cited.append((self._numbers[source.pk], source))
        return sorted(cited, key=lambda pair: pair[0])

    @property
    def listing(self) -> list[tuple[int, Any]]:
        return list(enumerate(self._sources, start=1))


@dataclass
class Cited:
    """A record together with the numbered sources it cites on this page."""

    item: Any
    cites: list[tuple[int, Any]]
