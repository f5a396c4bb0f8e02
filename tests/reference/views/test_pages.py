"""Every public page in both languages, and the home, about, relations and sources pages."""

import datetime
import re

import pytest

from reference.selectors.documents import RELATIONS_PER_PAGE, SOURCE_DOCUMENTS_SHOWN
from regulations.models import Document, Relation, Source
from tests import factories
from tests.reference.views.helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

PAGES = [
    ("regulations:home", {}),
    ("regulations:document-list", {}),
    ("regulations:document-detail", {"slug": "365-qd-tw"}),
    ("regulations:relation-list", {}),
    ("regulations:source-list", {}),
    ("regulations:about", {}),
    ("regulations:search", {}),
    ("cadres:position-list", {}),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}),
    ("cadres:standard-list", {}),
    ("cadres:assessment", {}),
    ("cadres:authority-list", {}),
    ("cadres:authority-matrix", {}),
]


def links(response):
    return set(re.findall(r'href="(/(?:vi|en)/[^"#?]*)', response.content.decode()))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_renders_in_its_language_with_a_skip_link_and_metadata(client, name, kwargs, language):
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert "<title>" in html
    assert 'name="description"' in html
    assert 'rel="canonical"' in html


@pytest.mark.parametrize(("name", "kwargs"), [page for page in PAGES if not page[1]])
def test_every_list_page_renders_on_an_empty_database(client, empty_database, name, kwargs):
    assert client.get(url(name)).status_code == 200


@pytest.mark.parametrize("name", ["regulations:home", "regulations:document-list", "cadres:position-list"])
def test_internal_links_on_the_main_pages_resolve(client, name):
    for link in sorted(links(client.get(url(name)))):
        assert client.get(link).status_code in {200, 302}, link


def test_home_shows_the_core_documents_the_latest_events_and_the_data_date(client, scenario):
    html = client.get(url("regulations:home")).content.decode()
    for document in Document.objects.core():
        assert document.get_absolute_url() in html
    assert scenario.d92.get_absolute_url() not in html
    assert scenario.event.title_en in html
    assert "Data as of" in html


def test_the_about_page_says_how_much_the_reference_holds(client):
    html = client.get(url("regulations:about")).content.decode()
    assert f"8 documents, 3 positions and {Source.objects.count()} sources" in html


def test_the_relations_page_draws_the_graph_and_lists_the_timeline(client):
    html = client.get(url("regulations:relation-list")).content.decode()
    assert "<svg" in html
    assert '<title id="graph-title">' in html
    assert "replaces" in html
    timeline = html.split('id="timeline-heading"')[1]
    assert timeline.index("148-QĐ/TW") < timeline.index("377-QĐ/TW")  # chronological


@pytest.fixture
def a_second_page_of_the_timeline(scenario):
    """Enough documents issued after the scenario's for the timeline to run onto a second
    page, the last of them replacing the oldest document, which is on the first."""
    later = factories.DocumentFactory.create_batch(
        RELATIONS_PER_PAGE, issued_on=datetime.date(2030, 1, 1), topics=[scenario.standards_topic]
    )
    factories.RelationFactory(subject=later[-1], object=scenario.d148, kind=Relation.Kind.REPLACES)
    return later[-1]


def two_linked_pages(client, first, address):
    """The HTML of ``first`` (page 1 of ``address``) and of page 2, having checked that each
    links to the other and to nothing further."""
    first_html = first.content.decode()
    assert 'href="?page=2" rel="next"' in first_html
    assert 'rel="prev"' not in first_html
    second = client.get(address, {"page": 2})
    assert second.status_code == 200
    html = second.content.decode()
    assert 'href="?page=1"' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html
    return first_html, html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_relations_timeline_is_paginated_with_links_to_its_neighbours(
    client, a_second_page_of_the_timeline, language
):
    first = client.get(url("regulations:relation-list", language))
    assert len(first.context["page"].documents) == RELATIONS_PER_PAGE
    first_html, html = two_linked_pages(client, first, url("regulations:relation-list", language))
    assert a_second_page_of_the_timeline.get_absolute_url() not in first_html
    assert 'rel="canonical"' in html
    timeline = html.split('id="timeline-heading"')[1]
    assert a_second_page_of_the_timeline.get_absolute_url() in timeline
    assert "148-QĐ/TW" not in timeline.split("<li>")[1]  # the oldest document is on page 1 only


def test_a_relation_to_a_document_on_another_page_is_drawn_in_the_graph(client, a_second_page_of_the_timeline):
    page = client.get(url("regulations:relation-list"), {"page": 2}).context["page"]
    assert {node.document.slug for node in page.graph.nodes} == {a_second_page_of_the_timeline.slug, "148-qd-tw"}
    assert len(page.graph.edges) == 1


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("number", ["2", "0", "last-but-one", "99999999999999999999"])
def test_a_page_of_the_timeline_that_does_not_exist_is_not_found(client, language, number):
    assert client.get(url("regulations:relation-list", language), {"page": number}).status_code == 404


def test_the_sources_page_says_what_cites_each_source(client):
    html = client.get(url("regulations:source-list")).content.decode()
    entry = html.split('id="source-S01"')[1].split("</li>")[0]
    assert url("regulations:document-detail", slug="365-qd-tw") in entry
    assert "1 position" in entry
    assert "authorities" not in entry.split("·", 1)[0]
    translated = html.split('id="source-S59"')[1].split("</li>")[0]
    assert "machine translation" in translated


@pytest.mark.parametrize(("language", "more"), [("en", "and 2 more documents"), ("vi", "và 2 văn bản khác")])
def test_a_source_cited_by_many_documents_says_how_many_more_there_are(client, language, more):
    source = factories.SourceFactory(code="S97")
    factories.DocumentFactory.create_batch(SOURCE_DOCUMENTS_SHOWN + 2, cited=source)
    html = client.get(url("regulations:source-list", language)).content.decode()
    entry = html.split('id="source-S97"')[1].split("</li>")[0]
    assert entry.count('<a href="/') == SOURCE_DOCUMENTS_SHOWN  # the source's own link aside
    assert more in entry


def test_a_source_nothing_rests_on_says_so(client):
    from tests.factories import SourceFactory

    SourceFactory(code="S99")
    html = client.get(url("regulations:source-list")).content.decode()
    assert "Read, but no fact shown here rests on it." in html.split('id="source-S99"')[1].split("</li>")[0]


@pytest.fixture
def a_second_page_of_sources(scenario):
    """Enough sources after the scenario's for the list to run onto a second page, the last of
    them cited by a key point of a core document and resting under a position."""
    later = factories.SourceFactory.create_batch(Source.PER_PAGE)
    factories.KeyPointFactory(document=scenario.d365, sources=[later[-1]])
    factories.PositionFactory(group=scenario.group, tier=scenario.tier, sources=[later[-1]])
    return later[-1]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_sources_are_paginated_with_links_to_their_neighbours(client, a_second_page_of_sources, language):
    first = client.get(url("regulations:source-list", language))
    assert len(first.context["page"].uses) == Source.PER_PAGE
    first_html, html = two_linked_pages(client, first, url("regulations:source-list", language))
    assert 'id="source-S01"' in first_html
    assert f'id="source-{a_second_page_of_sources.code}"' not in first_html
    assert f'start="{Source.PER_PAGE + 1}"' in html  # the numbers run on from the first page
    assert 'id="source-S01"' not in html
    entry = html.split(f'id="source-{a_second_page_of_sources.code}"')[1].split("</li>")[0]
    assert url("regulations:document-detail", language, slug="365-qd-tw") in entry
    assert re.search(r"· 1 \S", entry)  # one position rests on it


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("number", ["2", "0", "last", "99999999999999999999"])
def test_a_page_of_the_sources_that_does_not_exist_is_not_found(client, language, number):
    assert client.get(url("regulations:source-list", language), {"page": number}).status_code == 404


def test_a_sources_address_is_the_page_that_lists_it(client, a_second_page_of_sources):
    assert Source.objects.get(code="S01").get_absolute_url() == "/en/sources/#source-S01"
    address = a_second_page_of_sources.get_absolute_url()
    assert address == f"/en/sources/?page=2#source-{a_second_page_of_sources.code}"
    path, anchor = address.split("#")
    assert f'id="{anchor}"' in client.get(path).content.decode()


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
