"""The documents list and document pages, their JSON twins, and the fixture downloads."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from core.data_version import data_version_read
from core.http import json_response, json_view, paginate, reads_query, strictly_filtered
from reference.filters import DocumentFilter
from reference.search import numbers as number_search
from reference.search.query import clean_query
from reference.selectors import documents as selectors
from reference.serializers.documents import document_page_data, document_rows_data
from reference.services.exports import fixture_export
from regulations.models import Document


class DocumentListView(FilterView):
    filterset_class = DocumentFilter
    template_name = "regulations/document_list.html"
    paginate_by = 25
    strict = False
    query_parameters = frozenset([*DocumentFilter.base_filters, "page"])

    def get_queryset(self):
        return selectors.documents_for_list()


@reads_query(*DocumentFilter.base_filters, "page")
@json_view
def document_list_json(request):
    """The documents list, filtered as on the HTML page (kind, issuer, year, status, core,
    topic, sort), 50 to a page."""
    filterset = DocumentFilter(request.GET, queryset=selectors.documents_for_list())
    documents, envelope = paginate(request, strictly_filtered(filterset))
    return json_response({**envelope, **document_rows_data(request, selectors.document_rows(documents=documents))})


def _document(slug: str) -> Document:
    try:
        return selectors.document_for_page(slug=slug)
    except Document.DoesNotExist:
        raise Http404(_("No document has this address.")) from None


@reads_query("searched")
@require_safe
def document_detail(request, slug):
    searched = clean_query(request.GET.get("searched", ""))
    context = {
        "page": selectors.document_page(document=_document(slug)),
        "searched": searched,
        "understood": number_search.parse_number_query(searched) if searched else None,
    }
    return render(request, "regulations/document_detail.html", context)


@json_view
def document_detail_json(request, slug):
    return json_response(document_page_data(request, selectors.document_page(document=_document(slug))))


def _fixture_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_export_building = threading.Lock()


def _export_for_version(name: str, build) -> str:
    """An export, serialised once per data version and shared by both languages' addresses
    (the page cache keeps one page per language): about a second of CPU for the whole
    dataset. One thread of a process builds at a time: a burst of requests for a new version
    (or for an export too large to keep) waits for that build instead of running it on every
    thread at once, which took a worker's every thread for many seconds."""
    key = f"export:{data_version_read().number}:{name}"
    text = cache.get(key)
    if text is None:
        with _export_building:
            text = cache.get(key)
            if text is None:
                text = build()
                cache.set(key, text, settings.PAGE_CACHE_SECONDS)
    return text


@require_safe
def data_export(request):
    """The whole dataset in the fixture format staff import: it loads into an empty database."""
    stamp = data_version_read().changed_at.strftime("%Y%m%d")
    return _fixture_response(_export_for_version("all", fixture_export), f"cadreref-fixtures-{stamp}.json")


@require_safe
def document_fixture(request, slug):
    """One document, what hangs off it and what that refers to, as a fixture."""
    document = get_object_or_404(Document, slug=slug)
    text = _export_for_version(f"document:{document.pk}", lambda: fixture_export(document=document))
    return _fixture_response(text, f"cadreref-{document.slug}.json")
