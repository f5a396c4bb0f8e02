"""The documents list and document pages, their JSON twins, and the fixture downloads."""

from __future__ import annotations

import threading
import weakref

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from core.data_version import data_version_read
from core.http import json_response, json_view, paginate, reads_query, strictly_filtered
from core.slots import process_slots
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


class _HeldFile:
    """An open export file that gives its download slot back when it is closed: by the server
    once the last byte is sent or the reader has gone, or by the page cache on a 304. Every
    other attribute is the file's (``fileno`` for the server's sendfile, ``name`` and ``tell``
    for the length)."""

    def __init__(self, file, slot: threading.BoundedSemaphore):
        self._file = file
        # Given back once: on close, or when the response is dropped unclosed (a response
        # replaced on its way out), so that no slot is ever lost.
        self._give_back = weakref.finalize(self, slot.release)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def close(self):
        try:
            self._file.close()
        finally:
            self._give_back()


def _unavailable(message: str) -> HttpResponse:
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "30"
    return response


def _fixture_response(write_file, filename: str) -> HttpResponse:
    """Stream an export file; ``write_file`` opens it, writing it the first time for
    this data version (``reference.services.exports``). The page cache marks the response
    with the version's ETag and Last-Modified and answers conditional requests with 304.

    A download holds a worker thread until its last byte is read (the whole dataset is over
    100 MB at scale): at most ``EXPORT_CONCURRENCY`` stream at once in a process, and a
    request past them gets 503 with Retry-After at once, so readers of pages keep threads."""
    slot = process_slots("download", settings.EXPORT_CONCURRENCY)
    if not slot.acquire(blocking=False):
        return _unavailable(_("Too many downloads are running at once; try again in a minute."))
    try:
        file = write_file()
    except exports.ExportBusy:
        slot.release()
        return _unavailable(_("The download is being prepared; try again in a minute."))
    except BaseException:
        slot.release()
        raise
    return FileResponse(
        _HeldFile(file, slot), as_attachment=True, filename=filename, content_type="application/json; charset=utf-8"
    )


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
