"""Template helpers that point machines at the data: <link rel="alternate"> to a page's JSON
twin and feed, and schema.org JSON-LD for a document."""

from __future__ import annotations

import json

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from regulations.models import Document, Relation

register = template.Library()

# The escapes of Django's json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# schema.org LegalForceStatus for each status. A pilot in progress is in force; a status the
# sources do not state gets no legal force at all rather than a guess.
LEGAL_FORCE = {
    Document.Status.IN_FORCE: "https://schema.org/InForce",
    Document.Status.PILOT: "https://schema.org/InForce",
    Document.Status.REPLACED: "https://schema.org/NotInForce",
}


@register.filter(is_safe=True)
def squash(value: str) -> str:
    """Whitespace collapsed, for a block rendered into an attribute (djLint puts block
    content on lines of its own)."""
    return " ".join(str(value).split())


def _query_without_page(request) -> str:
    """The page's filters, without the page number (the JSON pages hold 50, not 25) or
    empty values (the API rejects an empty parameter: it means "any" on the HTML form)."""
    params = request.GET.copy()
    params.pop("page", None)
    for name in list(params):
        values = [value for value in params.getlist(name) if value != ""]
        if values:
            params.setlist(name, values)
        else:
            del params[name]
    return f"?{params.urlencode()}" if params else ""


@register.simple_tag(takes_context=True)
def alternate_json(context, name: str, keep_query: bool = False, **kwargs) -> str:
    """``<link rel="alternate" type="application/json">`` to the page's JSON twin,
    ``{% alternate_json "regulations:document-detail-json" slug=document.slug %}``;
    ``keep_query=True`` carries the page's filters over."""
    request = context["request"]
    url = reverse(name, kwargs=kwargs or None)
    if keep_query:
        url += _query_without_page(request)
    return format_html('<link rel="alternate" type="application/json" href="{}">', request.build_absolute_uri(url))


@register.simple_tag(takes_context=True)
def alternate_feed(context, name: str, title: str, **kwargs) -> str:
    """``<link rel="alternate" type="application/atom+xml">`` to a feed about the page."""
    request = context["request"]
    url = request.build_absolute_uri(reverse(name, kwargs=kwargs or None))
    return format_html('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">', title, url)


def legislation(request, page) -> dict:
    """A schema.org Legislation record for a document page (``reference.selectors.documents.DocumentPage``).

    Only what the data holds: no publication date (the sources give dates of issue, not of
    publication), no legal force for a status they do not state.
    """
    document = page.document
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "name": document.title_vi or document.label_vi,
        "inLanguage": "vi",
        "legislationType": document.kind_vi,
    }
    if document.symbol:
        data["legislationIdentifier"] = document.symbol
    if document.title_en:
        data["alternateName"] = document.title_en
    if document.issued_on:
        data["legislationDate"] = document.issued_on.isoformat()
    if document.effective_on:
        data["legislationDateVersion"] = document.effective_on.isoformat()
    if document.status in LEGAL_FORCE:
        data["legislationLegalForce"] = LEGAL_FORCE[document.status]
    if document.issuer:
        data["legislationPassedBy"] = {
            "@type": "Organization",
            "name": document.issuer.name_vi,
            "alternateName": document.issuer.name_en,
        }
    outgoing = [line for line in page.relations if line.relation.subject_id == document.pk]
    links = {
        "legislationChanges": [line.other for line in outgoing if line.relation.kind == Relation.Kind.REPLACES],
        "isBasedOn": [line.other for line in outgoing if line.relation.kind == Relation.Kind.BASED_ON],
    }
    for key, others in links.items():
        if others:
            data[key] = [request.build_absolute_uri(other.get_absolute_url()) for other in others]
    return data


@register.simple_tag(takes_context=True)
def legislation_json_ld(context, page) -> str:
    """The document as a ``<script type="application/ld+json">`` data block (not run, so the
    Content Security Policy has nothing to allow), escaped as ``json_script`` escapes."""
    text = json.dumps(legislation(context["request"], page), ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
