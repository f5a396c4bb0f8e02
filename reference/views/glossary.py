"""The glossary and the "what changed" pages, each beside its JSON twin."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import json_response, json_view
from reference.selectors.changes import document_changes
from reference.selectors.documents import document_for_page
from reference.selectors.glossary import glossary_page
from reference.serializers.glossary import changes_page_data, glossary_page_data
from regulations.models import Change, Document


@require_safe
def glossary(request):
    return render(request, "regulations/glossary.html", {"page": glossary_page()})


@json_view
def glossary_json(request):
    return json_response(glossary_page_data(request, glossary_page()))


def _changes(slug: str):
    try:
        return document_changes(document=document_for_page(slug=slug))
    except Document.DoesNotExist:
        raise Http404(_("No document has this address.")) from None
    except Change.DoesNotExist:
        raise Http404(_("No comparison with earlier documents is recorded for this document.")) from None


@require_safe
def document_changes_page(request, slug):
    return render(request, "regulations/document_changes.html", {"page": _changes(slug)})


@json_view
def document_changes_json(request, slug):
    return json_response(changes_page_data(request, _changes(slug)))
