"""HTTP caching for the public site, and a friendly 503 when the database is down.

The content only changes when staff import or edit it, so every public page is a function of
(data version, site origin, language, path, and the query parameters the page reads).
``PublicCacheMiddleware`` first makes the request canonical: the host is validated, the origin
becomes the configured ``SITE_URL`` (never the client's ``Host`` or ``X-Forwarded-Proto``) and
query parameters the page does not read are dropped, the rest sorted. Then it:

* answers a conditional GET whose ``If-None-Match``/``If-Modified-Since`` matches a page that
  exists (a 200, never a 404 or 400) with 304, from the cache without rendering a template or
  querying the database;
* serves a page rendered earlier for the version *served* to readers from the cache (local
  memory bounded by bytes, then the shared tier the pre-render job fills, ``core.page_cache``),
  so repeat requests from other clients skip the view. While a newer version is written but not
  yet announced (``core.data_version``), a page missing for the served version is looked up,
  then rendered, for the newer one, and labelled with it: a page's ETag and Last-Modified always
  name the version its content was built from. A rendered page is checked against the database's
  version (one query, only when a page is rendered): if the data moved past the version this
  worker had cached, it is sent unlabelled, ``no-cache``, and not stored;
* marks fresh 200 responses ``Cache-Control: public`` with an ``ETag`` and ``Last-Modified``
  and stores them gzip-compressed (``core.page_cache``), unless they set a cookie or vary on
  one; a client that accepts gzip is sent the kept bytes as they are (a weak ``W/`` ETag, as
  RFC 9110 asks of a different encoding), others the page unpacked, with ``Vary:
  Accept-Encoding`` for both; a file streamed to the reader (the
  fixture downloads, kept on disk per data version) is marked and revalidated the same way but
  not stored;
* turns a database outage into a 503 page that needs neither the database nor the request
  context, while pages already in the cache keep being served.

Admin, health probes, static files and anything outside the language prefixes pass through.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseNotModified, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from core.data_version import Version, data_state_read, data_version_unchanged, rendering_for
from core.page_cache import LEVEL_ON_DEMAND, LEVEL_PRERENDER, entry_body, entry_gzipped, entry_make, page_get, page_put

logger = logging.getLogger(__name__)


@dataclass
class Prerendering:
    """A page being pre-rendered (``core.prerender``) for ``version``: the middleware renders
    it for that version whatever is served, and leaves the cacheable result here, with its
    identity, for the job to store in the shared tier (or not, past the byte budget)."""

    version: Version
    identity: str = ""
    entry: tuple | None = None


prerendering: ContextVar[Prerendering | None] = ContextVar("cadreref_prerendering", default=None)

# Not kept with a page: the cache's own marker, and the length, which is the sent body's.
UNKEPT_HEADERS = {"x-cache", "content-length"}
ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$))", re.IGNORECASE)
LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
PUBLIC_EXTRA = ("/sitemap.xml", "/robots.txt")
DATABASE_DOWN = (OperationalError, InterfaceError)


def accepts_gzip(request) -> bool:
    """Whether the client accepts gzip (``Accept-Encoding``), ``gzip;q=0`` being a refusal."""
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def weak_etag(etag: str) -> str:
    return etag if etag.startswith("W/") else f"W/{etag}"


def is_public(path: str) -> bool:
    return path.startswith(LANGUAGE_PREFIXES) or path in PUBLIC_EXTRA


def unavailable_response() -> HttpResponse:
    """The 503 page: plain, bilingual, and built without the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


class RequestLimitsMiddleware:
    """Refuse what no page accepts before any work is done, and before the body is read.

    * Outside the admin, anything but GET and HEAD is a 405 (``POST /`` included), answered
      without reading a byte of the body: CSRF checks and form parsing, below, would read and
      spool it first.
    * A body larger than ``MAX_REQUEST_BODY_BYTES`` (the largest import upload) is a 413.
    * An oversized query string is a 414, an oversized header a 400. The proxy and gunicorn
      have their own limits (gunicorn.conf.py); these keep the same promise when the app is
      reached some other way.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} and not request.path.startswith(self.admin_prefix):
            response = self._refuse(request, 405, "Only GET and HEAD are accepted here.")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            body_length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(request, 400, "The Content-Length header is not a number.")
        if body_length > settings.MAX_REQUEST_BODY_BYTES:
            return self._refuse(request, 413, "The request body is too large.")
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return self._refuse(request, 414, "The query string is too long.")
        if any(
            len(value) > settings.MAX_HEADER_LENGTH
            for name, value in request.META.items()
            if name.startswith("HTTP_") and isinstance(value, str)
        ):
            return self._refuse(request, 400, "A request header is too large.")
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, message: str) -> HttpResponse:
        if request.path.endswith(".json"):
            return JsonResponse({"error": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def canonical_origin(request) -> str:
    """Make the request name the site's own origin, and return it.

    The host is validated first (a disallowed host is a 400 before any cache lookup). With
    ``SITE_URL`` set, the request's host and scheme are then replaced by it, so that everything
    that builds an absolute URL from the request (``build_absolute_uri``, Django's feeds and
    sitemaps) names the configured origin whatever the client sent in ``Host`` (a port) or
    ``X-Forwarded-Proto``. In development without ``SITE_URL`` the validated request origin is
    used, and the cache keys on it.
    """
    request.get_host()  # raises DisallowedHost
    if settings.SITE_URL:
        scheme, host = settings.SITE_URL.split("://", 1)
        request.META["HTTP_HOST"] = host
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        request.META["wsgi.url_scheme"] = scheme
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure_value = settings.SECURE_PROXY_SSL_HEADER
            request.META[header] = secure_value if scheme == "https" else scheme
    return f"{request.scheme}://{request.get_host()}"


# Paths up to this long have what their view reads kept (``understood_parameters``); no page's
# address comes near it, so only made-up ones are worked out every time.
KEPT_PATH_LENGTH = 256


def understood_parameters(path_info: str) -> frozenset[str]:
    """The query parameters the view behind ``path_info`` reads (``core.http.reads_query``).

    Kept per path, in a bounded memo: resolving the path was a third of this middleware's work
    for a page served from the cache or a 304 (about 35 µs of 150), and what a path resolves to
    cannot change while the process runs (tests that swap the URLconf clear it:
    ``_forget_understood``)."""
    if len(path_info) > KEPT_PATH_LENGTH:
        return _understood(path_info)
    return _understood_kept(path_info)


def _understood(path_info: str) -> frozenset[str]:
    # i18n_patterns match only the active language's prefix, and LocaleMiddleware has not yet
    # activated the one in the path.
    try:
        with translation.override(translation.get_language_from_path(path_info)):
            view = resolve(path_info).func
    except Resolver404:
        if settings.APPEND_SLASH and not path_info.endswith("/"):
            # CommonMiddleware redirects to the address with a slash, keeping the query: keep
            # what the page there reads.
            return understood_parameters(f"{path_info}/")
        return frozenset()
    declared = getattr(view, "query_parameters", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "query_parameters", frozenset())
    return declared


_understood_kept = functools.lru_cache(maxsize=4096)(_understood)


@receiver(setting_changed)
def _forget_understood(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "APPEND_SLASH"}:
        _understood_kept.cache_clear()


def canonical_query(request) -> str:
    """Keep only the query parameters the page reads, sorted by name, and return them encoded.

    ``?b=2&a=1``, ``?a=1&b=2`` and ``?a=1&b=2&x=junk`` are then one request, so a client that
    makes up parameters gets the same page and the same cache entry as everyone else, and the
    page's own links (pagination, filters) never repeat the made-up ones.
    """
    if not request.META.get("QUERY_STRING"):
        return ""
    understood = understood_parameters(request.path_info)
    kept = QueryDict(mutable=True)
    for name, values in sorted(request.GET.lists()):
        if name in understood:
            kept.setlist(name, values)
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        kept._mutable = False
        request.GET = kept
    return query


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} or not is_public(request.path):
            return self.get_response(request)
        origin = canonical_origin(request)
        canonical_query(request)
        language = request.path.split("/", 2)[1] if request.path.startswith(LANGUAGE_PREFIXES) else ""
        identity = hashlib.sha256(f"{origin}|{language}|{request.get_full_path()}".encode()).hexdigest()

        job = prerendering.get()
        if job is not None:
            # The pre-render job: render for the version it warms, and hand the page to it.
            version = job.version
        else:
            try:
                state = data_state_read()
            except DATABASE_DOWN:
                logger.warning("Database unavailable while reading the data version for %s", request.path)
                return unavailable_response()
            served, latest = state.served, state.latest
            versions = [served.number] if served == latest else [served.number, latest.number]
            # The pre-render job renders addresses without a query but ``page``
            # (``reference.tasks.site_paths``): a search or a filtered list is never in the
            # shared tier, and asking it would cost a query on every such page rendered.
            found = page_get(versions, identity, shared=set(request.GET) <= {"page"})
            if found is not None:
                number, entry = found
                version = served if number == served.number else latest
                etag = self._etag(version, identity)
                if entry[0] == 200 and self._not_modified(request, etag, version.changed_at.timestamp()):
                    return self._not_modified_response(
                        request, etag, http_date(version.changed_at.timestamp()), entry=entry
                    )
                response = HttpResponse(status=entry[0])
                for name, value in entry[2]:
                    response[name] = value
                self._send(request, response, entry)
                response["X-Cache"] = "hit"
                return response
            # Rendered now, the page is built from the data in the database: the latest version,
            # announced or not, and it is labelled and stored as that version.
            version = latest

        request.data_version = version  # the page's "data as of" date, read once per request
        etag = self._etag(version, identity)
        last_modified = http_date(version.changed_at.timestamp())
        with rendering_for(version):
            response = self.get_response(request)
        if not language:
            # The sitemap and robots.txt are the same in every language: LocaleMiddleware's
            # guess from Accept-Language must not be stored and replayed to everyone.
            del response["Content-Language"]
        if (
            job is None
            and (self._cacheable(response) or self._streamed_file(response))
            and not data_version_unchanged(version)
        ):
            # The data moved on before or while the page was rendered (this worker's cached
            # version was stale, or an import committed mid-render): the page may hold newer
            # data than ``version``, so it is neither labelled with it nor stored under it.
            patch_cache_control(response, no_cache=True)
            return response
        if self._cacheable(response):
            self._mark(response, etag, last_modified)
            patch_vary_headers(response, ("Accept-Encoding",))
            # The length is the sent body's (``_send``): gzipped or not, it is set per response.
            headers = [(name, value) for name, value in response.items() if name.lower() not in UNKEPT_HEADERS]
            level = LEVEL_ON_DEMAND if job is None else LEVEL_PRERENDER
            entry = entry_make(response.status_code, response.content, headers, level=level)
            if job is not None:
                job.identity, job.entry = identity, entry
                return response
            page_put(version.number, identity, entry)
            # Only a page that exists is "not modified": a 404 or 400 stays what it is.
            if response.status_code == 200 and self._not_modified(request, etag, version.changed_at.timestamp()):
                return self._not_modified_response(request, etag, last_modified, entry=entry)
            self._send(request, response, entry)
            response["X-Cache"] = "miss"
        elif self._streamed_file(response):
            # A download streamed from a file written once per data version (the fixture
            # exports): too large to keep here, but as much a function of the version as a
            # page, so it is marked like one and revalidated without sending the file again.
            self._mark(response, etag, last_modified)
            if job is None and self._not_modified(request, etag, version.changed_at.timestamp()):
                # Close the file only: HttpResponse.close() would also send request_finished,
                # whose handler closes the database connection before the request has ended.
                response.file_to_stream.close()
                return self._not_modified_response(request, etag, last_modified)
        return response

    @staticmethod
    def _streamed_file(response) -> bool:
        return isinstance(response, FileResponse) and response.status_code == 200 and not response.cookies

    @staticmethod
    def _etag(version, identity: str) -> str:
        return quote_etag(hashlib.sha256(f"{version.number}|{identity}".encode()).hexdigest()[:32])

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return unavailable_response()
        return None

    @staticmethod
    def _send(request, response: HttpResponse, entry) -> None:
        """The kept ``entry``'s body as ``response``'s, gzipped as kept to a reader who accepts
        it (``W/`` before its ETag, as the bytes differ) and unpacked for one who does not."""
        body, gzipped = entry_body(entry, gzip=accepts_gzip(request))
        if gzipped:
            response["Content-Encoding"] = "gzip"
            response["ETag"] = weak_etag(response["ETag"])
        response["Content-Length"] = str(len(body))
        response.content = body if request.method == "GET" else b""

    @staticmethod
    def _not_modified(request, etag: str, changed_at: float) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            # The weak comparison of RFC 9110 (13.1.2): the gzipped page's W/ tag matches too.
            return etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(changed_at) <= since

    def _not_modified_response(self, request, etag: str, last_modified: str, *, entry=None) -> HttpResponse:
        """A 304 carries the ETag and ``Vary`` the 200 would have (``entry``: the page's)."""
        response = HttpResponseNotModified()
        gzipped = entry is not None and accepts_gzip(request) and entry_gzipped(entry)
        self._mark(response, weak_etag(etag) if gzipped else etag, last_modified)
        if entry is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        if request.path.endswith(".json"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    @staticmethod
    def _cacheable(response) -> bool:
        return (
            response.status_code in {200, 301, 302}  # a number search answers with a redirect
            and not response.streaming
            and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _mark(response, etag: str, last_modified: str) -> None:
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
