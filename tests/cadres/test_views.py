"""Position pages and the standards, assessment and authorities pages."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page(client, name, language="en", **kwargs):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_the_position_list_shows_the_368_groups_levels_and_unplaced_titles(client):
    html = page(client, "cadres:position-list")
    for code in ["I", "II", "III", "IV"]:
        assert f'id="group-{code}"' in html
    assert "Key leaders" in html
    assert "Senior leaders" in html
    assert "Level 1" in html
    assert "The titles in this group are not stated in the sources." in html  # Groups III and IV
    assert "Other titles the rules name" in html
    assert url("cadres:position-detail", slug="bi-thu-tinh-uy") in html


def test_a_position_page_gathers_every_rule_for_the_general_secretary(client):
    html = page(client, "cadres:position-detail", slug="tong-bi-thu")
    assert "Group I" in html
    assert "Key leaders" in html
    assert url("cadres:standard-list") + "#tong-bi-thu" in html  # specific standard
    assert url("cadres:standard-list") + "#uy-vien-bo-chinh-tri-ban-bi-thu" in html  # inherited
    assert url("cadres:standard-list") + "#uy-vien-trung-uong" in html  # inherited through it
    assert "The six common standards for every leader" in html
    assert url("cadres:authority-list") + "#377-gioi-thieu-trung-uong-bau" in html
    assert "Training group 1" in html
    assert "our match" in html
    assert url("regulations:document-detail", slug="365-qd-tw") in html
    assert url("regulations:document-detail", slug="377-qd-tw") in html


def test_a_provincial_party_secretarys_page_answers_the_three_questions(client):
    """What standards must they meet, who assesses them, who may suspend them?"""
    html = page(client, "cadres:position-detail", slug="bi-thu-tinh-uy")
    assert "The six common standards for every leader" in html
    assert "The sources give no standard specific to this title." in html
    assert "Regulation 366 applies to every individual in the political system, this title included." in html
    assert "The sources do not say in which group of the 368 list this title is." in html
    assert "historical: document replaced" in html
    assert "Authority this title holds over others" in html
    assert url("cadres:position-detail", slug="bi-thu-huyen-uy") in html


def test_a_deputy_ministers_page_shows_who_could_suspend_it_under_148(client):
    html = page(client, "cadres:position-detail", slug="thu-truong")
    assert url("cadres:position-detail", slug="thu-tuong") in html
    assert "15 working days" in html
    assert "historical: document replaced" in html


def test_a_centrally_managed_title_shows_who_assesses_it_each_quarter(client):
    html = page(client, "cadres:position-detail", slug="uy-vien-chinh-thuc-bchtw")
    assert url("cadres:authority-list") + "#198-danh-gia-hang-quy" in html
    assert "Quarterly" in html
    assert "Criteria framework" in html


def test_position_pages_link_back_from_standards_assessment_and_authorities(client):
    standards = page(client, "cadres:standard-list")
    assert url("cadres:position-detail", slug="tong-bi-thu") in standards
    authorities = page(client, "cadres:authority-list")
    assert url("cadres:position-detail", slug="thu-truong") in authorities
    assessment = page(client, "cadres:assessment")
    assert url("cadres:position-list") + "#group-II" in assessment
    document = page(client, "regulations:document-detail", slug="368-qd-tw")
    assert url("cadres:position-detail", slug="uy-vien-chinh-thuc-bchtw") in document


def test_the_assessment_page_shows_periods_bands_with_caveats_and_the_unknown_threshold(client):
    html = page(client, "cadres:assessment")
    assert "90 points or more" in html
    assert "70 to under 90 points" in html
    assert "score threshold not stated in the sources" in html
    assert "machine-translated Japanese page" in html
    assert 'id="band-xuat-sac"' in html


def test_the_authorities_page_marks_148_rules_historical_and_filters(client):
    html = page(client, "cadres:authority-list")
    assert "historical: document replaced" in html
    response = client.get(url("cadres:authority-list"), {"period": "current"})
    assert "historical: document replaced" not in response.content.decode()
    response = client.get(url("cadres:authority-list"), {"action": "suspend", "period": "historical"})
    assert "148-thu-tuong" in response.content.decode()
    assert "377-gioi-thieu-quoc-hoi-bau" not in response.content.decode()


def test_the_matrix_crosses_positions_with_authorities(client):
    html = page(client, "cadres:authority-matrix")
    assert "<table" in html
    assert url("cadres:position-detail", slug="thu-truong") in html
    assert "historical" in html


def test_an_unknown_position_is_a_404(client):
    assert client.get(url("cadres:position-detail", slug="nobody")).status_code == 404


def test_a_position_page_in_vietnamese_shows_vietnamese_names(client):
    html = page(client, "cadres:position-detail", "vi", slug="tong-bi-thu")
    assert '<h1 id="position-title">Tổng Bí thư</h1>' in html
