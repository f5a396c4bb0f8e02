"""The public document pages, populated, empty and filtered, in both languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from regulations.models import Document

pytestmark = pytest.mark.django_db

PAGES = [
    "regulations:home",
    "regulations:document-list",
    "regulations:relation-list",
    "regulations:source-list",
    "regulations:about",
    "regulations:search",
    "cadres:position-list",
    "cadres:standard-list",
    "cadres:assessment",
    "cadres:authority-list",
    "cadres:authority-matrix",
]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def links(response):
    return set(re.findall(r'href="(/(?:vi|en)/[^"#?]*)', response.content.decode()))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_with_its_language_and_a_skip_link(client, name, language):
    response = client.get(url(name, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert "<title>" in html
    assert 'name="description"' in html
    assert 'rel="canonical"' in html


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_on_an_empty_database(client, empty_database, name):
    response = client.get(url(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["regulations:home", "regulations:document-list", "cadres:position-list"])
def test_internal_links_on_the_main_pages_resolve(client, name):
    response = client.get(url(name))
    for link in sorted(links(response))[:80]:
        assert client.get(link).status_code in {200, 302}, link


def test_home_shows_the_ten_core_documents_and_the_data_date(client):
    html = client.get(url("regulations:home")).content.decode()
    for document in Document.objects.core():
        assert document.get_absolute_url() in html
    assert "Data as of" in html
    assert "Latest events" in html


def listed(client, **params):
    response = client.get(url("regulations:document-list"), {**params, "page": 1})
    assert response.status_code == 200
    return {document.slug for document in response.context["paginator"].object_list}


def test_the_document_list_filters_by_kind_issuer_year_status_scope_and_topic(client):
    directives = listed(client, kind="directive")
    assert "35-ct-tw" in directives
    assert "365-qd-tw" not in directives
    secretariat = listed(client, issuer="secretariat")
    assert "180-qd-tw" in secretariat
    assert "365-qd-tw" not in secretariat
    year_2024 = listed(client, year="2024")
    assert "148-qd-tw" in year_2024
    assert "377-qd-tw" not in year_2024
    assert "quy-dinh-89-2017" in listed(client, year="2017")  # year known without a full date
    replaced = listed(client, status="replaced")
    assert "148-qd-tw" in replaced
    assert "377-qd-tw" not in replaced
    assert len(listed(client, core="core")) == 10
    assert "365-qd-tw" not in listed(client, core="referenced")
    training = listed(client, topic="training")
    assert "145-qd-tw" in training
    assert "365-qd-tw" not in training


def test_the_document_list_sorts_by_number(client):
    response = client.get(url("regulations:document-list"), {"sort": "number"})
    numbers = [document.number for document in response.context["object_list"]]
    assert numbers == sorted(numbers)


def test_the_document_list_shows_every_status(client):
    html = client.get(url("regulations:document-list"), {"core": "core"}).content.decode()
    assert html.count('class="badge status-') >= 10


def test_invalid_filter_values_are_reported_not_fatal(client):
    response = client.get(url("regulations:document-list"), {"kind": "nonsense", "year": "abc", "sort": "zzz"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_page_number_beyond_the_end_is_a_404(client):
    assert client.get(url("regulations:document-list"), {"page": "999"}).status_code == 404


def test_the_document_page_shows_cited_metadata_key_points_relations_and_sources(client):
    response = client.get(url("regulations:document-detail", slug="366-qd-tw"))
    html = response.content.decode()
    assert "366-QĐ/TW" in html
    assert 'id="art-11"' in html
    assert "Điều 11, Quy định số 366-QĐ/TW ngày 30/08/2025" in html
    assert 'href="#source-1"' in html
    assert 'id="source-1"' in html
    assert url("regulations:document-detail", slug="124-qd-tw") in html
    assert "is applied by" in html
    assert "Not stated in the sources" in html  # effective date
    assert "What the sources do not say" in html


def test_a_replaced_document_has_a_banner_naming_its_replacement_and_date(client):
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "Replaced on 8 October 2025 by" in html
    assert url("regulations:document-detail", slug="377-qd-tw") in html


def test_the_pilot_banner_gives_the_pilot_period(client):
    html = client.get(url("regulations:document-detail", slug="142-qd-tw")).content.decode()
    assert "Pilot for 5 years from 23 April 2024" in html


def test_vietnamese_pages_use_vietnamese_date_forms(client):
    html = client.get(url("regulations:document-detail", "vi", slug="148-qd-tw")).content.decode()
    assert "08/10/2025" in html


def test_the_english_page_keeps_the_official_vietnamese_title_marked_as_vietnamese(client):
    html = client.get(url("regulations:document-detail", slug="365-qd-tw")).content.decode()
    assert '<span lang="vi">Quy định về tiêu chuẩn chức danh cán bộ' in html


def test_the_signer_conflict_is_shown_with_the_disputing_source(client):
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "conflicting source" in html
    assert "Nguyễn Phú Trọng" in html


def test_the_document_page_lists_the_records_it_sets_out(client):
    html = client.get(url("regulations:document-detail", slug="368-qd-tw")).content.decode()
    assert url("cadres:position-detail", slug="tong-bi-thu") in html
    html = client.get(url("regulations:document-detail", slug="148-qd-tw")).content.decode()
    assert "may suspend" in html


def test_the_document_page_lists_the_events_that_disseminated_it(client):
    html = client.get(url("regulations:document-detail", slug="365-qd-tw")).content.decode()
    assert "2,760" in html or "2.760" in html


def test_an_unknown_document_is_a_404_in_the_site_style(client):
    response = client.get(url("regulations:document-detail", slug="999-qd-tw"))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_relations_page_draws_the_graph_and_lists_the_timeline(client):
    html = client.get(url("regulations:relation-list")).content.decode()
    assert "<svg" in html
    assert '<title id="graph-title">' in html
    assert html.index("260-QĐ/TW") < html.index("377-QĐ/TW")  # timeline is chronological


def test_the_sources_page_says_what_cites_each_source(client):
    html = client.get(url("regulations:source-list")).content.decode()
    assert 'id="source-S59"' in html
    assert "machine translation" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_language_switch_keeps_the_current_page(client, language):
    other = "en" if language == "vi" else "vi"
    html = client.get(url("regulations:document-detail", language, slug="365-qd-tw")).content.decode()
    assert f'href="/{other}/documents/365-qd-tw/"' in html
    assert f'hreflang="{other}"' in html


def test_the_site_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {"/vi/", "/en/"}


def test_public_pages_refuse_post(client):
    assert client.post(url("regulations:document-detail", slug="365-qd-tw")).status_code == 405
