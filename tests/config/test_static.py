"""Static files as production serves them: hashed names, a long cache lifetime, compressed."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage


@pytest.fixture(autouse=True)
def _index_static_files_at_start(settings):
    # The suite lets WhiteNoise find files on request (tests/conftest.py); production indexes
    # them when it starts, as here.
    settings.WHITENOISE_AUTOREFRESH = False


def test_hashed_static_files_are_served_by_whitenoise_with_a_long_cache_lifetime(client):
    url = staticfiles_storage.url("css/cadreref.css")
    assert re.search(r"cadreref\.[0-9a-f]{12}\.css$", url)
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 31536000


def test_static_files_are_served_compressed_when_the_browser_accepts_it(client):
    url = staticfiles_storage.url("css/cadreref.css")
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] in {"gzip", "br"}
