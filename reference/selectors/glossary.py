"""Reads for the glossary page, and the term matcher that links terms in texts to their entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from core.bilingual import LANGUAGE_CODES, active_language
from core.citations import SourceNumbers
from core.data_version import PerVersion
from core.terms import TermForms, TermMatcher
from regulations.models import Document, KeyPoint, Source, Term


def term_forms(term: Term, language: str) -> TermForms:
    """How ``term`` is written in ``language``: the Vietnamese term; or the English rendering,
    and any word starting with its English stem."""
    if language == "vi":
        return TermForms(term.slug, phrases=(term.term_vi,))
    return TermForms(term.slug, phrases=(term.term_en,), stems=(term.match_en,) if term.match_en else ())


@dataclass
class TermEntry:
    """One term with its sources, and the key points that use it, in each language."""

    term: Term
    cites: list[tuple[int, Source]]
    key_points_vi: list[KeyPoint]
    key_points_en: list[KeyPoint]

    @property
    def key_points(self) -> list[KeyPoint]:
        """The key points whose text in the page language uses the term."""
        return self.key_points_vi if active_language() == "vi" else self.key_points_en


@dataclass
class TermGroup:
    value: str
    label: str
    entries: list[TermEntry]


@dataclass
class GlossaryPage:
    groups: list[TermGroup]
    sources: list[tuple[int, Source]]

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.groups)


def glossary_page() -> GlossaryPage:
    """Every term, grouped as ``Term.Group`` orders them, with the documents that use it, the
    terms it is confused with, its sources, and the key points of its documents whose text uses
    it (found here, in each language): five queries whatever the number of terms, once per data
    version, then kept in the process (``PerVersion``) and shared, read-only, by the page and
    its JSON twin: matching every term in every key point of their documents took about 40 ms."""
    return _pages.get(_glossary_read)


_pages = PerVersion()


def _glossary_read() -> GlossaryPage:
    terms = list(
        Term.objects.prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("-is_core", "issued_on", "number")),
            "confused_with",
            "sources",
        )
    )
    document_ids = {document.pk for term in terms for document in term.documents.all()}
    points = list(
        KeyPoint.objects.filter(document__in=document_ids)
        .exclude(kind=KeyPoint.Kind.GAP)
        .select_related("document")
        .order_by("document__issued_on", "document__number", "order")
    )
    used: dict[str, dict[int, set[str]]] = {}
    for language in LANGUAGE_CODES:
        matcher = TermMatcher(term_forms(term, language) for term in terms)
        used[language] = {point.pk: matcher.keys_in(getattr(point, f"text_{language}")) for point in points}

    def using(term: Term, language: str) -> list[KeyPoint]:
        documents = {document.pk for document in term.documents.all()}
        return [point for point in points if point.document_id in documents and term.slug in used[language][point.pk]]

    numbers = SourceNumbers()
    by_group: dict[str, list[TermEntry]] = {}
    for term in terms:
        entry = TermEntry(term, numbers.add(term.sources.all()), using(term, "vi"), using(term, "en"))
        by_group.setdefault(term.group, []).append(entry)
    groups = [TermGroup(value, label, by_group[value]) for value, label in Term.Group.choices if value in by_group]
    return GlossaryPage(groups=groups, sources=numbers.listing)


# The matchers that link terms in texts, one per language, built once per data version.
_matchers = PerVersion()


def glossary_matcher(*, language: str) -> TermMatcher:
    """The matcher of every glossary term in ``language``, built once per data version and
    kept in this process: texts are linked hundreds of times a page."""

    def build() -> TermMatcher:
        terms = Term.objects.only("slug", "term_vi", "term_en", "match_en")
        return TermMatcher(term_forms(term, language) for term in terms)

    return _matchers.get(build, key=language)
