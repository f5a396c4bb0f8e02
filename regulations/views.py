"""Public pages about documents, their relations and sources, and search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from regulations import selectors
from regulations.filters import DocumentFilter, SearchEntryFilter
from regulations.graph import relation_graph
from regulations.models import Document, SearchEntry
from regulations.search import numbers as number_search
from regulations.search.query import (
    SearchTimedOut,
    clean_query,
    highlight,
    query_terms,
    search_entries,
    similar_titles,
    time_limited,
)
from regulations.services.data_state import data_state_read
from regulations.services.exports import fixture_export

RESULTS_PER_GROUP = 8
RESULTS_PER_PAGE = 30


@require_safe
def home(request):
    return render(request, "regulations/home.html", {"page": selectors.home_page()})


class DocumentListView(FilterView):
    filterset_class = DocumentFilter
    template_name = "regulations/document_list.html"
    paginate_by = 25
    strict = False

    def get_queryset(self):
        return Document.objects.for_list().prefetch_related("topics").order_by("-is_core", "-issued_on", "number")


@require_safe
def document_detail(request, slug):
    try:
        document = selectors.document_for_page(slug)
    except Document.DoesNotExist:
        raise Http404(_("No document has this address.")) from None
    searched = clean_query(request.GET.get("searched", ""))
    understood = number_search.parse_number_query(searched) if searched else None
    return render(
        request,
        "regulations/document_detail.html",
        {
            "page": selectors.document_page(document=document),
            "searched": searched,
            "understood": understood,
        },
    )


def _fixture_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_for_version(name: str, build) -> str:
    """An export, serialised once per data version. The page cache keys on the query string,
    so without this every made-up parameter (``?x=1``, ``?x=2``…) would serialise the whole
    dataset again: about a second of CPU per request for anyone who asks."""
    version = data_state_read()
    return cache.get_or_set(f"export:{version.number}:{name}", build, settings.PAGE_CACHE_SECONDS)


@require_safe
def data_export(request):
    """The whole dataset in the fixture format staff import: it loads into an empty database."""
    stamp = data_state_read().changed_at.strftime("%Y%m%d")
    return _fixture_response(_export_for_version("all", fixture_export), f"cadreref-fixtures-{stamp}.json")


@require_safe
def document_fixture(request, slug):
    """One document, what hangs off it and what that refers to, as a fixture."""
    document = get_object_or_404(Document, slug=slug)
    text = _export_for_version(f"document:{document.pk}", lambda: fixture_export(document=document))
    return _fixture_response(text, f"cadreref-{document.slug}.json")


@require_safe
def relations(request):
    documents = selectors.timeline()
    return render(
        request,
        "regulations/relations.html",
        {"documents": documents, "graph": relation_graph(documents)},
    )


@require_safe
def source_list(request):
    return render(request, "regulations/source_list.html", {"uses": selectors.sources_with_use()})


@require_safe
def about(request):
    return render(request, "regulations/about.html", {"page": selectors.home_page()})


def _entry_url(entry: SearchEntry) -> str:
    kind = SearchEntry.Kind
    if entry.kind in {kind.DOCUMENT, kind.KEY_POINT}:
        url = reverse("regulations:document-detail", kwargs={"slug": entry.target})
    elif entry.kind == kind.POSITION:
        url = reverse("cadres:position-detail", kwargs={"slug": entry.target})
    elif entry.kind == kind.STANDARD:
        url = reverse("cadres:standard-list") + f"#{entry.target}"
    elif entry.kind in {kind.CRITERION, kind.BAND}:
        url = reverse("cadres:assessment") + f"#{entry.target}"
    else:
        url = reverse("cadres:authority-list") + f"#{entry.target}"
    return f"{url}#{entry.anchor}" if entry.anchor else url


@require_safe
def search(request):
    """One box for everything: a number lands on its document; anything else is full text."""
    query = clean_query(request.GET.get("q", ""))
    context = {"search_query": query, "query": query}
    filterset = SearchEntryFilter(request.GET, queryset=SearchEntry.objects.select_related("document"))
    context["filter"] = filterset
    if not query:
        return render(request, "regulations/search.html", context)

    parsed = number_search.parse_number_query(query)
    if parsed:
        match = number_search.documents_for_number(parsed)
        context.update(understood=parsed, number_match=match)
        filtered = any(request.GET.get(name) for name in filterset.filters)
        if len(match.documents) == 1 and not match.relaxed and not filtered:
            document = match.documents[0]
            return redirect(f"{document.get_absolute_url()}?{urlencode({'searched': query})}")
        if not match.documents:
            context["near_numbers"] = number_search.numbers_near(parsed.number)

    terms = query_terms(query)
    try:
        with time_limited():
            results = list(search_entries(query, filterset.qs)[: RESULTS_PER_PAGE * 4]) if terms else []
    except SearchTimedOut:
        results = []
        context["timed_out"] = True
    for entry in results:
        entry.url = _entry_url(entry)
        entry.title_marked = highlight(entry.title, terms)
        entry.snippet = highlight(entry.body, terms, limit=240)
    groups = []
    selected_type = filterset.form.cleaned_data.get("type") if filterset.is_valid() else None
    # Groups come in the order of their best result, so the best match overall is shown first.
    for kind in dict.fromkeys(entry.kind for entry in results):
        rows = [entry for entry in results if entry.kind == kind]
        limit = RESULTS_PER_PAGE if selected_type else RESULTS_PER_GROUP
        groups.append(
            {
                "kind": kind,
                "label": SearchEntry.Kind(kind).label,
                "rows": rows[:limit],
                "total": len(rows),
                "more": len(rows) > limit,
            }
        )
    context.update(groups=groups, result_count=len(results))
    if not results and not parsed and not context.get("timed_out"):
        context["similar"] = [(entry, _entry_url(entry)) for entry in similar_titles(query)]
    return render(request, "regulations/search.html", context)


@require_safe
def search_suggest(request):
    """Up to eight suggestions while typing: documents by number first, then titles."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if len(query) >= 2:
        parsed = number_search.parse_number_query(query)
        if parsed:
            for document in number_search.documents_for_number(parsed).documents[:5]:
                suggestions.append(
                    {
                        "kind": str(SearchEntry.Kind.DOCUMENT.label),
                        "label": f"{document.label} — {document.heading}",
                        "url": document.get_absolute_url(),
                    }
                )
        if query_terms(query):
            try:
                with time_limited():
                    entries = list(search_entries(query)[: 8 - len(suggestions)])
            except SearchTimedOut:
                entries = []
            for entry in entries:
                suggestions.append(
                    {
                        "kind": entry.get_kind_display(),
                        "label": entry.title,
                        "url": _entry_url(entry),
                    }
                )
    return JsonResponse({"query": query, "suggestions": suggestions[:8]})
