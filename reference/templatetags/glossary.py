"""Terms in texts link to their glossary entry: ``{{ point.text|glossary_links }}``."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

from core.bilingual import active_language
from reference.selectors.glossary import glossary_matcher

register = template.Library()


@register.filter(needs_autoescape=True)
def glossary_links(text, autoescape=True):
    """``text`` with the first occurrence of each glossary term of the page language wrapped in
    a link to its entry: the Vietnamese term on Vietnamese pages; the English rendering, or a
    word starting with its English stem, on English pages. Where two terms start at the same
    word the longer wins. The text is escaped piece by piece around the links; text already
    marked safe is HTML, and is left as it is rather than linked inside its markup."""
    if not text or isinstance(text, SafeData):
        return text
    text = str(text)
    matcher = glossary_matcher(language=active_language())
    found = matcher.first_matches(text)
    if not found:
        return conditional_escape(text) if autoescape else text
    text = matcher.normalised(text)
    escape = conditional_escape if autoescape else str
    glossary = reverse("regulations:glossary")
    pieces, position = [], 0
    for start, end, slug in found:
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a class="term" href="{}#{}">{}</a>', glossary, slug, text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 (each piece escaped above)
