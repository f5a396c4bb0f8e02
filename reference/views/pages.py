"""The home, about, relations and sources pages."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import reads_query
from reference.selectors import documents as selectors


@require_safe
def home(request):
    return render(request, "regulations/home.html", {"page": selectors.home_page()})


@require_safe
def about(request):
    return render(request, "regulations/about.html", {"page": selectors.home_page()})


def _one_page(request, read_page, template_name: str):
    """``template_name`` with the page of ``read_page`` that ``?page=`` names (the first by
    default); 404 for a page that does not exist."""
    try:
        page = read_page(page_number=request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("There is no such page of results.")) from None
    return render(request, template_name, {"page": page})


@reads_query("page")
@require_safe
def relations(request):
    """The timeline of documents with their relations, a page at a time (``?page=``)."""
    return _one_page(request, selectors.relations_page, "regulations/relations.html")


@reads_query("page")
@require_safe
def source_list(request):
    """The sources with what cites them, a page at a time (``?page=``)."""
    return _one_page(request, selectors.sources_page, "regulations/source_list.html")
