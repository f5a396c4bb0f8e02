"""The Atom feeds: documents added or changed, one document, one position."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from cadres.models import Position
from regulations.models import Document
from tests.reference.views.helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario")]

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, path):
    """The feed at ``path``, checked against what RFC 4287 requires of a feed and its entries."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"http://localhost{path}"
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    assert all(entry_id.startswith(("http://localhost/", "tag:localhost,")) for entry_id in ids), ids
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root, parsed


def test_recent_changes_list_documents_newest_change_first(client):
    Document.objects.filter(slug="148-qd-tw").update(updated_at=timezone.now() + datetime.timedelta(days=1))
    _root, parsed = atom(client, url("regulations:document-list-feed"))
    assert parsed.entries[0].link == "http://localhost/en/documents/148-qd-tw/"
    assert parsed.entries[0].title.startswith("148-QĐ/TW: ")
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    assert len(parsed.entries) == min(Document.objects.count(), 50)
    assert all(entry.get("published") for entry in parsed.entries)


def test_recent_changes_are_a_valid_empty_feed_on_an_empty_database(client, empty_database):
    _root, parsed = atom(client, url("regulations:document-list-feed"))
    assert parsed.entries == []


def test_a_document_feed_gives_the_record_its_events_and_relations(client):
    root, parsed = atom(client, url("regulations:document-feed", "vi", slug="377-qd-tw"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    titles = [entry.title for entry in parsed.entries]
    assert any(title.startswith("377-QĐ/TW: ") for title in titles)
    assert any(title.startswith("377-QĐ/TW") and "148-QĐ/TW" in title for title in titles)
    _root, parsed = atom(client, url("regulations:document-feed", slug="365-qd-tw"))
    event = next(entry for entry in parsed.entries if "#event-" in entry.id)
    assert event.updated.startswith("2025-10-29")
    assert event.summary.endswith("Sources: S01.")
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)


def test_a_document_feed_for_an_unknown_document_is_a_404(client):
    assert client.get(url("regulations:document-feed", slug="no-such-document")).status_code == 404


def test_a_position_feed_lists_the_documents_whose_rules_apply_to_it(client):
    card_documents = client.get(url("cadres:position-detail", slug="tong-bi-thu")).context["card"].documents
    _root, parsed = atom(client, url("cadres:position-feed", slug="tong-bi-thu"))
    assert {entry.link for entry in parsed.entries} == {
        f"http://localhost{document.get_absolute_url()}" for document in card_documents
    }
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    assert client.get(url("cadres:position-feed", slug="no-such-post")).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        (("regulations:home", {}), ("regulations:document-list-feed", {})),
        (("regulations:document-list", {}), ("regulations:document-list-feed", {})),
        (("regulations:document-detail", {"slug": "365-qd-tw"}), ("regulations:document-feed", {"slug": "365-qd-tw"})),
        (("cadres:position-detail", {"slug": "tong-bi-thu"}), ("cadres:position-feed", {"slug": "tong-bi-thu"})),
    ],
)
def test_pages_with_a_feed_link_it_in_their_head(client, page, feed):
    html = client.get(url(page[0], **page[1])).content.decode()
    head = html[: html.index("</head>")]
    assert 'type="application/atom+xml"' in head
    assert f'href="http://localhost{url(feed[0], **feed[1])}"' in head


def test_every_position_feed_is_valid_atom(client):
    for slug in Position.objects.values_list("slug", flat=True)[:10]:
        atom(client, url("cadres:position-feed", slug=slug))
