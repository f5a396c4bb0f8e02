"""Background tasks (Django's tasks framework; run by ``manage.py db_worker``).

``prerender_site`` warms every public page of a new data version before readers are switched
to it (``core.prerender``). It is queued once the transaction that moved the data version
commits (``core.data_version.data_version_moved``, connected in ``reference.apps``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from django.conf import settings
from django.tasks import task
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from cadres.models import Authority, Position
from core.data_version import Version
from core.http import PAGE_SIZE
from core.prerender import prerender
from reference.search import spelling
from reference.services.exports import dataset_export_file
from reference.sitemaps import SITEMAPS
from reference.views.documents import DocumentListView
from regulations.models import Document, Source

# The tiers of ``site_paths``, in the order readers reach them (and the order the byte budget
# cuts them): the home page, the lists, the core documents, the positions, the other documents,
# the rest of the HTML pages, then the JSON twins, feeds and the sitemap.
LIST_NAMES = [
    name
    for section in ("pages", "cadre-pages")
    for name in SITEMAPS[section].names
    if name not in {"regulations:home", "regulations:about"}
]


@task
def prerender_site(version: int) -> dict:
    """Store the search's spelling vocabulary of data version ``version``, render every
    public page for it and write the dataset export file, then announce it: no reader waits
    for any of them."""
    # The vocabulary first: until it is stored, searches that find nothing on a large index
    # get no corrections; pages are served from the old version until this one is announced.
    return prerender(
        version=version, paths=site_paths(), prepare_first=spelling.vocabulary_store, prepare=_write_exports
    ).as_dict()


def _write_exports(version: Version) -> None:
    # Per-document fixtures are small and written on first request (reference.services.exports).
    # A request may be writing the dataset's already: the worker waits for it rather than fail
    # the pre-render (it holds no reader's thread).
    dataset_export_file(version=version, block=True).close()


def site_paths() -> list[str]:
    """Every canonical public page, both languages, HTML then JSON, in the order readers
    reach them first."""
    documents = list(Document.objects.order_by("-is_core", "slug").values_list("slug", "is_core"))
    positions = list(Position.objects.order_by("slug").values_list("slug", flat=True))
    with_changes = SITEMAPS["changes"]().items().values_list("slug", flat=True)
    html_tiers = [
        ["regulations:home"],
        LIST_NAMES,
        [("regulations:document-detail", slug) for slug, is_core in documents if is_core],
        [("cadres:position-detail", slug) for slug in positions],
        [("regulations:document-detail", slug) for slug, is_core in documents if not is_core],
        [("regulations:document-changes", slug) for slug in with_changes],
        ["regulations:about"],
    ]
    html = [path for tier in html_tiers for path in _both_languages(tier)]
    extra_list_pages = [
        *_more_pages("regulations:document-list", len(documents), DocumentListView.paginate_by),
        *_more_pages("regulations:document-list-json", len(documents), PAGE_SIZE),
        *_more_pages("cadres:position-list-json", len(positions), PAGE_SIZE),
        *_more_pages("cadres:authority-list-json", Authority.objects.count(), PAGE_SIZE),
        # Every page of the sources: a source's address (``Source.get_absolute_url``) may be on any.
        *_more_pages("regulations:source-list", Source.objects.count(), Source.PER_PAGE),
    ]
    json_twins = [twin for path in html if (twin := _json_twin(path))]
    feeds = [
        *_both_languages(["regulations:document-list-feed"]),
        *_both_languages([("regulations:document-feed", slug) for slug, _core in documents]),
        *_both_languages([("cadres:position-feed", slug) for slug in positions]),
    ]
    return [*html, *extra_list_pages, *json_twins, *feeds, "/sitemap.xml", "/robots.txt"]


def _both_languages(names: list) -> Iterator[str]:
    for name in names:
        for code, _name in settings.LANGUAGES:
            yield _reverse(name, code)


def _reverse(name, code: str) -> str:
    with translation.override(code):
        if isinstance(name, tuple):
            return reverse(name[0], kwargs={"slug": name[1]})
        return reverse(name)


def _more_pages(name: str, count: int, per_page: int) -> Iterator[str]:
    """Pages 2 and on of a paginated list, both languages (page 1 is the list itself)."""
    for number in range(2, math.ceil(count / per_page) + 1):
        for path in _both_languages([name]):
            yield f"{path}?page={number}"


def _json_twin(path: str) -> str | None:
    """``/en/documents/x/`` → ``/en/documents/x.json``, where the site has that address."""
    if not path.endswith("/") or path.count("/") < 3:
        return None
    twin = f"{path[:-1]}.json"
    try:
        with translation.override(translation.get_language_from_path(twin)):
            resolve(twin)
    except Resolver404:
        return None
    return twin
