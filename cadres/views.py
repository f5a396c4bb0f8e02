"""Public pages about positions and the rules that apply to them."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from cadres import selectors
from cadres.filters import AuthorityFilter
from cadres.models import Authority, Position


class PositionListView(TemplateView):
    template_name = "cadres/position_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        groups, unplaced = selectors.positions_by_group()
        return super().get_context_data(groups=groups, unplaced=unplaced, **kwargs)


@require_safe
def position_detail(request, slug):
    try:
        position = selectors.position_for_page(slug)
    except Position.DoesNotExist:
        raise Http404(_("No position has this address.")) from None
    return render(request, "cadres/position_detail.html", {"card": selectors.position_card(position=position)})


@require_safe
def standard_list(request):
    return render(request, "cadres/standard_list.html", selectors.standards_page())


@require_safe
def assessment(request):
    return render(request, "cadres/assessment.html", selectors.assessment_page())


@require_safe
def authority_list(request):
    filterset = AuthorityFilter(request.GET, queryset=Authority.objects.for_display())
    context = selectors.authorities_page(filterset.qs)
    context["filter"] = filterset
    return render(request, "cadres/authority_list.html", context)


@require_safe
def authority_matrix(request):
    return render(request, "cadres/authority_matrix.html", selectors.authority_matrix())
