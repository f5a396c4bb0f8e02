"""The JSON twins of the cadre pages (cadres.api): positions, standards, assessment, authorities."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from cadres.models import Authority, Position, Standard
from tests import factories
from tests.regulations.test_api import assert_every_citation_is_listed, count_queries, get_json
from tests.test_query_counts import grow

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("cadres:position-list-json", {}, "/en/positions.json"),
        ("cadres:position-detail-json", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu.json"),
        ("cadres:position-feed", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu/feed.atom"),
        ("cadres:standard-list-json", {}, "/en/standards.json"),
        ("cadres:assessment-json", {}, "/en/assessment.json"),
        ("cadres:authority-list-json", {}, "/en/authorities.json"),
    ],
)
def test_cadre_open_data_url_names_reverse_and_resolve_in_both_languages(name, kwargs, path):
    assert url(name, **kwargs) == path
    assert url(name, "vi", **kwargs) == path.replace("/en/", "/vi/", 1)
    with translation.override("en"):
        assert resolve(path).view_name == name


# Positions


def test_the_position_list_follows_the_368_order_with_its_groups(client):
    data = get_json(client, url("cadres:position-list-json"))
    assert data["count"] == Position.objects.count()
    html = client.get(url("cadres:position-list")).content.decode()
    positions = [row["url"].removeprefix("http://localhost") for row in data["results"]]
    placed = [path for path in positions if html.find(f'href="{path}"') >= 0]
    assert placed == sorted(placed, key=lambda path: html.find(f'href="{path}"'))
    general_secretary = next(row for row in data["results"] if row["slug"] == "tong-bi-thu")
    assert general_secretary["group"]["code"] == "I"
    assert general_secretary["listed_in"]["slug"] == "368-qd-tw"
    assert general_secretary["sources"]
    assert [group["code"] for group in data["groups"]] == ["I", "II", "III", "IV"]
    assert_every_citation_is_listed(data)


def test_a_position_whose_group_is_not_stated_has_null_placement(client):
    data = get_json(client, url("cadres:position-list-json"))
    unplaced = next(row for row in data["results"] if row["slug"] == "chu-tich-ubnd-tinh")
    assert (unplaced["group"], unplaced["tier"]) == (None, None)
    detail = get_json(client, unplaced["json_url"])
    assert detail["placement"]["group"] is None


def test_the_position_list_pages_by_fifty(client):
    factories.PositionFactory.create_batch(30)
    first = get_json(client, url("cadres:position-list-json"))
    assert (first["pages"], len(first["results"])) == (2, 50)
    second = get_json(client, first["next"])
    assert len(second["results"]) == Position.objects.count() - 50
    get_json(client, url("cadres:position-list-json"), {"page": 3}, status=404)


def test_the_position_list_is_empty_but_well_formed_on_an_empty_database(client, empty_database):
    data = get_json(client, url("cadres:position-list-json"))
    assert (data["count"], data["results"], data["groups"], data["sources"]) == (0, [], [], [])


def test_a_position_gives_everything_its_page_shows_with_the_sources(client):
    data = get_json(client, url("cadres:position-detail-json", slug="tong-bi-thu"))
    assert data["name"]["vi"] == "Tổng Bí thư"
    assert data["placement"]["group"]["code"] == "I"
    assert data["placement"]["sources"]
    assert len(data["standards"]["common"]) == Standard.objects.filter(kind=Standard.Kind.COMMON).count()
    assert data["standards"]["specific"]
    assert data["assessment"]["classification_bands"]
    assert data["assessment"]["scope"]["kind"] == "provision"
    assert data["authorities"]["over"]
    assert {authority["historical"] for authority in data["authorities"]["historical"]} <= {True}
    assert "368-qd-tw" in {document["slug"] for document in data["documents"]}
    assert data["feed_url"] == "http://localhost/en/positions/tong-bi-thu/feed.atom"
    assert_every_citation_is_listed(data)


def test_a_position_page_and_its_json_cite_the_same_sources(client):
    card = client.get(url("cadres:position-detail", slug="tong-bi-thu")).context["card"]
    data = get_json(client, url("cadres:position-detail-json", slug="tong-bi-thu"))
    assert [source["code"] for source in data["sources"]] == [source.code for _number, source in card.sources]


def test_an_unknown_position_is_a_json_404(client):
    data = get_json(client, url("cadres:position-detail-json", "vi", slug="no-such-post"), status=404)
    assert data["status"] == 404


# Standards, assessment, authorities


def test_the_standards_give_the_common_and_specific_standards_with_their_positions(client):
    data = get_json(client, url("cadres:standard-list-json"))
    assert data["document"]["slug"] == "365-qd-tw"
    assert [standard["kind"] for standard in data["common"]] == ["common"] * Standard.objects.filter(
        kind=Standard.Kind.COMMON
    ).count()
    specific = data["specific"]
    assert specific
    assert any(standard["positions"] for standard in specific)
    assert all(standard["sources"] for standard in [*data["common"], *specific])
    assert_every_citation_is_listed(data)


def test_assessment_gives_periods_bands_criteria_assessors_training_and_gaps(client):
    data = get_json(client, url("cadres:assessment-json"))
    assert data["periods"]
    assert data["classification_bands"]
    assert all(point["kind"] == "gap" for point in data["gaps"])
    assert data["gaps"]
    assert {authority["action"] for authority in data["assessors"]} == {"assess"}
    band = data["classification_bands"][0]
    assert {"min_score", "max_score_exclusive", "document", "key_point"} <= set(band)
    assert_every_citation_is_listed(data)


def test_the_cadre_pages_are_well_formed_on_an_empty_database(client, empty_database):
    assert get_json(client, url("cadres:standard-list-json"))["document"] is None
    assessment = get_json(client, url("cadres:assessment-json"))
    assert assessment["periods"] == assessment["sources"] == []
    assert get_json(client, url("cadres:authority-list-json"))["count"] == 0


def test_authorities_filter_as_the_html_list_does(client):
    everything = get_json(client, url("cadres:authority-list-json"))
    assert everything["count"] == Authority.objects.count()
    current = [row["historical"] for row in everything["results"]]
    assert current == sorted(current)  # current documents first
    suspend = get_json(client, url("cadres:authority-list-json"), {"action": "suspend"})
    assert {row["action"] for row in suspend["results"]} == {"suspend"}
    historical = get_json(client, url("cadres:authority-list-json"), {"period": "historical"})
    assert {row["document"]["slug"] for row in historical["results"]} == {"148-qd-tw"}
    under_377 = get_json(client, url("cadres:authority-list-json"), {"document": "377-qd-tw"})
    assert {row["document"]["slug"] for row in under_377["results"]} == {"377-qd-tw"}
    assert_every_citation_is_listed(under_377)
    assert get_json(client, url("cadres:authority-list-json"), {"document": "999-qd-tw"})["count"] == 0
    assert get_json(client, url("cadres:authority-list-json"), {"action": "smile"}, status=400)["errors"]


def test_an_authority_names_its_actor_subjects_and_document(client):
    data = get_json(client, url("cadres:authority-list-json"), {"document": "148-qd-tw"})
    prime_minister = next(row for row in data["results"] if row["slug"] == "148-thu-tuong")
    assert prime_minister["actor_position"]["slug"] == "thu-tuong"
    assert prime_minister["historical"] is True
    assert prime_minister["document"]["status"] == "replaced"
    assert prime_minister["url"] == "http://localhost/en/authorities/#148-thu-tuong"


def test_cadre_json_is_open_to_any_origin_and_answers_304_to_its_etag(client):
    path = url("cadres:position-detail-json", slug="tong-bi-thu")
    response = client.get(path)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.post(path).status_code == 405
    assert "Access-Control-Allow-Origin" not in client.get(url("cadres:position-detail", slug="tong-bi-thu"))


def test_the_cadre_json_runs_the_same_number_of_queries_on_ten_times_the_data(client):
    requests = [
        (url("cadres:position-list-json"), None),
        (url("cadres:position-list-json"), {"page": "2"}),
        (url("cadres:position-detail-json", slug="tong-bi-thu"), None),
        (url("cadres:standard-list-json"), None),
        (url("cadres:assessment-json"), None),
        (url("cadres:authority-list-json"), None),
        (url("cadres:authority-list-json"), {"action": "manage"}),
    ]
    grow(1)
    before = [count_queries(client, path, params) for path, params in requests]
    grow(10)
    after = [count_queries(client, path, params) for path, params in requests]
    assert after == before
