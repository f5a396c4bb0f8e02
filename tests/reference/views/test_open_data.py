"""What the HTML pages tell machines (reference.templatetags.open_data and base.html):
links to their JSON twins, schema.org JSON-LD on document pages, Open Graph tags everywhere."""

import json
import re

import pytest
from django.urls import reverse

from regulations.models import Document, Relation
from tests import factories
from tests.reference.views.helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]


def head(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    return html[: html.index("</head>")]


def json_ld(client, slug, language="en"):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        head(client, url("regulations:document-detail", language, slug=slug)),
        re.S,
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


TWINS = [
    ("regulations:document-list", {}, "regulations:document-list-json"),
    ("regulations:document-detail", {"slug": "365-qd-tw"}, "regulations:document-detail-json"),
    ("regulations:search", {}, "regulations:search-json"),
    ("cadres:position-list", {}, "cadres:position-list-json"),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}, "cadres:position-detail-json"),
    ("cadres:standard-list", {}, "cadres:standard-list-json"),
    ("cadres:assessment", {}, "cadres:assessment-json"),
    ("cadres:authority-list", {}, "cadres:authority-list-json"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("page", "kwargs", "twin"), TWINS)
def test_every_page_with_a_json_twin_links_it_in_its_head(client, page, kwargs, twin, language):
    twin_url = f"http://localhost{url(twin, language, **kwargs)}"
    assert f'<link rel="alternate" type="application/json" href="{twin_url}">' in head(
        client, url(page, language, **kwargs)
    )
    assert client.get(twin_url).status_code == 200


def test_the_json_link_of_a_filtered_list_carries_the_filters_but_not_the_page_or_empty_values(client):
    html = head(client, url("regulations:document-list"), {"kind": "regulation", "issuer": "", "sort": "-date"})
    link = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html).group(1)
    assert link == "http://localhost/en/documents.json?kind=regulation&amp;sort=-date"
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    search = head(client, url("regulations:search"), {"q": "tạm đình chỉ", "type": ""})
    assert 'href="http://localhost/en/search.json?q=t%E1%BA%A1m+%C4%91%C3%ACnh+ch%E1%BB%89"' in search


def test_pages_without_a_twin_link_no_json(client):
    assert 'type="application/json"' not in head(client, url("regulations:about"))


def test_a_document_page_describes_the_regulation_as_schema_org_legislation(client):
    basis = factories.DocumentFactory(slug="60-nq-tw", number=60, kind=Document.Kind.RESOLUTION)
    factories.RelationFactory(subject=Document.objects.get(slug="377-qd-tw"), object=basis, kind=Relation.Kind.BASED_ON)
    data = json_ld(client, "377-qd-tw")
    document = Document.objects.get(slug="377-qd-tw")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "377-QĐ/TW"
    assert data["name"] == document.title_vi
    assert data["inLanguage"] == "vi"
    assert data["alternateName"] == document.title_en
    assert data["legislationDate"] == "2025-10-08"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationPassedBy"]["name"] == document.issuer.name_vi
    assert data["url"] == "http://localhost/en/documents/377-qd-tw/"
    assert "http://localhost/en/documents/148-qd-tw/" in data["legislationChanges"]
    assert "http://localhost/en/documents/60-nq-tw/" in data["isBasedOn"]
    assert "datePublished" not in data  # the sources give dates of issue, not of publication


def test_legal_force_is_mapped_honestly_and_omitted_when_the_status_is_not_stated(client):
    assert json_ld(client, "148-qd-tw")["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert json_ld(client, "142-qd-tw", "vi")["legislationLegalForce"] == "https://schema.org/InForce"
    assert "legislationLegalForce" not in json_ld(client, "365-qd-tw")
    factories.DocumentFactory(slug="quy-dinh-89-2017", number=89, symbol="", issued_on=None, year=2017)
    undated = json_ld(client, "quy-dinh-89-2017")
    assert "legislationIdentifier" not in undated
    assert "legislationDate" not in undated
    assert undated["name"]


def test_json_ld_cannot_close_its_script_element(client):
    document = factories.DocumentFactory(title_vi="Quy định </script><script>alert(1)</script> & thử")
    factories.RelationFactory(
        subject=document, object=Document.objects.get(slug="365-qd-tw"), kind=Relation.Kind.RELATED
    )
    html = head(client, document.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["name"] == document.title_vi


@pytest.mark.parametrize(("language", "locale", "alternate"), [("vi", "vi_VN", "en_GB"), ("en", "en_GB", "vi_VN")])
def test_every_page_has_open_graph_tags_in_its_language(client, language, locale, alternate):
    for name, kwargs in [
        ("regulations:home", {}),
        ("regulations:about", {}),
        ("regulations:document-detail", {"slug": "365-qd-tw"}),
        ("cadres:position-detail", {"slug": "tong-bi-thu"}),
        ("cadres:authority-matrix", {}),
    ]:
        path = url(name, language, **kwargs)
        tags = dict(re.findall(r'<meta property="(og:[a-z:_]+)"\s+content="([^"]*)"', head(client, path)))
        assert tags["og:locale"] == locale
        assert tags["og:locale:alternate"] == alternate
        assert tags["og:url"] == f"http://localhost{path}"
        assert tags["og:title"]
        assert tags["og:title"] == tags["og:title"].strip()
        assert tags["og:description"]
        assert tags["og:site_name"] == "CadreRef"


def test_a_document_page_is_an_open_graph_article_named_by_its_symbol(client):
    tags = dict(
        re.findall(
            r'<meta property="(og:[a-z:_]+)"\s+content="([^"]*)"',
            head(client, url("regulations:document-detail", slug="365-qd-tw")),
        )
    )
    assert tags["og:type"] == "article"
    assert tags["og:title"].startswith("365-QĐ/TW — ")
    assert tags["og:description"]


def test_the_about_page_links_the_bulk_download_the_json_and_the_openapi_description(client):
    html = client.get(url("regulations:about")).content.decode()
    for target in [
        url("regulations:data-export"),
        url("regulations:document-list-json"),
        url("cadres:position-list-json"),
        url("cadres:authority-list-json"),
        reverse("openapi-document"),
        url("regulations:document-list-feed"),
    ]:
        assert f'href="{target}' in html, target
