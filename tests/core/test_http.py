"""The JSON helpers: 404s in the right format, and the envelope of a page of results."""

import pytest
from django.test import RequestFactory

from core.http import page_envelope

pytestmark = pytest.mark.django_db


def test_an_unknown_address_ending_in_json_is_a_json_404(client):
    response = client.get("/en/documents/no%20such.json")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": "Nothing has this address."}


def test_an_unknown_page_is_the_sites_html_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_the_envelope_links_the_neighbouring_pages_keeping_the_other_parameters():
    request = RequestFactory().get("/en/documents.json", {"kind": "decree", "page": "2"}, HTTP_HOST="localhost")
    envelope = page_envelope(request, count=120, number=2, pages=3)
    assert envelope["count"] == 120
    assert envelope["next"] == "http://localhost/en/documents.json?kind=decree&page=3"
    assert envelope["previous"] == "http://localhost/en/documents.json?kind=decree&page=1"
    assert page_envelope(request, count=0, number=1, pages=1)["next"] is None
