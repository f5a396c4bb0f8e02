"""The authorities list and matrix, and the list's JSON twin."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.http import json_response, json_view, paginate, reads_query, strictly_filtered
from reference.filters import AuthorityFilter
from reference.selectors import authorities as selectors
from reference.serializers.base import collected_sources
from reference.serializers.records import authority_data, each


def _filter(request) -> AuthorityFilter:
    return AuthorityFilter(request.GET, queryset=selectors.authorities_for_list())


@reads_query(*AuthorityFilter.base_filters)
@require_safe
def authority_list(request):
    filterset = _filter(request)
    page = selectors.authorities_page(authorities=filterset.qs)
    return render(request, "cadres/authority_list.html", {"page": page, "filter": filterset})


@reads_query(*AuthorityFilter.base_filters, "page")
@json_view
def authority_list_json(request):
    """Authorities filtered as on the HTML page (action, document, period), current
    documents first, 50 to a page."""
    page = selectors.authorities_page(authorities=strictly_filtered(_filter(request)))
    authorities, envelope = paginate(request, page.authorities)
    rows = each(authority_data, request, authorities)
    return json_response({**envelope, "results": rows, "sources": collected_sources(rows, page.sources)})


@require_safe
def authority_matrix(request):
    return render(request, "cadres/authority_matrix.html", {"page": selectors.authority_matrix()})
