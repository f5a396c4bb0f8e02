"""Search: one box for everything, its JSON twin, and the suggestions shown while typing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import error_response, json_response, json_view, page_envelope, reads_query, strictly_filtered
from reference import registry
from reference.filters import SearchEntryFilter
from reference.models import SearchEntry
from reference.search.query import MAX_QUERY_LENGTH, clean_query, highlight, query_too_long
from reference.selectors.search import search_results, search_suggestions
from reference.serializers.search import search_results_data

RESULTS_PER_GROUP = 8
RESULTS_PER_PAGE = 30
JSON_PAGE_SIZE = 50


def _busy(response):
    """A search refused because the process runs as many as it may: worth retrying soon."""
    response["Retry-After"] = "5"
    return response


def _too_long_message() -> str:
    return _("The search is longer than %(limit)d characters; shorten it and search again.") % {
        "limit": MAX_QUERY_LENGTH
    }


def _filter(request) -> SearchEntryFilter:
    return SearchEntryFilter(request.GET, queryset=SearchEntry.objects.select_related("document"))


def _exact(request) -> bool:
    """``exact=1``: search exactly as typed, without correcting a query that finds nothing or
    leaving one of its words out."""
    return request.GET.get("exact") == "1"


@reads_query("q", "exact", *SearchEntryFilter.base_filters)
@require_safe
def search(request):
    """A number lands on its document; anything else is full text, grouped by kind of record."""
    query = clean_query(request.GET.get("q", ""))
    filterset = _filter(request)
    filtered = any(request.GET.get(name) for name in filterset.filters)
    context = {"search_query": query, "query": query, "filter": filterset, "filtered": filtered}
    if query_too_long(request.GET.get("q", "")):
        context["too_long"] = _too_long_message()
        return render(request, "regulations/search.html", context, status=400)
    if not query:
        return render(request, "regulations/search.html", context)
    results = search_results(
        query=query,
        entries=filterset.qs,
        per_page=RESULTS_PER_PAGE * 4,
        land_on_one_number=not filtered,
        counted=False,
        exact=_exact(request),
    )
    if results.busy:
        return _busy(render(request, "regulations/search.html", {**context, "busy": True}, status=503))
    if results.lands_on:
        return redirect(f"{results.lands_on.get_absolute_url()}?{urlencode({'searched': query})}")

    selected_type = filterset.form.cleaned_data.get("type") if filterset.is_valid() else None
    limit = RESULTS_PER_PAGE if selected_type else RESULTS_PER_GROUP
    marks = {"syllabic": results.syllabic, "forms": results.forms}
    groups = []
    # Groups come in the order of their best result, so the best match overall is shown first.
    for kind in dict.fromkeys(entry.kind for entry in results.entries):
        rows = [entry for entry in results.entries if entry.kind == kind]
        # Only the rows shown are linked and marked: the others are only counted.
        for entry in rows[:limit]:
            entry.url = registry.entry_url(entry)
            entry.title_marked = highlight(entry.title, results.terms, **marks)
            entry.snippet = highlight(entry.body, results.terms, limit=240, **marks)
        groups.append(
            {
                "kind": kind,
                "label": registry.search_kind(kind).search.label,
                "rows": rows[:limit],
                "total": len(rows),
                "more": len(rows) > limit,
            }
        )
    context.update(
        understood=results.understood,
        number_match=results.number_match,
        near_numbers=results.near_numbers,
        groups=groups,
        result_count=len(results.entries),
        timed_out=results.timed_out,
        corrected=results.corrected,
        without=results.without,
        similar=[(entry, registry.entry_url(entry)) for entry in results.did_you_mean],
    )
    response = render(request, "regulations/search.html", context)
    if results.partial:
        # What a slow moment allowed: never kept by the page cache or a proxy.
        add_never_cache_headers(response)
    return response


@reads_query("q", "exact", *SearchEntryFilter.base_filters, "page")
@json_view
def search_json(request):
    """Full-text results, 50 to a page, each with the sources of the record it finds. A
    query that is a document number also gets the documents it names and what was
    understood; unlike the HTML search it never redirects."""
    if query_too_long(request.GET.get("q", "")):
        return error_response(400, _too_long_message(), {"q": [_too_long_message()]})
    query = clean_query(request.GET.get("q", ""))
    filterset = _filter(request)
    try:
        results = search_results(
            query=query,
            entries=strictly_filtered(filterset),
            page=request.GET.get("page", 1),
            per_page=JSON_PAGE_SIZE,
            with_sources=True,
            exact=_exact(request),
        )
    except InvalidPage:
        raise Http404(_("There is no such page of results.")) from None
    if results.busy:
        return _busy(error_response(503, _("Too many searches are running; try again in a few seconds.")))
    if results.timed_out:
        return error_response(503, _("The search took too long and was abandoned; try more specific words."))

    envelope = page_envelope(request, count=results.count, number=results.page_number, pages=results.pages)
    response = json_response({**envelope, **search_results_data(request, results)})
    if results.partial:
        add_never_cache_headers(response)
    return response


@reads_query("q")
@require_safe
def search_suggest(request):
    """Up to eight suggestions while typing: documents by number first, then titles."""
    if query_too_long(request.GET.get("q", "")):
        return error_response(400, _too_long_message(), {"q": [_too_long_message()]})
    query = clean_query(request.GET.get("q", ""))
    suggestions = [{"kind": str(s.kind), "label": s.label, "url": s.url} for s in search_suggestions(query=query)]
    return JsonResponse({"query": query, "suggestions": suggestions})
