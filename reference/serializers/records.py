"""Serialisers for the cadre records (positions, standards, assessment, authorities, training)
and the pages built from them."""

from __future__ import annotations

from django.urls import reverse

from cadres.models import Position, PositionGroup, PositionTier
from core.bilingual import both
from core.citations import Cited
from reference.selectors.assessment import AssessmentPage
from reference.selectors.positions import PositionCard, PositionList
from reference.selectors.standards import StandardsPage
from reference.serializers.base import (
    codes,
    collected_sources,
    document_ref,
    key_point_data,
    key_point_ref,
    sources_data,
)

# References


def position_ref(request, position: Position) -> dict:
    return {
        "slug": position.slug,
        "name": both(position, "name"),
        "url": request.build_absolute_uri(position.get_absolute_url()),
        "json_url": request.build_absolute_uri(reverse("cadres:position-detail-json", kwargs={"slug": position.slug})),
    }


def group_ref(request, group: PositionGroup | None) -> dict | None:
    if group is None:
        return None
    return {
        "code": group.code,
        "name": both(group, "name"),
        "url": request.build_absolute_uri(group.get_absolute_url()),
    }


def tier_ref(tier: PositionTier | None) -> dict | None:
    if tier is None:
        return None
    return {"code": tier.code, "name": both(tier, "name"), "description": both(tier, "description")}


# Records, each with its sources (from ``Model.objects.for_display()``)


def set_out_by(request, record, cites) -> dict:
    """Where a record comes from: its document, the key point that sets it out, its sources."""
    return {
        "document": document_ref(request, record.document),
        "key_point": key_point_ref(request, record.key_point),
        "sources": codes(cites),
    }


def group_data(request, group: PositionGroup, cites) -> dict:
    return {
        **group_ref(request, group),
        "order": group.order,
        "description": both(group, "description"),
        "document": document_ref(request, group.document),
        "key_point": key_point_ref(request, group.key_point),
        "tiers": [{**tier_ref(tier), "sources": [s.code for s in tier.sources.all()]} for tier in group.tiers.all()],
        "sources": codes(cites),
    }


def position_row_data(request, position: Position, cites) -> dict:
    """A row of the positions list (``Position.objects.for_list()``, sources loaded)."""
    return {
        **position_ref(request, position),
        "group": group_ref(request, position.group),
        "tier": tier_ref(position.tier),
        "is_leadership": position.is_leadership,
        "listed_in": document_ref(request, position.listed_in) if position.listed_in else None,
        "sources": codes(cites),
    }


def standard_data(request, standard, cites) -> dict:
    return {
        "slug": standard.slug,
        "url": request.build_absolute_uri(standard.get_absolute_url()),
        "kind": standard.kind,
        "order": standard.order,
        "name": both(standard, "name"),
        "text": both(standard, "text"),
        "document": document_ref(request, standard.document),
        "key_point": key_point_ref(request, standard.key_point),
        "positions": [position_ref(request, position) for position in standard.positions.all()],
        "builds_on": [base.slug for base in standard.builds_on.all()],
        "builds_on_rule": standard.builds_on_rule,
        "sources": codes(cites),
    }


def period_data(request, period, cites) -> dict:
    return {
        "code": period.code,
        "order": period.order,
        "name": both(period, "name"),
        "note": both(period, "note"),
        **set_out_by(request, period, cites),
    }


def framework_data(request, framework, cites) -> dict:
    return {
        "appendix": framework.appendix,
        "subject": both(framework, "subject"),
        "position_groups": [group_ref(request, group) for group in framework.position_groups.all()],
        "mapping_note": both(framework, "mapping_note"),
        "document": document_ref(request, framework.document),
        "sources": codes(cites),
    }


def criterion_data(request, criterion, cites) -> dict:
    return {
        "slug": criterion.slug,
        "url": request.build_absolute_uri(criterion.get_absolute_url()),
        "group": criterion.group,
        "order": criterion.order,
        "name": both(criterion, "name"),
        "text": both(criterion, "text"),
        "mapping_note": both(criterion, "mapping_note"),
        "max_points": criterion.max_points,
        "framework_appendix": criterion.framework.appendix if criterion.framework else None,
        "position_groups": [group_ref(request, group) for group in criterion.position_groups.all()],
        **set_out_by(request, criterion, cites),
    }


def band_data(request, band, cites) -> dict:
    return {
        "code": band.code,
        "url": request.build_absolute_uri(band.get_absolute_url()),
        "order": band.order,
        "name": both(band, "name"),
        "min_score": band.min_score,
        "max_score_exclusive": band.max_score,
        "conditions": both(band, "conditions"),
        "caveat": both(band, "caveat"),
        **set_out_by(request, band, cites),
    }


def authority_data(request, authority, cites) -> dict:
    body = authority.actor_body
    return {
        "slug": authority.slug,
        "url": request.build_absolute_uri(authority.get_absolute_url()),
        "order": authority.order,
        "action": authority.action,
        "actor": both(authority, "actor"),
        "actor_position": position_ref(request, authority.actor_position) if authority.actor_position else None,
        "actor_body": {"slug": body.slug, "name": both(body, "name")} if body else None,
        "subject": both(authority, "subject"),
        "subject_positions": [position_ref(request, p) for p in authority.subject_positions.all()],
        "subject_groups": [group_ref(request, group) for group in authority.subject_groups.all()],
        "mapping_note": both(authority, "mapping_note"),
        "detail": both(authority, "detail"),
        "grounds": both(authority, "grounds"),
        "duration": both(authority, "duration"),
        "historical": authority.is_historical,
        **set_out_by(request, authority, cites),
    }


def training_data(request, training, cites) -> dict:
    return {
        "number": training.number,
        "url": request.build_absolute_uri(training.get_absolute_url()),
        "name": both(training, "name"),
        "position_groups": [group_ref(request, group) for group in training.position_groups.all()],
        "mapping_note": both(training, "mapping_note"),
        **set_out_by(request, training, cites),
    }


def each(serialiser, request, cited: list[Cited]) -> list[dict]:
    """``serialiser`` over a selector's cited records."""
    return [serialiser(request, c.item, c.cites) for c in cited]


# Pages


def position_card_data(request, card: PositionCard) -> dict:
    """Everything the position page shows, from ``selectors.positions.position_card``."""
    position = card.position
    return {
        **position_ref(request, position),
        "feed_url": request.build_absolute_uri(reverse("cadres:position-feed", kwargs={"slug": position.slug})),
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
            "specific": each(standard_data, request, card.specific_standards),
            "inherited": [
                {**standard_data(request, i.standard, i.cites), "required_by": i.via.slug}
                for i in card.inherited_standards
            ],
            "common": each(standard_data, request, card.common_standards),
        },
        "assessment": {
            "scope": (
                key_point_data(request, card.assessment_scope.item, card.assessment_scope.cites)
                if card.assessment_scope
                else None
            ),
            "assessors": each(authority_data, request, card.assessors),
            "frameworks": each(framework_data, request, card.frameworks),
            "criteria": each(criterion_data, request, card.criteria),
            "periods": each(period_data, request, card.periods),
            "classification_bands": each(band_data, request, card.bands),
        },
        "authorities": {
            "over": each(authority_data, request, card.authorities_over),
            "held": each(authority_data, request, card.authorities_held),
            "historical": each(authority_data, request, card.authorities_historical),
        },
        "training_groups": each(training_data, request, card.training_groups),
        "documents": [
            {**document_ref(request, document), "subject": both(document, "subject")} for document in card.documents
        ],
        "sources": sources_data(card.sources),
    }


def position_list_data(request, page: PositionList, positions: list[Position]) -> dict:
    """One page of ``positions`` from the 368 list, with every group and the sources of both."""
    data = {
        "results": [position_row_data(request, p, page.cites[p.pk]) for p in positions],
        "groups": [group_data(request, listing.group, listing.cites) for listing in page.groups],
    }
    return {**data, "sources": collected_sources(data, page.sources)}


def standards_page_data(request, page: StandardsPage) -> dict:
    return {
        "document": document_ref(request, page.document) if page.document else None,
        "leadership_positions": page.leadership_count,
        "common": each(standard_data, request, page.common),
        "specific": each(standard_data, request, page.specific),
        "sources": sources_data(page.sources),
    }


def assessment_page_data(request, page: AssessmentPage) -> dict:
    return {
        "periods": each(period_data, request, page.periods),
        "classification_bands": each(band_data, request, page.bands),
        "frameworks": each(framework_data, request, page.frameworks),
        "criteria": each(criterion_data, request, page.criteria),
        "assessors": each(authority_data, request, page.assessors),
        "training_groups": each(training_data, request, page.training),
        "gaps": [key_point_data(request, cited.item, cited.cites) for cited in page.gaps],
        "sources": sources_data(page.sources),
    }
