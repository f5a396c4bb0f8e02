"""The glossary and "what changed" pages, their JSON twins, and the links that lead to them."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from reference.services.derived import derived_refresh
from tests import factories
from tests.reference.views.helpers import assert_every_citation_is_listed, get_json, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def html(client, name, language="en", status=200, **kwargs):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == status
    return response.content.decode()


# The glossary


def test_the_english_glossary_shows_each_term_with_its_vietnamese_beside_it(client):
    page = html(client, "regulations:glossary")
    assert '<article id="mien-nhiem"' in page
    assert 'dismissal <span class="muted" lang="vi">(miễn nhiệm)</span>' in page
    assert "“relief from office”" in page  # a rendering to avoid
    assert '<a href="#tam-dinh-chi-cong-tac">suspension from work</a>' in page  # often confused with
    assert 'href="/en/documents/148-qd-tw/#art-10"' in page  # the provision that uses it
    assert page.index('id="group-measures"') < page.index('id="group-discipline"')
    assert 'id="source-1"' in page


def test_the_vietnamese_glossary_leads_with_the_vietnamese_term_and_its_definition(client):
    page = html(client, "regulations:glossary", "vi")
    assert 'miễn nhiệm <span class="muted" lang="en">(dismissal)</span>' in page
    assert "Tạm thời không để cán bộ làm việc." in page
    assert 'href="/vi/documents/148-qd-tw/#art-10"' in page


def test_the_glossary_says_so_when_it_is_empty(client, empty_database):
    assertContains(client.get(url("regulations:glossary")), "No glossary terms have been loaded yet.")
    assert get_json(client, url("regulations:glossary-json")) == {"count": 0, "results": [], "sources": []}


def test_the_glossary_json_gives_every_term_in_both_languages_with_its_sources(client):
    data = get_json(client, url("regulations:glossary-json", "vi"))
    assert data["count"] == 4
    dismissal = next(term for term in data["results"] if term["slug"] == "mien-nhiem")
    assert dismissal["term"] == {"vi": "miễn nhiệm", "en": "dismissal"}
    assert dismissal["url"] == "http://localhost/vi/glossary/#mien-nhiem"
    assert dismissal["avoid_en"] == ["relief from office", "removal"]
    assert dismissal["group_name"] == {"vi": "Bổ nhiệm, miễn nhiệm", "en": "Appointment and removal"}
    assert [other["slug"] for other in dismissal["confused_with"]] == ["tam-dinh-chi-cong-tac"]
    suspension = next(term for term in data["results"] if term["slug"] == "tam-dinh-chi-cong-tac")
    assert [point["anchor"] for point in suspension["key_points"]["en"]] == ["art-10"]
    assert_every_citation_is_listed(data)


def test_the_glossary_is_in_the_site_navigation_and_the_sitemap(client):
    page = html(client, "regulations:glossary")
    assertContains(client.get(url("regulations:home")), 'href="/en/glossary/"')
    assert re.search(r'href="/en/glossary/"\s+aria-current="page"', page)
    assert "http://localhost/vi/glossary/" in client.get("/sitemap.xml").content.decode()


# Terms in texts link to their entry


def test_a_term_in_a_key_point_links_to_its_entry_in_the_page_language(client):
    english = html(client, "regulations:document-detail", slug="148-qd-tw")
    linked = '<a class="term" href="/en/glossary/#tam-dinh-chi-cong-tac">Suspension from work</a> lasts'
    assert linked in english  # the whole rendering, longer than its stem
    vietnamese = html(client, "regulations:document-detail", "vi", slug="148-qd-tw")
    assert '<a class="term" href="/vi/glossary/#tam-dinh-chi-cong-tac">tạm đình chỉ công tác</a>' in vietnamese


def test_markup_in_a_key_point_is_shown_as_text_beside_a_linked_term(client, scenario):
    factories.KeyPointFactory(
        document=scenario.d148, anchor="hostile", text_en='<script>alert("x")</script> suspension <img src=x>'
    )
    page = html(client, "regulations:document-detail", slug="148-qd-tw")
    assert "<script>alert" not in page
    assert "<img src=x>" not in page
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <a class="term" href="/en/glossary/#tam-dinh-chi' in page


# What changed


def test_the_changes_page_sets_each_point_before_and_now_and_says_what_the_sources_do_not_tell(client):
    page = html(client, "regulations:document-changes", slug="377-qd-tw")
    assert "What changed in 377-QĐ/TW compared with 148-QĐ/TW" in page
    assert '<li id="who-suspends" class="change">' in page
    assert "A separate rule on" in page
    assert "One general rule." in page
    told = page.index('id="not-told-heading"')
    assert page.index('id="durations"') > told > page.index('id="who-suspends"')
    assert 'href="/en/glossary/#tam-dinh-chi-cong-tac">suspension from work</a>' in page
    assert 'id="source-2"' in page


def test_the_vietnamese_changes_page_names_the_kinds_in_vietnamese(client):
    page = html(client, "regulations:document-changes", "vi", slug="377-qd-tw")
    assert "Thay đổi" in page
    assert "Các nguồn không nêu" in page
    assert "Ai có thẩm quyền tạm đình chỉ" in page


@pytest.mark.parametrize("slug", ["365-qd-tw", "no-such-document"])
def test_a_document_without_change_points_or_no_document_has_no_changes_page(client, slug):
    assert client.get(url("regulations:document-changes", slug=slug)).status_code == 404
    get_json(client, url("regulations:document-changes-json", slug=slug), status=404)


def test_the_changes_json_gives_the_points_and_what_is_not_told_apart(client):
    data = get_json(client, url("regulations:document-changes-json", slug="377-qd-tw"))
    assert [document["slug"] for document in data["compared_with"]] == ["148-qd-tw"]
    assert [point["anchor"] for point in data["points"]] == ["who-suspends"]
    assert data["points"][0]["kind_name"] == {"vi": "Thay đổi", "en": "Changed"}
    assert data["points"][0]["before"]["en"] == "A separate rule on suspension from work."
    assert [point["anchor"] for point in data["not_told"]] == ["durations"]
    assert data["not_told"][0]["before"] == {"vi": None, "en": None}
    assert_every_citation_is_listed(data)


def test_both_documents_and_the_relations_page_link_to_the_changes_page(client):
    changes = 'href="/en/documents/377-qd-tw/changes/"'
    new = html(client, "regulations:document-detail", slug="377-qd-tw")
    assert changes in new
    assert "What changed in 377-QĐ/TW compared with 148-QĐ/TW" in new
    old = html(client, "regulations:document-detail", slug="148-qd-tw")
    assert changes in old
    assert "What changed in 377-QĐ/TW compared with this" in old
    assert changes in html(client, "regulations:relation-list")
    assertNotContains(client.get(url("regulations:document-detail", slug="365-qd-tw")), "/changes/")
    data = get_json(client, url("regulations:document-detail-json", slug="148-qd-tw"))
    assert [comparison["document"]["slug"] for comparison in data["what_changed"]] == ["377-qd-tw"]


# Search


@pytest.mark.parametrize(
    ("params", "first"),
    [
        ({"q": "mien nhiem"}, "/en/glossary/#mien-nhiem"),
        ({"q": "dismissal"}, "/en/glossary/#mien-nhiem"),
        ({"q": "who may suspend", "type": "change"}, "/en/documents/377-qd-tw/changes/#who-suspends"),
    ],
)
def test_search_finds_a_term_by_its_vietnamese_without_diacritics_or_its_english_and_a_change(client, params, first):
    derived_refresh()
    data = get_json(client, url("regulations:search-json"), params)
    assert data["results"][0]["url"] == f"http://localhost{first}"
    assert data["results"][0]["kind"] in {"term", "change"}
