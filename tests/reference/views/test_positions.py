"""The positions list (the 368 list) and position pages, and their JSON twins."""

import pytest

from cadres.models import Position
from tests import factories
from tests.reference.views.helpers import assert_every_citation_is_listed, get_json, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def page(client, name, language="en", **kwargs):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


# The list


def test_the_list_shows_the_groups_levels_and_the_titles_without_a_group(client):
    html = page(client, "cadres:position-list")
    assert 'id="group-I"' in html
    assert "Key leaders" in html
    assert url("cadres:position-detail", slug="tong-bi-thu") in html
    assert "Other titles the rules name" in html
    assert url("cadres:position-detail", slug="thu-truong") in html


def test_the_list_renders_on_an_empty_database(client, empty_database):
    assert client.get(url("cadres:position-list")).status_code == 200
    data = get_json(client, url("cadres:position-list-json"))
    assert (data["count"], data["results"], data["groups"], data["sources"]) == (0, [], [], [])


def test_the_json_list_follows_the_order_of_the_page_with_the_groups(client):
    data = get_json(client, url("cadres:position-list-json"))
    html = page(client, "cadres:position-list")
    paths = [row["url"].removeprefix("http://localhost") for row in data["results"]]
    assert paths == sorted(paths, key=lambda path: html.find(f'href="{path}"'))
    general_secretary = data["results"][0]
    assert (general_secretary["slug"], general_secretary["group"]["code"]) == ("tong-bi-thu", "I")
    assert general_secretary["tier"]["code"] == "I-key"
    assert general_secretary["listed_in"]["slug"] == "365-qd-tw"
    assert general_secretary["sources"] == ["S01"]
    assert [group["code"] for group in data["groups"]] == ["I"]
    assert data["groups"][0]["tiers"][0]["sources"] == ["S01"]
    assert_every_citation_is_listed(data)


def test_a_title_whose_group_is_not_stated_has_no_placement(client):
    data = get_json(client, url("cadres:position-list-json"))
    unplaced = next(row for row in data["results"] if row["slug"] == "thu-truong")
    assert (unplaced["group"], unplaced["tier"], unplaced["listed_in"]) == (None, None, None)
    assert get_json(client, unplaced["json_url"])["placement"]["group"] is None


def test_the_json_list_pages_by_fifty(client):
    factories.PositionFactory.create_batch(60)
    first = get_json(client, url("cadres:position-list-json"))
    assert (first["pages"], len(first["results"])) == (2, 50)
    second = get_json(client, first["next"])
    assert len(second["results"]) == Position.objects.count() - 50
    get_json(client, url("cadres:position-list-json"), {"page": 3}, status=404)


# One position


def test_a_position_page_gathers_every_rule_that_reaches_it(client):
    html = page(client, "cadres:position-detail", slug="tong-bi-thu")
    assert "Group I" in html
    assert "Key leaders" in html
    assert url("cadres:standard-list") + "#tong-bi-thu-standard" in html  # its own standard
    assert url("cadres:standard-list") + "#uy-vien-trung-uong" in html  # the one that builds on
    assert "The six common standards for every leader" in html
    assert url("cadres:authority-list") + "#377-politburo-manages" in html  # through its group
    assert url("cadres:authority-list") + "#366-politburo-assesses" in html  # by name
    assert "Quarterly" in html
    assert "Results of assigned tasks" in html
    assert url("regulations:document-detail", slug="377-qd-tw") in html


def test_a_position_under_a_replaced_rule_shows_it_as_historical(client):
    html = page(client, "cadres:position-detail", slug="thu-truong")
    assert url("cadres:authority-list") + "#148-minister-suspends" in html
    assert "historical: document replaced" in html
    assert "The sources do not say in which group of the 368 list this title is." in html


def test_a_post_that_is_not_a_leadership_post_gets_no_common_standards(client):
    html = page(client, "cadres:position-detail", slug="chuyen-gia-cao-cap")
    assert "The six common standards for every leader" not in html


def test_a_position_page_in_vietnamese_shows_vietnamese_names(client):
    html = page(client, "cadres:position-detail", "vi", slug="tong-bi-thu")
    assert '<h1 id="position-title">Tổng Bí thư</h1>' in html


def test_an_unknown_position_is_a_404_on_the_page_and_in_json(client):
    assert client.get(url("cadres:position-detail", slug="nobody")).status_code == 404
    assert get_json(client, url("cadres:position-detail-json", slug="nobody"), status=404)["status"] == 404


def test_the_json_gives_everything_the_page_shows_with_the_same_sources(client):
    data = get_json(client, url("cadres:position-detail-json", slug="tong-bi-thu"))
    assert data["name"]["vi"] == "Tổng Bí thư"
    assert data["placement"]["group"]["code"] == "I"
    assert [standard["slug"] for standard in data["standards"]["common"]] == ["chinh-tri-tu-tuong"]
    assert [standard["slug"] for standard in data["standards"]["specific"]] == ["tong-bi-thu-standard"]
    inherited = data["standards"]["inherited"]
    assert [(s["slug"], s["required_by"]) for s in inherited] == [("uy-vien-trung-uong", "tong-bi-thu-standard")]
    assert data["assessment"]["scope"]["anchor"] == "scope"
    assert [band["code"] for band in data["assessment"]["classification_bands"]] == ["tot", "khong-hoan-thanh"]
    assert [a["slug"] for a in data["authorities"]["over"]] == ["377-politburo-manages"]
    assert [a["slug"] for a in data["assessment"]["assessors"]] == ["366-politburo-assesses"]
    assert data["training_groups"][0]["number"] == 1
    assert {document["slug"] for document in data["documents"]} == {"365-qd-tw", "366-qd-tw", "377-qd-tw"}
    assert data["feed_url"] == "http://localhost/en/positions/tong-bi-thu/feed.atom"
    card = client.get(url("cadres:position-detail", slug="tong-bi-thu")).context["card"]
    assert [source["code"] for source in data["sources"]] == [source.code for _number, source in card.sources]
    assert_every_citation_is_listed(data)


def test_position_json_is_open_to_any_origin_and_answers_304_to_its_etag(client):
    path = url("cadres:position-detail-json", slug="tong-bi-thu")
    response = client.get(path)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.post(path).status_code == 405
