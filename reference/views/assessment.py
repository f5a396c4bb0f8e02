"""The assessment page (366, 198, 145) and its JSON twin."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.http import json_response, json_view
from reference.selectors.assessment import assessment_page
from reference.serializers.records import assessment_page_data


@require_safe
def assessment(request):
    return render(request, "cadres/assessment.html", {"page": assessment_page()})


@json_view
def assessment_json(request):
    return json_response(assessment_page_data(request, assessment_page()))
