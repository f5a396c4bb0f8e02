"""Open data: read-only JSON twins of the public pages, built from the same selectors.

The conventions, which ``regulations/openapi.json`` describes for clients:

* field names are snake_case English; text kept in both languages is ``{"vi": …, "en": …}``;
* dates are ISO 8601, and anything the sources do not give is ``null``, never a guess;
* every record lists the codes of the sources it rests on, and each response lists those
  sources once, in full, under ``sources`` (the numbered list at the foot of the HTML page);
* lists come 50 to a page with ``count``, ``page``, ``pages``, ``next``, ``previous``;
* every response is open to any origin (``Access-Control-Allow-Origin: *``) and only GET and
  HEAD are allowed. Under the language prefixes ``PublicCacheMiddleware`` adds the ETag,
  Last-Modified and 304 answers, as for the HTML pages.

This module holds the helpers both apps' JSON views share and the views for documents,
search and the OpenAPI description; ``cadres.api`` serialises the cadre records.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, Prefetch, Value, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_safe
from django_filters import ModelChoiceFilter, NumberFilter

from regulations import selectors
from regulations.filters import DocumentFilter, SearchEntryFilter
from regulations.models import Document, DocumentCitation, KeyPoint, SearchEntry, Source
from regulations.search import numbers as number_search
from regulations.search.query import (
    SearchTimedOut,
    clean_query,
    query_terms,
    search_entries,
    similar_titles,
    time_limited,
)
from regulations.selectors import SourceNumbers
from regulations.views import DocumentListView, _entry_url

PAGE_SIZE = 50
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
EXCERPT_LENGTH = 240
OPENAPI_TEXT = Path(__file__).with_name("openapi.json").read_text(encoding="utf-8")
OPENAPI_ETAG = hashlib.sha256(OPENAPI_TEXT.encode()).hexdigest()[:32]


# Responses


class BadRequest(Exception):
    """A query parameter the API cannot use; answered with 400 and the errors by parameter."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    data = {"status": status, "detail": detail}
    if errors is not None:
        data["errors"] = errors
    return json_response(data, status=status)


def json_view(view):
    """GET and HEAD only; anything else, a CORS preflight included, is a 405. The API takes
    no credentials and no custom headers, so a browser never needs a preflight for it, and
    it writes nothing, so it needs no CSRF check (which would turn a POST into a 403)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return error_response(404, str(error) or _("Nothing has this address."))
        except BadRequest as error:
            return error_response(400, _("A query parameter has a value the API cannot use."), error.errors)

    return csrf_exempt(require_safe(wrapped))


# Values


def text_or_null(value: str) -> str | None:
    return value or None


def both(obj, base: str) -> dict[str, str | None]:
    """``<base>_vi`` and ``<base>_en`` as a bilingual object; an empty text is null."""
    return {"vi": getattr(obj, f"{base}_vi") or None, "en": getattr(obj, f"{base}_en") or None}


def iso(value) -> str | None:
    return value.isoformat() if value else None


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def codes(cites) -> list[str]:
    """Source codes from a selector's numbered ``(number, source)`` pairs."""
    return [source.code for _number, source in cites]


def in_english(value) -> str:
    """A label from the interface vocabulary, in English whatever the page language."""
    with translation.override("en"):
        return str(value)


def source_data(source: Source) -> dict:
    return {
        "code": source.code,
        "title": source.title,
        "title_from_address": source.title_is_slug,
        "publisher": source.publisher,
        "url": text_or_null(source.url),
        "published_on": iso(source.published_on),
        "date_note": text_or_null(source.date_note),
        "language": source.language,
        "machine_translated": source.machine_translated,
        "quality": source.quality,
        "note": both(source, "note"),
    }


def sources_data(cites) -> list[dict]:
    return [source_data(source) for _number, source in cites]


def collected_sources(records: list[dict], listing: list[tuple[int, Source]]) -> list[dict]:
    """The sources ``records`` cite (their ``sources`` codes, nested records included), in the
    order of ``listing``: the part of a page's source list that one page of results needs."""
    cited: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    cited.update(code for code in item if isinstance(code, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(records)
    return [source_data(source) for _number, source in listing if source.code in cited]


# Pagination and filters


def paginate(request, items) -> tuple[list, dict]:
    """One page of ``items`` and the envelope that describes it; a page that does not exist
    is a 404."""
    paginator = Paginator(items, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404(_("There is no such page of results.")) from None

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return absolute(request, f"{request.path}?{params.urlencode()}")

    envelope = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), envelope


def filtered(filterset):
    """The filterset's queryset, filtered as on the HTML page but strictly: where the page
    ignores a value it cannot use, the API answers 400 naming the parameter (an empty value
    included: leave the parameter out instead). A slug that names nothing, such as an
    unknown issuer, is no error: it matches nothing, as a filter on it would."""
    form = filterset.form
    errors = {name: list(messages) for name, messages in form.errors.items()}
    unknown_slugs = set()
    for name, value in filterset.data.items():
        if name not in filterset.filters:
            continue
        if value == "":
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif name in errors:
            codes_found = {error.code for error in form.errors.as_data()[name]}
            if (
                isinstance(filterset.filters[name], ModelChoiceFilter)
                and SLUG.fullmatch(value)
                and codes_found == {"invalid_choice"}
            ):
                unknown_slugs.add(name)
        elif isinstance(filterset.filters[name], NumberFilter) and form.cleaned_data[name] % 1:
            errors[name] = [_("Enter a whole number.")]
    if not errors:
        return filterset.qs
    if set(errors) == unknown_slugs:
        return filterset.queryset.none()
    raise BadRequest({name: messages for name, messages in errors.items() if name not in unknown_slugs})


# Documents


def document_label(document: Document) -> dict[str, str]:
    return {"vi": document.label_vi, "en": in_english(document.label)}


def document_ref(request, document: Document) -> dict:
    """How one document points to another: enough to name it and follow the link."""
    return {
        "slug": document.slug,
        "label": document_label(document),
        "symbol": text_or_null(document.symbol),
        "status": document.status,
        "url": absolute(request, document.get_absolute_url()),
        "json_url": absolute(request, reverse("regulations:document-detail-json", kwargs={"slug": document.slug})),
    }


def issuer_data(issuer) -> dict | None:
    if issuer is None:
        return None
    return {"slug": issuer.slug, "name": both(issuer, "name"), "abbreviation": text_or_null(issuer.abbreviation)}


def document_core(request, document: Document) -> dict:
    """The fields a row of the documents list shows (issuer selected, topics prefetched)."""
    return {
        **document_ref(request, document),
        "kind": document.kind,
        "kind_name": {"vi": document.kind_vi, "en": in_english(document.get_kind_display())},
        "number": document.number,
        "year": document.issue_year,
        "title": both(document, "title"),
        "subject": both(document, "subject"),
        "issuer": issuer_data(document.issuer),
        "issued_on": iso(document.issued_on),
        "effective_on": iso(document.effective_on),
        "is_core": document.is_core,
        "topics": [{"slug": topic.slug, "name": both(topic, "name")} for topic in document.topics.all()],
    }


def document_summaries(request, documents: list[Document]) -> tuple[list[dict], list[dict]]:
    """List rows for ``documents``, each with the sources of its metadata, and those sources.
    Two queries whatever the number of documents."""
    prefetch_related_objects(
        documents, "topics", Prefetch("citations", queryset=DocumentCitation.objects.select_related("source"))
    )
    numbers = SourceNumbers()
    rows = []
    for document in documents:
        cited = numbers.add(dict.fromkeys(c.source for c in document.citations.all() if not c.disputes))
        rows.append({**document_core(request, document), "sources": codes(cited)})
    return rows, sources_data(numbers.listing)


def key_point_ref(request, point: KeyPoint | None) -> dict | None:
    """A link to a key point (its document must be loaded)."""
    if point is None:
        return None
    return {
        "document": point.document.slug,
        "anchor": point.anchor,
        "heading": both(point, "heading"),
        "article_label": both(point, "article_label"),
        "url": absolute(request, point.get_absolute_url()),
    }


def key_point_data(request, point: KeyPoint, cites) -> dict:
    """A key point in full. Gaps ("not found in the sources") are key points of kind "gap"
    and have no citation form: there is no provision to cite."""
    return {
        **key_point_ref(request, point),
        "order": point.order,
        "kind": point.kind,
        "article": point.article,
        "clause": text_or_null(point.clause),
        "text": both(point, "text"),
        "caveat": both(point, "caveat"),
        "citation_vi": point.citation_vi if point.kind != KeyPoint.Kind.GAP else None,
        "sources": codes(cites),
    }


def _field_data(value: selectors.FieldValue) -> dict:
    return {
        "sources": codes(value.cites),
        "disputed_by": [
            {"source": source.code, "note": both(citation, "note")} for _number, source, citation in value.disputes
        ],
        "notes": [{"source": citation.source.code, "note": both(citation, "note")} for citation in value.notes],
    }


def document_detail_data(request, page: selectors.DocumentPage) -> dict:
    """Everything the document page shows, from ``selectors.document_page``."""
    from cadres import api as cadres_api

    document = page.document
    key_points = sorted([*page.provisions, *page.gaps], key=lambda cited: cited.item.order)
    return {
        **document_core(request, document),
        "feed_url": absolute(request, reverse("regulations:document-feed", kwargs={"slug": document.slug})),
        "fixture_url": absolute(request, reverse("regulations:document-fixture", kwargs={"slug": document.slug})),
        "summary": both(document, "summary"),
        "structure": both(document, "structure"),
        "signer": text_or_null(document.signer),
        "signer_role": both(document, "signer_role"),
        "chapters": document.chapters,
        "articles": document.articles,
        "pilot_years": document.pilot_years,
        "pilot_ends_on": iso(page.status.pilot_ends_on),
        "replaced_by": [document_ref(request, other) for other in page.status.replaced_by],
        "replaced_on": iso(page.status.replaced_on),
        "citation_vi": document.citation_vi(),
        "created_at": iso(document.created_at),
        "updated_at": iso(document.updated_at),
        "fields": {key: _field_data(value) for key, value in page.fields.items()},
        "key_points": [key_point_data(request, cited.item, cited.cites) for cited in key_points],
        "relations": [
            {
                "kind": line.relation.kind,
                "direction": "outgoing" if line.relation.subject_id == document.pk else "incoming",
                "document": document_ref(request, line.other),
                "note": both(line.relation, "note"),
                "sources": codes(line.cites),
            }
            for line in page.relations
        ],
        "events": [
            {
                "slug": cited.item.slug,
                "held_on": iso(cited.item.held_on),
                "title": both(cited.item, "title"),
                "description": both(cited.item, "description"),
                "presided_by": both(cited.item, "presided_by"),
                "sources": codes(cited.cites),
            }
            for cited in page.events
        ],
        "records": cadres_api.document_records_data(request, page.records),
        "sources": sources_data(page.sources),
    }


@json_view
def document_list(request):
    """The documents list, filtered as on the HTML page (kind, issuer, year, status, core,
    topic, sort), 50 to a page."""
    filterset = DocumentFilter(request.GET, queryset=DocumentListView().get_queryset())
    documents, envelope = paginate(request, filtered(filterset))
    rows, sources = document_summaries(request, documents)
    return json_response({**envelope, "results": rows, "sources": sources})


@json_view
def document_detail(request, slug):
    try:
        document = selectors.document_for_page(slug)
    except Document.DoesNotExist:
        raise Http404(_("No document has this address.")) from None
    return json_response(document_detail_data(request, selectors.document_page(document=document)))


# Search


def _entry_json_url(entry: SearchEntry) -> str:
    kind = SearchEntry.Kind
    if entry.kind in {kind.DOCUMENT, kind.KEY_POINT}:
        return reverse("regulations:document-detail-json", kwargs={"slug": entry.target})
    if entry.kind == kind.POSITION:
        return reverse("cadres:position-detail-json", kwargs={"slug": entry.target})
    if entry.kind == kind.STANDARD:
        return reverse("cadres:standard-list-json")
    if entry.kind in {kind.CRITERION, kind.BAND}:
        return reverse("cadres:assessment-json")
    return reverse("cadres:authority-list-json")


def _entry_sources(entries: list[SearchEntry]) -> dict[tuple[str, int], list[Source]]:
    """The sources of the record behind each entry, in two queries whatever the kinds found:
    the (kind, record, source) links from every kind's table in one UNION, then the sources."""
    from cadres.models import Authority, ClassificationBand, Criterion, Position, Standard

    ids: dict[str, list[int]] = {kind: [] for kind in SearchEntry.Kind.values}
    for entry in entries:
        ids[entry.kind].append(entry.object_id)

    def links(queryset, kind, owner):
        return (
            queryset.filter(**{f"{owner}__in": ids[kind]})
            .annotate(entry_kind=Value(kind, output_field=CharField()))
            .values_list("entry_kind", owner, "source_id")
            .order_by()
        )

    parts = []
    for kind, model in {
        SearchEntry.Kind.KEY_POINT: KeyPoint,
        SearchEntry.Kind.POSITION: Position,
        SearchEntry.Kind.STANDARD: Standard,
        SearchEntry.Kind.CRITERION: Criterion,
        SearchEntry.Kind.BAND: ClassificationBand,
        SearchEntry.Kind.AUTHORITY: Authority,
    }.items():
        field = model.sources.field
        parts.append(links(field.remote_field.through.objects.all(), kind, f"{field.m2m_field_name()}_id"))
    # Last: the first part's model orders the UNION, and citations have a default ordering.
    parts.append(links(DocumentCitation.objects.filter(disputes=False), SearchEntry.Kind.DOCUMENT, "document_id"))
    rows = list(parts[0].union(*parts[1:], all=True)) if entries else []
    sources = Source.objects.in_bulk({source_id for _kind, _record, source_id in rows})
    found: dict[tuple[str, int], list[Source]] = {}
    for kind, record, source_id in sorted(rows, key=lambda row: sources[row[2]].code):
        cited = found.setdefault((kind, record), [])
        if sources[source_id] not in cited:
            cited.append(sources[source_id])
    return found


def _understood_data(parsed: number_search.NumberQuery) -> dict:
    return {
        "number": parsed.number,
        "kinds": sorted(parsed.kinds) if parsed.kinds else [],
        "year": parsed.year,
        "issuer_code": parsed.issuer_code,
        "issued_on": iso(parsed.issued_on),
        "description": parsed.describe(),
    }


def _excerpt(entry: SearchEntry) -> dict[str, str | None]:
    return {
        language: Truncator(getattr(entry, f"body_{language}")).chars(EXCERPT_LENGTH) or None
        for language in ("vi", "en")
    }


@json_view
def search(request):
    """Full-text results, 50 to a page, each with the sources of the record it finds. A
    query that is a document number also gets the documents it names and what was
    understood; unlike the HTML search it never redirects."""
    query = clean_query(request.GET.get("q", ""))
    filterset = SearchEntryFilter(request.GET, queryset=SearchEntry.objects.select_related("document"))
    entries = filtered(filterset)
    numbers = SourceNumbers()
    data: dict = {"query": query, "understood": None, "number_match": None, "near_numbers": [], "did_you_mean": []}

    parsed = number_search.parse_number_query(query) if query else None
    if parsed:
        match = number_search.documents_for_number(parsed)
        rows, _sources = document_summaries(request, match.documents)
        for document in match.documents:
            numbers.add(c.source for c in document.citations.all() if not c.disputes)
        data["understood"] = _understood_data(parsed)
        data["number_match"] = {"relaxed": match.relaxed, "documents": rows}
        if not match.documents:
            data["near_numbers"] = [document_ref(request, d) for d in number_search.numbers_near(parsed.number)]

    terms = query_terms(query) if query else []
    found = search_entries(query, entries) if terms else SearchEntry.objects.none()
    try:
        with time_limited():
            results, envelope = paginate(request, found)
    except SearchTimedOut:
        return error_response(503, _("The search took too long and was abandoned; try more specific words."))
    entry_sources = _entry_sources(results)
    rows = []
    for entry in results:
        cited = numbers.add(entry_sources.get((entry.kind, entry.object_id), []))
        rows.append(
            {
                "kind": entry.kind,
                "title": both(entry, "title"),
                "excerpt": _excerpt(entry),
                "url": absolute(request, _entry_url(entry)),
                "json_url": absolute(request, _entry_json_url(entry)),
                "document": document_ref(request, entry.document) if entry.document else None,
                "sources": codes(cited),
            }
        )
    if query and not results and not parsed:
        data["did_you_mean"] = [
            {"title": both(entry, "title"), "url": absolute(request, _entry_url(entry))}
            for entry in similar_titles(query)
        ]
    return json_response({**envelope, **data, "results": rows, "sources": sources_data(numbers.listing)})


def page_not_found(request, exception):
    """The site's 404 handler: JSON for an address ending in ``.json`` that names nothing
    (``/en/documents/no%20such.json``, which no URL pattern matches), the HTML page otherwise."""
    if request.path.endswith(".json"):
        return error_response(404, _("Nothing has this address."))
    return defaults.page_not_found(request, exception)


# The OpenAPI description


@csrf_exempt
@require_safe
@condition(etag_func=lambda request: OPENAPI_ETAG)
def openapi_document(request):
    """The OpenAPI 3.1 description of the JSON above, a file kept in the repository."""
    response = HttpResponse(OPENAPI_TEXT, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
