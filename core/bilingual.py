"""Bilingual content fields.

Content is stored twice, in ``<name>_vi`` and ``<name>_en`` columns. ``Bilingual("name")`` on
a model reads the column for the active language and falls back to the other one, so a
template writes ``{{ document.summary }}`` and gets the right language. ``both()`` gives the
pair as the JSON API writes it.
"""

from django.utils import translation
from django.utils.translation import get_language

LANGUAGE_CODES = ("vi", "en")


def active_language() -> str:
    code = (get_language() or "vi")[:2]
    return code if code in LANGUAGE_CODES else "vi"


class Bilingual:
    """Descriptor that picks ``<base>_<language>`` with a fallback to the other language."""

    def __init__(self, base: str):
        self.base = base
        # The column to read first and the fallback, by language (a page reads thousands).
        self.columns = {"vi": (f"{base}_vi", f"{base}_en"), "en": (f"{base}_en", f"{base}_vi")}

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        first, fallback = self.columns[active_language()]
        return getattr(instance, first, "") or getattr(instance, fallback, "")


def both(obj, base: str) -> dict[str, str | None]:
    """``<base>_vi`` and ``<base>_en`` as a bilingual object; an empty text is null."""
    return {"vi": getattr(obj, f"{base}_vi") or None, "en": getattr(obj, f"{base}_en") or None}


def in_english(value) -> str:
    """A label from the interface vocabulary, in English whatever the page language."""
    with translation.override("en"):
        return str(value)


def in_both(value) -> dict[str, str]:
    """A label from the interface vocabulary in both languages, as the JSON API writes text."""
    with translation.override("vi"):
        vietnamese = str(value)
    return {"vi": vietnamese, "en": in_english(value)}
