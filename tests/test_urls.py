"""Every URL name reverses to the address users see, and that address resolves back."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

NAMES = [
    ("regulations:home", {}, "/en/"),
    ("regulations:document-list", {}, "/en/documents/"),
    ("regulations:document-detail", {"slug": "365-qd-tw"}, "/en/documents/365-qd-tw/"),
    ("regulations:relation-list", {}, "/en/relations/"),
    ("regulations:source-list", {}, "/en/sources/"),
    ("regulations:about", {}, "/en/about/"),
    ("regulations:search", {}, "/en/search/"),
    ("regulations:search-suggest", {}, "/en/search/suggest.json"),
    ("cadres:position-list", {}, "/en/positions/"),
    ("cadres:position-detail", {"slug": "tong-bi-thu"}, "/en/positions/tong-bi-thu/"),
    ("cadres:standard-list", {}, "/en/standards/"),
    ("cadres:assessment", {}, "/en/assessment/"),
    ("cadres:authority-list", {}, "/en/authorities/"),
    ("cadres:authority-matrix", {}, "/en/authorities/matrix/"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), NAMES)
def test_url_names_reverse_and_resolve(name, kwargs, path):
    with translation.override("en"):
        assert reverse(name, kwargs=kwargs or None) == path
        assert resolve(path).view_name == name
    with translation.override("vi"):
        assert reverse(name, kwargs=kwargs or None) == path.replace("/en/", "/vi/", 1)


def test_probes_live_outside_the_language_prefix():
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"
