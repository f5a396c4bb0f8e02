"""HTTP caching for the public site, and a friendly 503 when the database is down.

The content only changes when staff import or edit it, so every public page is a function of
(data version, language, path with query string). ``PublicCacheMiddleware``:

* answers a conditional GET whose ``If-None-Match``/``If-Modified-Since`` matches the current
  data version with 304, without rendering a template or querying the database;
* serves a page rendered earlier for the same version from the cache (local memory, or Redis
  when ``REDIS_URL`` is set), so repeat requests from other clients skip the view;
* marks fresh 200 responses ``Cache-Control: public`` with an ``ETag`` and ``Last-Modified``
  and stores them, unless they set a cookie or vary on one;
* turns a database outage into a 503 page that needs neither the database nor the request
  context, while pages already in the cache keep being served.

Admin, health probes, static files and anything outside the language prefixes pass through.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from core.data_version import data_version_read

logger = logging.getLogger(__name__)

LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
PUBLIC_EXTRA = ("/sitemap.xml", "/robots.txt")
DATABASE_DOWN = (OperationalError, InterfaceError)


def is_public(path: str) -> bool:
    return path.startswith(LANGUAGE_PREFIXES) or path in PUBLIC_EXTRA


def unavailable_response() -> HttpResponse:
    """The 503 page: plain, bilingual, and built without the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


class RequestLimitsMiddleware:
    """Refuse oversized requests with 414/400 before any work is done.

    The proxy and gunicorn have their own limits (gunicorn: 4094-byte request line, 8190-byte
    headers); these keep the same promise when the app is reached some other way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} or not is_public(request.path):
            return self.get_response(request)
        try:
            version = data_version_read()
        except DATABASE_DOWN:
            logger.warning("Database unavailable while reading the data version for %s", request.path)
            return unavailable_response()
        request.data_version = version  # the page's "data as of" date, read once per request
        language = request.path.split("/", 2)[1] if request.path.startswith(LANGUAGE_PREFIXES) else ""
        full_path = request.get_full_path()
        etag = quote_etag(hashlib.sha256(f"{version.number}|{language}|{full_path}".encode()).hexdigest()[:32])
        last_modified = http_date(version.changed_at.timestamp())

        if self._not_modified(request, etag, version.changed_at.timestamp()):
            response = HttpResponseNotModified()
            self._mark(response, etag, last_modified)
            if request.path.endswith(".json"):
                response["Access-Control-Allow-Origin"] = "*"
            return response

        key = f"page:{version.number}:{hashlib.sha256(full_path.encode()).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            status, content, headers = cached
            response = HttpResponse(content if request.method == "GET" else b"", status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if self._cacheable(response):
            self._mark(response, etag, last_modified)
            headers = [(name, value) for name, value in response.items() if name.lower() not in {"x-cache"}]
            cache.set(key, (response.status_code, response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return unavailable_response()
        return None

    @staticmethod
    def _not_modified(request, etag: str, changed_at: float) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            return etag in {tag.strip() for tag in if_none_match.split(",")}
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(changed_at) <= since

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
