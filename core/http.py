"""HTTP helpers shared by every JSON view: responses, errors, pagination and strict filters.

The JSON conventions (described for clients in ``reference/openapi.json``): GET and HEAD only,
open to any origin, errors as ``{"status", "detail", "errors"}``, lists 50 to a page with
``count``, ``page``, ``pages``, ``next`` and ``previous``.
"""

from __future__ import annotations

import functools
import re

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_filters import ModelChoiceFilter, NumberFilter

PAGE_SIZE = 50
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class BadRequest(Exception):
    """A query parameter the API cannot use; answered with 400 and the errors by parameter."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    data: dict = {"status": status, "detail": detail}
    if errors is not None:
        data["errors"] = errors
    return json_response(data, status=status)


def reads_query(*names: str):
    """Declare the query parameters a public view reads. ``PublicCacheMiddleware`` drops every
    other parameter before the view runs, so made-up ones neither change the page nor make new
    cache entries; a view that declares nothing reads none."""

    def decorate(view):
        view.query_parameters = frozenset(names)
        return view

    return decorate


def json_view(view):
    """GET and HEAD only; anything else, a CORS preflight included, is a 405. The API takes
    no credentials and no custom headers, so a browser never needs a preflight for it, and
    it writes nothing, so it needs no CSRF check (which would turn a POST into a 403)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return error_response(404, str(error) or _("Nothing has this address."))
        except BadRequest as error:
            return error_response(400, _("A query parameter has a value the API cannot use."), error.errors)

    return csrf_exempt(require_safe(wrapped))


def page_not_found(request, exception):
    """The site's 404 handler: JSON for an address ending in ``.json`` that names nothing
    (``/en/documents/no%20such.json``, which no URL pattern matches), the HTML page otherwise."""
    if request.path.endswith(".json"):
        return error_response(404, _("Nothing has this address."))
    return defaults.page_not_found(request, exception)


def text_or_null(value: str) -> str | None:
    return value or None


def iso(value) -> str | None:
    return value.isoformat() if value else None


def page_envelope(request, *, count: int, number: int, pages: int) -> dict:
    """How a JSON list describes one page of its results, with links to its neighbours."""

    def link(page_number):
        params = request.GET.copy()
        params["page"] = page_number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": count,
        "page": number,
        "pages": pages,
        "next": link(number + 1) if number < pages else None,
        "previous": link(number - 1) if number > 1 else None,
    }


def paginate(request, items, *, per_page: int = PAGE_SIZE) -> tuple[list, dict]:
    """One page of ``items`` (``?page=``) and the envelope that describes it; a page that does
    not exist is a 404."""
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404(_("There is no such page of results.")) from None
    envelope = page_envelope(request, count=paginator.count, number=page.number, pages=paginator.num_pages)
    return list(page.object_list), envelope


def strictly_filtered(filterset):
    """The filterset's queryset, filtered as on the HTML page but strictly: where the page
    ignores a value it cannot use, the API answers 400 naming the parameter (an empty value
    included: leave the parameter out instead). A slug that names nothing, such as an
    unknown issuer, is no error: it matches nothing, as a filter on it would."""
    form = filterset.form
    errors = {name: list(messages) for name, messages in form.errors.items()}
    unknown_slugs = set()
    for name, value in filterset.data.items():
        if name not in filterset.filters:
            continue
        if value == "":
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif name in errors:
            codes_found = {error.code for error in form.errors.as_data()[name]}
            if (
                isinstance(filterset.filters[name], ModelChoiceFilter)
                and SLUG.fullmatch(value)
                and codes_found == {"invalid_choice"}
            ):
                unknown_slugs.add(name)
        elif isinstance(filterset.filters[name], NumberFilter) and form.cleaned_data[name] % 1:
            errors[name] = [_("Enter a whole number.")]
    if not errors:
        return filterset.qs
    if set(errors) == unknown_slugs:
        return filterset.queryset.none()
    raise BadRequest({name: messages for name, messages in errors.items() if name not in unknown_slugs})
