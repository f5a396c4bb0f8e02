"""Words a query may use for one another: the glossary's pairs and a short table.

Every glossary term gives one group: its Vietnamese, its English rendering and its English stem
("miễn nhiệm" ~ "dismissal" ~ any word starting "dismiss"). ``vocabulary.json`` adds what the
glossary does not pair ("quarterly" ~ "every quarter" ~ "hằng quý"). A query word or phrase
that belongs to a group matches wherever any member of the group does.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import text
from core.data_version import PerVersion
from reference.search.vocabulary import SYNONYMS
from regulations.models import Term

# An English stem shorter than this ("key", "head", "good") would take in unrelated words.
MIN_STEM = 5


def _phrase(typed: str) -> str:
    return " ".join(text.english_stem(word) for word in text.words(typed))


@dataclass(frozen=True)
class Group:
    """Members as indexed: folded, stemmed phrases; ``stems``: single English stems that a
    query word may extend ("relie" takes "relief" and "relieved")."""

    members: tuple[str, ...]
    stems: tuple[str, ...] = ()


def _groups_from_data() -> list[Group]:
    groups = [Group(tuple(dict.fromkeys(_phrase(typed) for typed in group))) for group in SYNONYMS]
    for term in Term.objects.only("term_vi", "term_en", "match_en"):
        stem = _phrase(term.match_en)
        stems = (stem,) if len(stem) >= MIN_STEM and " " not in stem else ()
        members = tuple(dict.fromkeys(filter(None, (_phrase(term.term_vi), _phrase(term.term_en), *stems))))
        groups.append(Group(members, stems))
    return groups


_groups = PerVersion()


def synonym_groups() -> list[Group]:
    """Every group, built once per data version and kept in this process (the glossary changes
    only with an import or an admin edit)."""
    return _groups.get(_groups_from_data)


def query_units(terms: list[str]) -> list[tuple[str, ...]]:
    """``terms`` as units an entry must match, each a tuple of alternatives (folded phrases):
    a word or phrase of a synonym group becomes the whole group, the longest phrase first;
    any other term is a unit of its own."""
    if not terms:
        return []
    groups = synonym_groups()
    units: list[tuple[str, ...]] = []
    index = 0
    while index < len(terms):
        found = None
        for size in range(min(len(terms) - index, 6), 0, -1):
            phrase = " ".join(terms[index : index + size])
            for group in groups:
                if phrase in group.members or (size == 1 and any(phrase.startswith(stem) for stem in group.stems)):
                    found = (size, (phrase, *(member for member in group.members if member != phrase)))
                    break
            if found:
                break
        if found:
            units.append(found[1])
            index += found[0]
        else:
            units.append((terms[index],))
            index += 1
    return units
