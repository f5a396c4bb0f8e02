"""The home, about, relations and sources pages."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from reference.selectors import documents as selectors


@require_safe
def home(request):
    return render(request, "regulations/home.html", {"page": selectors.home_page()})


@require_safe
def about(request):
    return render(request, "regulations/about.html", {"page": selectors.home_page()})


@require_safe
def relations(request):
    return render(request, "regulations/relations.html", {"page": selectors.relations_page()})


@require_safe
def source_list(request):
    return render(request, "regulations/source_list.html", {"uses": selectors.sources_with_use()})
