"""The standards, assessment and authorities pages, the matrix, and their JSON twins."""

import pytest

from tests.reference.views.helpers import assert_every_citation_is_listed, get_json, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def page(client, name, params=None):
    response = client.get(url(name), params or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "name", ["cadres:standard-list", "cadres:assessment", "cadres:authority-list", "cadres:authority-matrix"]
)
def test_each_page_renders_on_an_empty_database(client, empty_database, name):
    assert client.get(url(name)).status_code == 200


def test_the_json_twins_are_well_formed_on_an_empty_database(client, empty_database):
    assert get_json(client, url("cadres:standard-list-json"))["document"] is None
    assessment = get_json(client, url("cadres:assessment-json"))
    assert assessment["periods"] == assessment["sources"] == []
    assert get_json(client, url("cadres:authority-list-json"))["count"] == 0


# Standards


def test_the_standards_page_lists_common_and_title_standards_with_their_positions(client):
    html = page(client, "cadres:standard-list")
    assert 'id="chinh-tri-tu-tuong"' in html
    assert 'id="tong-bi-thu-standard"' in html
    assert url("cadres:position-detail", slug="tong-bi-thu") in html
    assert 'href="#uy-vien-trung-uong"' in html  # builds on


def test_the_standards_json_gives_the_same_standards_with_their_sources(client):
    data = get_json(client, url("cadres:standard-list-json"))
    assert data["document"]["slug"] == "365-qd-tw"
    assert [standard["slug"] for standard in data["common"]] == ["chinh-tri-tu-tuong"]
    by_slug = {standard["slug"]: standard for standard in data["specific"]}
    assert by_slug["tong-bi-thu-standard"]["builds_on"] == ["uy-vien-trung-uong"]
    assert by_slug["tong-bi-thu-standard"]["positions"][0]["slug"] == "tong-bi-thu"
    assert data["common"][0]["key_point"]["anchor"] == "art-2"
    assert all(standard["sources"] for standard in [*data["common"], *data["specific"]])
    assert_every_citation_is_listed(data)


# Assessment


def test_the_assessment_page_shows_periods_bands_and_what_the_sources_leave_open(client):
    html = page(client, "cadres:assessment")
    assert "Quarterly" in html
    assert "70 to under 90 points" in html
    assert "score threshold not stated in the sources" in html
    assert 'id="band-tot"' in html
    assert 'id="ket-qua-nhiem-vu"' in html
    assert url("cadres:position-list") + "#group-I" in html
    assert "Threshold of not completed" in html


def test_the_assessment_json_gives_periods_bands_criteria_assessors_training_and_gaps(client):
    data = get_json(client, url("cadres:assessment-json"))
    assert [period["code"] for period in data["periods"]] == ["quarterly"]
    band = data["classification_bands"][0]
    assert (band["code"], band["min_score"], band["max_score_exclusive"]) == ("tot", 70, 90)
    assert data["criteria"][0]["framework_appendix"] == 1
    assert data["criteria"][0]["position_groups"][0]["code"] == "I"
    assert [authority["action"] for authority in data["assessors"]] == ["assess"]
    assert [point["kind"] for point in data["gaps"]] == ["gap"]
    assert data["training_groups"][0]["position_groups"][0]["code"] == "I"
    assert_every_citation_is_listed(data)


# Authorities


def test_the_authorities_page_marks_replaced_rules_historical_and_filters(client):
    html = page(client, "cadres:authority-list")
    assert "historical: document replaced" in html
    assert "historical: document replaced" not in page(client, "cadres:authority-list", {"period": "current"})
    suspend = page(client, "cadres:authority-list", {"action": "suspend", "period": "historical"})
    assert 'id="148-minister-suspends"' in suspend
    assert 'id="377-politburo-manages"' not in suspend
    assert "Select a valid choice" in page(client, "cadres:authority-list", {"action": "smile"})


def test_the_authorities_json_filters_as_the_page_does(client):
    everything = get_json(client, url("cadres:authority-list-json"))
    assert everything["count"] == 3
    historical = [row["historical"] for row in everything["results"]]
    assert historical == sorted(historical)  # current documents first
    suspend = get_json(client, url("cadres:authority-list-json"), {"action": "suspend"})
    assert [row["slug"] for row in suspend["results"]] == ["148-minister-suspends"]
    under_377 = get_json(client, url("cadres:authority-list-json"), {"document": "377-qd-tw"})
    assert [row["slug"] for row in under_377["results"]] == ["377-politburo-manages"]
    assert_every_citation_is_listed(under_377)
    assert get_json(client, url("cadres:authority-list-json"), {"document": "999-qd-tw"})["count"] == 0
    assert get_json(client, url("cadres:authority-list-json"), {"action": "smile"}, status=400)["errors"]


def test_an_authority_names_its_actor_subjects_grounds_and_document(client):
    data = get_json(client, url("cadres:authority-list-json"), {"document": "148-qd-tw"})
    minister = data["results"][0]
    assert minister["subject_positions"][0]["slug"] == "thu-truong"
    assert minister["grounds"]["en"] == "Serious violations."
    assert (minister["historical"], minister["document"]["status"]) == (True, "replaced")
    assert minister["key_point"]["anchor"] == "art-10"
    assert minister["url"] == "http://localhost/en/authorities/#148-minister-suspends"
    manages = get_json(client, url("cadres:authority-list-json"), {"document": "377-qd-tw"})["results"][0]
    assert manages["actor_body"]["slug"] == "politburo"
    assert manages["subject_groups"][0]["code"] == "I"


def test_the_matrix_crosses_positions_with_who_holds_authority_over_them(client):
    html = page(client, "cadres:authority-matrix")
    assert "<table" in html
    assert url("cadres:position-detail", slug="tong-bi-thu") in html
    assert url("cadres:position-detail", slug="thu-truong") in html
    assert url("cadres:position-detail", slug="chuyen-gia-cao-cap") not in html  # nobody holds any over it
    assert "historical" in html
