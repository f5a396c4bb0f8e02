"""sitemap.xml and robots.txt: outside the language prefix, both languages, the admin hidden."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from cadres.models import Position
from regulations.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        entries[url.find(f"{SITEMAP}loc").text] = (url, alternates)
    return entries


def test_the_sitemap_and_robots_live_outside_the_language_prefix():
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("robots-txt") == "/robots.txt"


def test_the_sitemap_lists_every_page_in_both_languages_with_hreflang_alternates(client):
    entries = sitemap_entries(client)
    paths = [
        "regulations:home",
        "regulations:document-list",
        "regulations:relation-list",
        "regulations:glossary",
        "regulations:source-list",
        "regulations:about",
        "cadres:position-list",
        "cadres:standard-list",
        "cadres:assessment",
        "cadres:authority-list",
        "cadres:authority-matrix",
    ]
    for language in ("vi", "en"):
        with translation.override(language):
            expected = [reverse(name) for name in paths]
            expected += [document.get_absolute_url() for document in Document.objects.all()]
            expected += [position.get_absolute_url() for position in Position.objects.all()]
            changes = [reverse("regulations:document-changes", kwargs={"slug": "377-qd-tw"})]
        for path in expected + changes:
            assert f"http://localhost{path}" in entries, path
    assert len(entries) == 2 * (len(paths) + Document.objects.count() + Position.objects.count() + len(changes))
    _url, alternates = entries["http://localhost/en/documents/365-qd-tw/"]
    assert alternates == {
        "vi": "http://localhost/vi/documents/365-qd-tw/",
        "en": "http://localhost/en/documents/365-qd-tw/",
        "x-default": "http://localhost/documents/365-qd-tw/",
    }


def test_the_x_default_address_sends_each_reader_to_their_language(client):
    response = client.get("/documents/365-qd-tw/", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response["Location"]) == (302, "/en/documents/365-qd-tw/")
    response = client.get("/documents/365-qd-tw/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (response.status_code, response["Location"]) == (302, "/vi/documents/365-qd-tw/")


def test_documents_in_the_sitemap_carry_their_last_change(client):
    url, _alternates = sitemap_entries(client)["http://localhost/vi/documents/365-qd-tw/"]
    document = Document.objects.get(slug="365-qd-tw")
    assert url.find(f"{SITEMAP}lastmod").text == timezone.localtime(document.updated_at).date().isoformat()


def test_the_sitemap_has_an_etag_from_the_data_version(client):
    response = client.get("/sitemap.xml")
    assert client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_robots_allows_all_but_search_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /vi/search" in lines
    assert "Disallow: /en/search" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_robots_does_not_publish_the_admin_address_and_admin_pages_ask_not_to_be_indexed(client):
    assert settings.ADMIN_URL not in client.get("/robots.txt").content.decode()
    login = client.get(reverse("admin:login"))
    assert login.status_code == 200
    assertContains(login, '<meta name="robots" content="noindex, nofollow">', html=True)
