"""Open data for the cadre pages: positions, standards, assessment and authorities as JSON.

The conventions and shared helpers are in ``regulations.api``. Each view takes its records
from the selector its HTML page uses; the serialisers below then load, in one query per kind
of link, whatever a selector left out (``prefetch_related_objects`` skips what is already
loaded), so the query count does not grow with the data.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from cadres import selectors
from cadres.filters import AuthorityFilter
from cadres.models import Authority, Position
from regulations.api import (
    absolute,
    both,
    codes,
    collected_sources,
    document_ref,
    filtered,
    json_response,
    json_view,
    key_point_data,
    key_point_ref,
    paginate,
    sources_data,
)
from regulations.selectors import Cited, SourceNumbers


def _load(cited: list[Cited], *lookups: str) -> list[Cited]:
    prefetch_related_objects([c.item for c in cited], *lookups)
    return cited


# References


def position_ref(request, position: Position) -> dict:
    return {
        "slug": position.slug,
        "name": both(position, "name"),
        "url": absolute(request, position.get_absolute_url()),
        "json_url": absolute(request, reverse("cadres:position-detail-json", kwargs={"slug": position.slug})),
    }


def group_ref(request, group) -> dict | None:
    if group is None:
        return None
    return {"code": group.code, "name": both(group, "name"), "url": absolute(request, group.get_absolute_url())}


def tier_ref(tier) -> dict | None:
    if tier is None:
        return None
    return {"code": tier.code, "name": both(tier, "name"), "description": both(tier, "description")}


# Records, each with its sources. Every serialiser names the links it reads in ``*_NEEDS``.

GROUP_NEEDS = ("document", "key_point__document", "tiers__sources", "sources")
STANDARD_NEEDS = ("document", "key_point__document", "positions", "builds_on", "sources")
PERIOD_NEEDS = ("document", "key_point__document", "sources")
FRAMEWORK_NEEDS = ("document", "position_groups", "sources")
CRITERION_NEEDS = ("document", "key_point__document", "framework", "position_groups", "sources")
BAND_NEEDS = ("document", "key_point__document", "sources")
AUTHORITY_NEEDS = (
    "document",
    "key_point__document",
    "actor_position",
    "actor_body",
    "subject_positions",
    "subject_groups",
    "sources",
)
TRAINING_NEEDS = ("document", "key_point__document", "position_groups", "sources")


def group_data(request, cited: Cited) -> dict:
    group = cited.item
    return {
        **group_ref(request, group),
        "order": group.order,
        "description": both(group, "description"),
        "document": document_ref(request, group.document),
        "key_point": key_point_ref(request, group.key_point),
        "tiers": [{**tier_ref(tier), "sources": [s.code for s in tier.sources.all()]} for tier in group.tiers.all()],
        "sources": codes(cited.cites),
    }


def standard_data(request, standard, cites) -> dict:
    return {
        "slug": standard.slug,
        "url": absolute(request, standard.get_absolute_url()),
        "kind": standard.kind,
        "order": standard.order,
        "name": both(standard, "name"),
        "text": both(standard, "text"),
        "document": document_ref(request, standard.document),
        "key_point": key_point_ref(request, standard.key_point),
        "positions": [position_ref(request, position) for position in standard.positions.all()],
        "builds_on": [base.slug for base in standard.builds_on.all()],
        "sources": codes(cites),
    }


def period_data(request, cited: Cited) -> dict:
    period = cited.item
    return {
        "code": period.code,
        "order": period.order,
        "name": both(period, "name"),
        "note": both(period, "note"),
        "document": document_ref(request, period.document),
        "key_point": key_point_ref(request, period.key_point),
        "sources": codes(cited.cites),
    }


def framework_data(request, cited: Cited) -> dict:
    framework = cited.item
    return {
        "appendix": framework.appendix,
        "subject": both(framework, "subject"),
        "position_groups": [group_ref(request, group) for group in framework.position_groups.all()],
        "mapping_note": both(framework, "mapping_note"),
        "document": document_ref(request, framework.document),
        "sources": codes(cited.cites),
    }


def criterion_data(request, cited: Cited) -> dict:
    criterion = cited.item
    return {
        "slug": criterion.slug,
        "url": absolute(request, criterion.get_absolute_url()),
        "group": criterion.group,
        "order": criterion.order,
        "name": both(criterion, "name"),
        "text": both(criterion, "text"),
        "max_points": criterion.max_points,
        "framework_appendix": criterion.framework.appendix if criterion.framework else None,
        "position_groups": [group_ref(request, group) for group in criterion.position_groups.all()],
        "document": document_ref(request, criterion.document),
        "key_point": key_point_ref(request, criterion.key_point),
        "sources": codes(cited.cites),
    }


def band_data(request, cited: Cited) -> dict:
    band = cited.item
    return {
        "code": band.code,
        "url": absolute(request, band.get_absolute_url()),
        "order": band.order,
        "name": both(band, "name"),
        "min_score": band.min_score,
        "max_score_exclusive": band.max_score,
        "conditions": both(band, "conditions"),
        "caveat": both(band, "caveat"),
        "document": document_ref(request, band.document),
        "key_point": key_point_ref(request, band.key_point),
        "sources": codes(cited.cites),
    }


def authority_data(request, cited: Cited) -> dict:
    authority = cited.item
    body = authority.actor_body
    return {
        "slug": authority.slug,
        "url": absolute(request, authority.get_absolute_url()),
        "order": authority.order,
        "action": authority.action,
        "actor": both(authority, "actor"),
        "actor_position": position_ref(request, authority.actor_position) if authority.actor_position else None,
        "actor_body": {"slug": body.slug, "name": both(body, "name")} if body else None,
        "subject": both(authority, "subject"),
        "subject_positions": [position_ref(request, p) for p in authority.subject_positions.all()],
        "subject_groups": [group_ref(request, group) for group in authority.subject_groups.all()],
        "detail": both(authority, "detail"),
        "grounds": both(authority, "grounds"),
        "duration": both(authority, "duration"),
        "historical": authority.is_historical,
        "document": document_ref(request, authority.document),
        "key_point": key_point_ref(request, authority.key_point),
        "sources": codes(cited.cites),
    }


def training_data(request, cited: Cited) -> dict:
    training = cited.item
    return {
        "number": training.number,
        "url": absolute(request, training.get_absolute_url()),
        "name": both(training, "name"),
        "position_groups": [group_ref(request, group) for group in training.position_groups.all()],
        "mapping_note": both(training, "mapping_note"),
        "document": document_ref(request, training.document),
        "key_point": key_point_ref(request, training.key_point),
        "sources": codes(cited.cites),
    }


def standards_data(request, cited: list[Cited]) -> list[dict]:
    return [standard_data(request, c.item, c.cites) for c in _load(cited, *STANDARD_NEEDS)]


def periods_data(request, cited):
    return [period_data(request, c) for c in _load(cited, *PERIOD_NEEDS)]


def frameworks_data(request, cited):
    return [framework_data(request, c) for c in _load(cited, *FRAMEWORK_NEEDS)]


def criteria_data(request, cited):
    return [criterion_data(request, c) for c in _load(cited, *CRITERION_NEEDS)]


def bands_data(request, cited):
    return [band_data(request, c) for c in _load(cited, *BAND_NEEDS)]


def authorities_data(request, cited):
    return [authority_data(request, c) for c in _load(cited, *AUTHORITY_NEEDS)]


def training_groups_data(request, cited):
    return [training_data(request, c) for c in _load(cited, *TRAINING_NEEDS)]


def position_summary(request, position: Position) -> dict:
    """A row of the positions list (group, tier, listed_in selected; sources prefetched)."""
    return {
        **position_ref(request, position),
        "group": group_ref(request, position.group),
        "tier": tier_ref(position.tier),
        "is_leadership": position.is_leadership,
        "listed_in": document_ref(request, position.listed_in) if position.listed_in else None,
        "sources": [source.code for source in position.sources.all()],
    }


def document_records_data(request, records: dict[str, list[Cited]]) -> dict:
    """The cadre records a document sets out (``regulations.selectors.document_page``)."""
    positions = _load(records["positions"], "group", "tier", "listed_in", "sources")
    return {
        "position_groups": [group_data(request, c) for c in _load(records["groups"], *GROUP_NEEDS)],
        "positions": [{**position_summary(request, c.item), "sources": codes(c.cites)} for c in positions],
        "standards": standards_data(request, records["standards"]),
        "assessment_periods": periods_data(request, records["periods"]),
        "criteria_frameworks": frameworks_data(request, records["frameworks"]),
        "criteria": criteria_data(request, records["criteria"]),
        "classification_bands": bands_data(request, records["bands"]),
        "authorities": authorities_data(request, records["authorities"]),
        "training_groups": training_groups_data(request, records["training"]),
    }


def position_card_data(request, card: selectors.PositionCard) -> dict:
    """Everything the position page shows, from ``selectors.position_card``."""
    position = card.position
    inherited = [Cited(i.standard, []) for i in card.inherited_standards]
    _load(inherited, *STANDARD_NEEDS)
    return {
        **position_ref(request, position),
        "feed_url": absolute(request, reverse("cadres:position-feed", kwargs={"slug": position.slug})),
        "is_leadership": position.is_leadership,
        "note": both(position, "note"),
        "placement": {
            "group": (
                {**group_ref(request, position.group), "description": both(position.group, "description")}
                if position.group
                else None
            ),
            "tier": tier_ref(position.tier),
            "listed_in": document_ref(request, position.listed_in) if position.listed_in else None,
            "key_point": key_point_ref(request, position.key_point),
            "sources": codes(card.placement),
        },
        "standards": {
            "specific": standards_data(request, card.specific_standards),
            "inherited": [
                {
                    **standard_data(request, i.standard, [(0, s) for s in i.standard.sources.all()]),
                    "required_by": i.via.slug,
                }
                for i in card.inherited_standards
            ],
            "common": standards_data(request, card.common_standards),
        },
        "assessment": {
            "scope": (
                key_point_data(request, card.assessment_scope.item, card.assessment_scope.cites)
                if card.assessment_scope
                else None
            ),
            "assessors": authorities_data(request, card.assessors),
            "frameworks": frameworks_data(request, card.frameworks),
            "criteria": criteria_data(request, card.criteria),
            "periods": periods_data(request, card.periods),
            "classification_bands": bands_data(request, card.bands),
        },
        "authorities": {
            "over": authorities_data(request, card.authorities_over),
            "held": authorities_data(request, card.authorities_held),
            "historical": authorities_data(request, card.authorities_historical),
        },
        "training_groups": training_groups_data(request, card.training_groups),
        "documents": [
            {**document_ref(request, document), "subject": both(document, "subject")} for document in card.documents
        ],
        "sources": sources_data(card.sources),
    }


@json_view
def position_list(request):
    """The positions in the order of the 368 list (groups, levels, then the titles whose
    group the sources leave open), 50 to a page, with the groups themselves."""
    listings, unplaced = selectors.positions_by_group()
    ordered = [
        *(p for listing in listings for _tier, positions in listing.tiers for p in positions),
        *(p for listing in listings for p in listing.untiered),
        *unplaced,
    ]
    positions, envelope = paginate(request, ordered)
    prefetch_related_objects(positions, "sources")
    numbers = SourceNumbers()
    groups = [Cited(listing.group, numbers.add(listing.group.sources.all())) for listing in listings]
    rows = []
    for position in positions:
        numbers.add(position.sources.all())
        rows.append(position_summary(request, position))
    groups_json = [group_data(request, cited) for cited in _load(groups, *GROUP_NEEDS)]
    for group in groups:
        for tier in group.item.tiers.all():
            numbers.add(tier.sources.all())
    return json_response({**envelope, "results": rows, "groups": groups_json, "sources": sources_data(numbers.listing)})


@json_view
def position_detail(request, slug):
    try:
        position = selectors.position_for_page(slug)
    except Position.DoesNotExist:
        raise Http404(_("No position has this address.")) from None
    return json_response(position_card_data(request, selectors.position_card(position=position)))


@json_view
def standard_list(request):
    page = selectors.standards_page()
    document = page["document"]
    return json_response(
        {
            "document": document_ref(request, document) if document else None,
            "leadership_positions": page["leadership_count"],
            "common": standards_data(request, page["common"]),
            "specific": standards_data(request, page["specific"]),
            "sources": sources_data(page["sources"]),
        }
    )


@json_view
def assessment(request):
    page = selectors.assessment_page()
    periods = [cited for _document, cited_list in page["periods_by_document"] for cited in cited_list]
    gaps = page["gaps"]
    return json_response(
        {
            "periods": periods_data(request, periods),
            "classification_bands": bands_data(request, page["bands"]),
            "frameworks": frameworks_data(request, page["frameworks"]),
            "criteria": criteria_data(request, page["criteria"]),
            "assessors": authorities_data(request, page["assessors"]),
            "training_groups": training_groups_data(request, page["training"]),
            "gaps": [key_point_data(request, cited.item, cited.cites) for cited in gaps],
            "sources": sources_data(page["sources"]),
        }
    )


@json_view
def authority_list(request):
    """Authorities filtered as on the HTML page (action, document, period), current
    documents first, 50 to a page."""
    filterset = AuthorityFilter(request.GET, queryset=Authority.objects.for_display())
    page = selectors.authorities_page(filtered(filterset))
    ordered = [cited for _document, cited_list in page["groups"] for cited in cited_list]
    cited, envelope = paginate(request, ordered)
    rows = authorities_data(request, cited)
    return json_response({**envelope, "results": rows, "sources": collected_sources(rows, page["sources"])})
