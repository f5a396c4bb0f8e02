"""The cadre-side selectors: a position's card, the 368 list, standards, assessment, authorities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Authority
from core.data_version import data_version_read
from reference.selectors import assessment, authorities, positions, rules, standards
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def card_for(slug):
    return positions.position_card(position=positions.position_for_page(slug=slug))


def slugs(cited_list):
    return [cited.item.slug for cited in cited_list]


def test_a_position_card_gathers_what_reaches_it_by_name_and_through_its_group():
    card = card_for("tong-bi-thu")
    assert slugs(card.common_standards) == ["chinh-tri-tu-tuong"]
    assert slugs(card.specific_standards) == ["tong-bi-thu-standard"]
    assert [(i.standard.slug, i.via.slug) for i in card.inherited_standards] == [
        ("uy-vien-trung-uong", "tong-bi-thu-standard")
    ]
    assert slugs(card.authorities_over) == ["377-politburo-manages"]  # through Group I
    assert slugs(card.assessors) == ["366-politburo-assesses"]  # by name
    assert card.assessment_scope.item.anchor == "scope"
    assert [c.item.code for c in card.periods] == ["quarterly"]
    assert [c.item.number for c in card.training_groups] == [1]
    assert [d.slug for d in card.documents] == ["377-qd-tw", "365-qd-tw", "366-qd-tw"]


def test_inherited_standards_follow_the_chain_of_what_each_builds_on(scenario):
    root = factories.StandardFactory(slug="root-standard", document=scenario.d365)
    scenario.member_standard.builds_on.add(root)
    card = card_for("tong-bi-thu")
    assert [(i.standard.slug, i.via.slug) for i in card.inherited_standards] == [
        ("uy-vien-trung-uong", "tong-bi-thu-standard"),
        ("root-standard", "uy-vien-trung-uong"),
    ]
    assert all(i.cites for i in card.inherited_standards)


def test_a_standard_that_accepts_either_of_two_names_the_other_as_the_alternative(scenario, client):
    other = factories.StandardFactory(slug="politburo-standard", document=scenario.d365, name_en="Politburo member")
    specific = scenario.member_standard.built_upon_by.get(slug="tong-bi-thu-standard")
    specific.builds_on.add(other)
    specific.builds_on_rule = "any"
    specific.save()
    card = card_for("tong-bi-thu")
    alternatives = {i.standard.slug: [s.slug for s in i.alternatives] for i in card.inherited_standards}
    assert alternatives == {"uy-vien-trung-uong": ["politburo-standard"], "politburo-standard": ["uy-vien-trung-uong"]}
    html = client.get("/en/positions/tong-bi-thu/").content.decode()
    assert "either one is enough" in html
    assert "requires this <strong>or</strong>" in html
    standards_page = client.get("/en/standards/").content.decode()
    assert "Builds on either of (one is enough):" in standards_page
    specific.builds_on_rule = "all"
    specific.save()
    rules.forget()  # what an admin edit does, by moving the data version
    assert all(not i.alternatives for i in card_for("tong-bi-thu").inherited_standards)


def test_rules_of_replaced_documents_are_kept_apart_as_historical():
    card = card_for("thu-truong")
    assert slugs(card.authorities_historical) == ["148-minister-suspends"]
    assert card.authorities_over == card.common_standards[:0]
    assert card.assessment_scope is not None  # 366 covers everyone in the political system
    assert card.periods[0].item.document.slug == "366-qd-tw"


def test_a_card_lists_the_authority_a_position_holds_over_others(scenario):
    factories.AuthorityFactory(slug="held", actor_position=scenario.general_secretary, document=scenario.d377)
    assert slugs(card_for("tong-bi-thu").authorities_held) == ["held"]


def test_a_positions_group_and_level_come_from_the_kept_groups_without_a_query(django_assert_num_queries):
    positions.position_for_page(slug="tong-bi-thu")  # the kept groups are read once
    with django_assert_num_queries(2):  # the position with its list and key point; its sources
        position = positions.position_for_page(slug="tong-bi-thu")
    with django_assert_num_queries(0):
        assert (position.group.code, position.tier.code) == ("I", "I-key")
        assert position.group.document.slug == "365-qd-tw"


def test_a_group_written_since_the_kept_groups_were_read_is_still_the_positions_own():
    positions.position_for_page(slug="tong-bi-thu")
    tier = factories.PositionTierFactory(code="V-new")
    factories.PositionFactory(slug="new-post", group=tier.group, tier=tier)
    position = positions.position_for_page(slug="new-post")  # the kept groups know neither
    assert (position.group.pk, position.tier.code) == (tier.group.pk, "V-new")


def test_a_post_that_is_not_a_leadership_post_gets_no_common_standards():
    assert card_for("chuyen-gia-cao-cap").common_standards == []


def test_a_card_runs_the_same_queries_however_many_rules_there_are(scenario, django_assert_num_queries):
    position = positions.position_for_page(slug="tong-bi-thu")
    data_version_read()  # as the page cache does before any page: not counted twice
    rules.forget()  # the rules read with the card, both times
    with CaptureQueriesContext(connection) as captured:
        positions.position_card(position=position)
    count = len(captured.captured_queries)
    for _ in range(5):
        factories.AuthorityFactory(subject_positions=[scenario.general_secretary], subject_groups=[scenario.group])
        factories.StandardFactory(positions=[scenario.general_secretary], builds_on=[scenario.member_standard])
    rules.forget()  # what an import or an admin edit does, by moving the data version
    with django_assert_num_queries(count):
        positions.position_card(position=position)


def test_the_kept_rules_know_whom_each_rule_names_and_what_it_cites():
    kept = rules.rules()
    records = [
        *kept.standards,
        *kept.frameworks,
        *kept.criteria,
        *kept.periods,
        *kept.bands,
        *kept.authorities,
        *kept.training,
    ]
    assert records
    for record in records:
        named = kept.names(record)
        fresh = type(record).objects.get(pk=record.pk)
        groups = {*fresh.position_groups.values_list("pk", flat=True)} if hasattr(fresh, "position_groups") else set()
        positions_named = {*fresh.positions.values_list("pk", flat=True)} if hasattr(fresh, "positions") else set()
        if isinstance(fresh, Authority):
            groups = {*fresh.subject_groups.values_list("pk", flat=True)}
            positions_named = {*fresh.subject_positions.values_list("pk", flat=True)}
        assert named.groups == groups, record
        assert named.positions == positions_named, record
        assert [source.pk for source in named.sources] == [source.pk for source in fresh.sources.all()], record
    assert any(kept.names(record).groups for record in records)
    assert any(kept.names(record).positions for record in records)


def test_a_card_reads_the_rules_once_per_data_version(django_assert_num_queries):
    position = positions.position_for_page(slug="tong-bi-thu")
    first = positions.position_card(position=position)
    with django_assert_num_queries(0):
        again = positions.position_card(position=position)
    assert [cited.item.slug for cited in again.authorities_over] == [c.item.slug for c in first.authorities_over]


def test_the_368_list_groups_positions_by_level_and_keeps_the_unplaced_apart():
    page = positions.position_list()
    (listing,) = page.groups
    assert listing.group.code == "I"
    assert [(tier.code, [p.slug for p in members]) for tier, members in listing.tiers] == [("I-key", ["tong-bi-thu"])]
    assert [p.slug for p in page.unplaced] == ["thu-truong", "chuyen-gia-cao-cap"]  # by name
    assert [p.slug for p in page.positions] == ["tong-bi-thu", "thu-truong", "chuyen-gia-cao-cap"]
    assert listing.cites


def test_the_standards_page_separates_common_from_title_standards():
    page = standards.standards_page()
    assert slugs(page.common) == ["chinh-tri-tu-tuong"]
    assert set(slugs(page.specific)) == {"uy-vien-trung-uong", "tong-bi-thu-standard"}
    assert page.document.slug == "365-qd-tw"
    assert page.leadership_count == 2


def test_the_assessment_page_groups_periods_by_document_newest_first(scenario):
    factories.AssessmentPeriodFactory(document=scenario.d148, code="yearly")
    page = assessment.assessment_page()
    assert [document.slug for document, _periods in page.periods_by_document] == ["366-qd-tw", "148-qd-tw"]
    assert [c.item.code for c in page.periods] == ["quarterly", "yearly"]
    assert [c.item.anchor for c in page.gaps] == ["gap-not-completed"]
    assert [c.item.action for c in page.assessors] == [Authority.Action.ASSESS]


def test_authorities_come_grouped_by_document_current_first_newest_first():
    page = authorities.authorities_page(authorities=authorities.authorities_for_list())
    assert [document.slug for document, _cited in page.groups] == ["377-qd-tw", "366-qd-tw", "148-qd-tw"]
    assert [c.item.slug for c in page.authorities][-1] == "148-minister-suspends"


def test_the_matrix_has_a_column_per_actor_and_document_and_a_row_per_position_reached():
    matrix = authorities.authority_matrix()
    assert [row.position.slug for row in matrix.rows] == ["tong-bi-thu", "thu-truong"]
    assert [(str(column.label), column.historical) for column in matrix.columns] == [
        ("Politburo", False),
        ("Politburo", False),
        ("Minister", True),
    ]
    general_secretary = matrix.rows[0]
    assert [len(cell) for cell in general_secretary.cells] == [1, 1, 0]


def test_the_matrix_names_each_column_s_document_and_keeps_rules_over_people_described_in_words(scenario):
    factories.AuthorityFactory(
        document=scenario.d148,
        action=Authority.Action.SUSPEND,
        actor_en="Politburo and Secretariat",
        subject_en="cadres they manage",
    )
    matrix = authorities.authority_matrix()
    assert [column.document for column in matrix.columns] == ["366-QĐ/TW", "377-QĐ/TW", "148-QĐ/TW"]
    assert [(kind.action, kind.count, kind.placed) for kind in matrix.actions] == [
        ("manage", 1, 1),
        ("suspend", 2, 1),
        ("assess", 1, 1),
    ]
    assert [(entry.actor, entry.action, entry.subject) for entry in matrix.unplaced] == [
        ("Politburo and Secretariat", "may suspend", "cadres they manage")
    ]
