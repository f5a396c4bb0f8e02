"""The positions list (the 368 list) and position pages, and their JSON twins."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cadres.models import Position
from core.http import json_response, json_view, paginate, reads_query
from reference.selectors import positions as selectors
from reference.serializers.records import position_card_data, position_list_data


@require_safe
def position_list(request):
    return render(request, "cadres/position_list.html", {"page": selectors.position_list()})


@reads_query("page")
@json_view
def position_list_json(request):
    """The positions in the order of the 368 list (groups, levels, then the titles whose
    group the sources leave open), 50 to a page, with the groups themselves."""
    page = selectors.position_list()
    positions, envelope = paginate(request, page.positions)
    return json_response({**envelope, **position_list_data(request, page, positions)})


def _card(slug: str) -> selectors.PositionCard:
    try:
        position = selectors.position_for_page(slug=slug)
    except Position.DoesNotExist:
        raise Http404(_("No position has this address.")) from None
    return selectors.position_card(position=position)


@require_safe
def position_detail(request, slug):
    return render(request, "cadres/position_detail.html", {"card": _card(slug)})


@json_view
def position_detail_json(request, slug):
    return json_response(position_card_data(request, _card(slug)))
