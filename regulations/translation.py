"""Bilingual content fields.

Content is stored twice, in ``<name>_vi`` and ``<name>_en`` columns. ``Bilingual("name")`` on
a model reads the column for the active language and falls back to the other one, so a
template writes ``{{ document.summary }}`` and gets the right language.
"""

from django.utils.translation import get_language

LANGUAGE_CODES = ("vi", "en")


def active_language() -> str:
    code = (get_language() or "vi")[:2]
    return code if code in LANGUAGE_CODES else "vi"


class Bilingual:
    """Descriptor that picks ``<base>_<language>`` with a fallback to the other language."""

    def __init__(self, base: str):
        self.base = base

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = active_language()
        value = getattr(instance, f"{self.base}_{language}", "")
        if value:
            return value
        other = "en" if language == "vi" else "vi"
        return getattr(instance, f"{self.base}_{other}", "")
