"""Every URL name reverses to the address users see, and that address resolves back."""

import pytest
from django.urls import get_resolver, resolve, reverse
from django.utils import translation

NAMES = [
    ("regulations:home", {}, "/en/"),
    ("regulations:document-list", {}, "/en/documents/"),
    ("regulations:document-list-json", {}, "/en/documents.json"),
    ("regulations:document-list-feed", {}, "/en/documents/feed.atom"),
    ("regulations:document-detail", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw/"),
    ("regulations:document-detail-json", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw.json"),
    ("regulations:document-feed", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw/feed.atom"),
    ("regulations:document-changes", {"slug": "377-qd-tw"}, "/en/documents/377-qd-tw/changes/"),
    ("regulations:document-changes-json", {"slug": "377-qd-tw"}, "/en/documents/377-qd-tw/changes.json"),
    ("regulations:document-fixture", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw/fixture.json"),
    ("regulations:data-export", {}, "/en/data/cadreref-fixtures.json"),
    ("regulations:relation-list", {}, "/en/relations/"),
    ("regulations:glossary", {}, "/en/glossary/"),
    ("regulations:glossary-json", {}, "/en/glossary.json"),
    ("regulations:source-list", {}, "/en/sources/"),
    ("regulations:about", {}, "/en/about/"),
    ("regulations:search", {}, "/en/search/"),
    ("regulations:search-json", {}, "/en/search.json"),
    ("regulations:search-suggest", {}, "/en/search/suggest.json"),
    ("cadres:position-list", {}, "/en/positions/"),
    ("cadres:position-list-json", {}, "/en/positions.json"),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu/"),
    ("cadres:position-detail-json", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu.json"),
    ("cadres:position-feed", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu/feed.atom"),
    ("cadres:standard-list", {}, "/en/standards/"),
    ("cadres:standard-list-json", {}, "/en/standards.json"),
    ("cadres:assessment", {}, "/en/assessment/"),
    ("cadres:assessment-json", {}, "/en/assessment.json"),
    ("cadres:authority-list", {}, "/en/authorities/"),
    ("cadres:authority-list-json", {}, "/en/authorities.json"),
    ("cadres:authority-matrix", {}, "/en/authorities/matrix/"),
]
UNPREFIXED = [
    ("healthz", "/healthz"),
    ("readyz", "/readyz"),
    ("sitemap", "/sitemap.xml"),
    ("robots-txt", "/robots.txt"),
    ("openapi-document", "/api/openapi.json"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), NAMES)
def test_url_names_reverse_and_resolve_in_both_languages(name, kwargs, path):
    with translation.override("en"):
        assert reverse(name, kwargs=kwargs or None) == path
        assert resolve(path).view_name == name
    with translation.override("vi"):
        assert reverse(name, kwargs=kwargs or None) == path.replace("/en/", "/vi/", 1)


@pytest.mark.parametrize(("name", "path"), UNPREFIXED)
def test_probes_and_machine_files_live_outside_the_language_prefix(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name


def test_every_public_url_name_is_pinned_here():
    resolver = get_resolver()
    public = {
        f"{namespace}:{name}"
        for namespace in ("regulations", "cadres")
        for name in resolver.namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    assert public == {name for name, _kwargs, _path in NAMES}
