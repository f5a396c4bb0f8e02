"""The standards page (Regulation 365) and its JSON twin."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.http import json_response, json_view
from reference.selectors.standards import standards_page
from reference.serializers.records import standards_page_data


@require_safe
def standard_list(request):
    return render(request, "cadres/standard_list.html", {"page": standards_page()})


@json_view
def standard_list_json(request):
    return json_response(standards_page_data(request, standards_page()))
