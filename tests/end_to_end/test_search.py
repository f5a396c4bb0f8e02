"""Search on the real reference data.

The golden queries in ``search_golden.json`` pin what a person typing into the box must get;
they run against the reference fixtures on whichever database the suite uses, so the same file
checks that SQLite and PostgreSQL agree.
"""

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from reference.search.query import clean_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

GOLDEN = json.loads((Path(__file__).with_name("search_golden.json")).read_text("utf-8"))
FIRST_RESULT = re.compile(r'<ol class="results">\s*<li>\s*<a href="([^"]+)"')


def _golden(key):
    return [pytest.param(item, id=item["query"]) for item in GOLDEN["queries"] if key in item]


def _expected_url(first):
    with translation.override("en"):
        kind, target = first["kind"], first["target"]
        if kind in {"document", "key_point"}:
            url = reverse("regulations:document-detail", kwargs={"slug": target})
        elif kind == "position":
            url = reverse("cadres:position-detail", kwargs={"slug": target})
        elif kind == "standard":
            url = reverse("cadres:standard-list") + f"#{target}"
        elif kind in {"criterion", "band"}:
            url = reverse("cadres:assessment") + f"#{target}"
        else:
            url = reverse("cadres:authority-list") + f"#{target}"
    return url + (f"#{first['anchor']}" if first.get("anchor") else "")


def test_the_golden_file_covers_at_least_seventy_queries_of_every_sort():
    queries = GOLDEN["queries"]
    assert len(queries) >= 70
    assert len({item["query"] for item in queries}) == len(queries)
    assert {"redirect", "choices", "first"} <= {key for item in queries for key in item}


@pytest.mark.parametrize("item", _golden("redirect") + _golden("choices") + _golden("first") + _golden("nothing"))
def test_golden_queries_find_the_expected_first_result(client, item):
    response = client.get("/en/search/", {"q": item["query"]})
    if "redirect" in item:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == f"/en/documents/{item['redirect']}/"
        assert parse_qs(location.query)["searched"] == [clean_query(item["query"])]
    elif "choices" in item:
        assert response.status_code == 200
        section = response.content.decode().split('id="numbered-heading"')[1].split("</section>")[0]
        listed = set(re.findall(r'<a href="/en/documents/([^/"]+)/"', section))
        assert listed == set(item["choices"])
    elif "nothing" in item:
        assert response.status_code == 200
        assert not FIRST_RESULT.search(response.content.decode()), item["why"]
    else:
        assert response.status_code == 200
        content = response.content.decode()
        first = FIRST_RESULT.search(content)
        assert first, "no full-text result"
        assert first.group(1) == _expected_url(item["first"]), item["why"]
        if "without" in item:
            assert f"showing results without “{html.escape(item['without'])}”" in content, item["why"]
        else:
            assert "showing results without" not in content, "a strict match must never be shown as relaxed"


@pytest.mark.parametrize("item", _golden("without"))
def test_a_query_shown_without_a_word_says_which_in_the_json(client, item):
    data = client.get("/en/search.json", {"q": item["query"]}).json()
    assert data["without"] == item["without"]
    assert data["results"]
    exact = client.get("/en/search.json", {"q": item["query"], "exact": "1"}).json()
    assert exact["without"] is None
    assert exact["results"] == []


def test_a_gap_never_outranks_the_provision_it_is_about(client):
    first = FIRST_RESULT.search(client.get("/en/search/", {"q": "not completed"}).content.decode())
    assert first.group(1) == "/en/assessment/#band-khong-hoan-thanh"


def test_the_filters_narrow_real_results(client):
    def shown(**params):
        return client.get("/en/search/", params).content.decode()

    assert 'href="/en/documents/148-qd-tw/' in shown(q="tạm đình chỉ", status="replaced")
    assert 'href="/en/documents/377-qd-tw/' not in shown(q="tạm đình chỉ", status="replaced")
    decrees = shown(q="senior experts", kind="decree")
    assert 'href="/en/documents/92-2025-nd-cp/"' in decrees
    assert 'href="/en/documents/180-qd-tw/"' not in decrees


def _marks(client, query):
    content = client.get("/vi/search/", {"q": query}).content.decode()
    return {mark.lower() for mark in re.findall(r"<mark>(.*?)</mark>", content)}


def test_a_query_typed_with_diacritics_highlights_only_the_words_written_that_way(client):
    assert _marks(client, "tâm") == {"tâm"}
    assert _marks(client, "tạm đình chỉ") == {"tạm", "đình", "chỉ"}


def test_a_query_typed_without_diacritics_highlights_every_word_it_matched(client):
    assert {"tâm", "tầm", "tạm"} <= _marks(client, "tam")
    assert "định" not in _marks(client, "tam dinh chi")


def test_a_corrected_word_is_highlighted_however_it_is_written(client):
    assert _marks(client, "tạm đìhn chỉ") == {"tạm", "đình", "chỉ"}
