"""The documents list and document pages, their JSON twins, and the fixture downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
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
from reference.services import exports
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


def _fixture_response(write_file, filename: str) -> HttpResponse:
    """Stream an export file; ``write_file`` opens it, writing it the first time for
    this data version (``reference.services.exports``). The page cache marks the response
    with the version's ETag and Last-Modified and answers conditional requests with 304."""
    try:
        file = write_file()
    except exports.ExportBusy:
        response = HttpResponse(
            _("The download is being prepared; try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    return FileResponse(file, as_attachment=True, filename=filename, content_type="application/json; charset=utf-8")


@require_safe
def data_export(request):
    """The whole dataset in the fixture format staff import: it loads into an empty database."""
    version = data_version_read()
    return _fixture_response(
        lambda: exports.dataset_export_file(version=version),
        f"cadreref-fixtures-{version.changed_at:%Y%m%d}.json",
    )


@require_safe
def document_fixture(request, slug):
    """One document, what hangs off it and what that refers to, as a fixture."""
    document = get_object_or_404(Document, slug=slug)
    return _fixture_response(
        lambda: exports.document_export_file(version=data_version_read(), document=document),
        f"cadreref-{document.slug}.json",
    )
