"""Template helpers shared by every page: language links and bilingual fields."""

from collections.abc import Callable
from urllib.parse import quote

from django import template
from django.conf import settings
from django.forms import Select
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy

from core.data_version import PerVersion, rendering_version

register = template.Library()

# Rendered blocks of the current data version, by what they show and the language (``_kept``).
_fragments = PerVersion()
# Bound on the fragments kept per data version: past it, fragments are rendered every time.
KEPT_FRAGMENTS = 20_000


def _in_each_language(request) -> dict[str, str]:
    """The current page's path in each interface language, worked out once per request: the
    switcher and the ``hreflang`` links both need it, and each language's costs a resolve
    and a reverse."""
    found = getattr(request, "_cadreref_in_each_language", None)
    if found is None:
        path = request.get_full_path()
        found = request._cadreref_in_each_language = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
    return found


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each interface language, for the switcher."""
    urls = _in_each_language(context["request"])
    return [{"code": code, "name": name, "url": urls[code]} for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_alternates(context) -> str:
    """<link rel="alternate" hreflang> for the same page in every language."""
    request = context["request"]
    urls = _in_each_language(request)
    return format_html_join(
        "\n",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, request.build_absolute_uri(urls[code])) for code, _name in settings.LANGUAGES),
    )


def _kept(key: tuple, render: Callable[[], str]) -> str:
    """What ``render`` returns, kept under ``key`` for the data version a public page is being
    rendered for (``core.data_version.rendering_for``) and reused by every page of this process
    until the version moves; outside such a render (the admin, a test), or for a record not
    saved (no primary key in ``key``), rendered every time."""
    if rendering_version() is None or None in key:
        return render()
    kept = _fragments.get(dict)
    found = kept.get(key)
    if found is None:
        found = render()
        if len(kept) < KEPT_FRAGMENTS:
            kept[key] = found
    return found


@register.simple_tag(takes_context=True)
def kept_include(context, template_name: str, key, **values) -> str:
    """``template_name`` rendered with ``values`` alone (no page context, no context
    processors), once per data version, language and ``key``: for a block that many pages
    repeat and that depends on nothing but its record and the language, such as a source's
    bibliographic entry. ``key`` must name everything the block shows (a record's primary
    key); the data version covers changes to it."""
    return _kept(
        (template_name, get_language(), key),
        lambda: context.template.engine.get_template(template_name).render(
            template.Context(values, autoescape=context.autoescape)
        ),
    )


@register.simple_tag
def kept_field(field) -> str:
    """A filter form's drop-down, kept per data version and language like ``kept_include``:
    rendering one through Django's widget templates costs about half a millisecond, plus a
    query for a list of records, and the lists and search pages show several on every page.
    Kept only while its value is empty or one of its choices (so the kept ones are bounded by
    the choices); any other field, or one with errors, is rendered as ``{{ field }}`` would."""
    widget = field.field.widget
    if not isinstance(widget, Select) or widget.allow_multiple_selected or field.errors:
        return field.as_widget()
    form = type(field.form)
    key = (f"{form.__module__}.{form.__qualname__}", field.html_name, get_language(), str(field.value() or ""))
    return _kept(key, field.as_widget)


@register.simple_tag(takes_context=True)
def correction_mailto(context, *, anchor: str, item: str, citation: str = "") -> str:
    """A mailto: address for "Report an error" on one item of the page: to
    ``settings.CORRECTIONS_EMAIL``, the subject naming the item, the body its address (with
    its anchor) and citation, and what the editors need to know. Empty when no address is set,
    so the template can fall back to the "Report an error" section of the About page."""
    address = settings.CORRECTIONS_EMAIL
    if not address:
        return ""
    request = context["request"]
    # Once per request: a document page asks for each of its key points.
    page = getattr(request, "_cadreref_page_url", None)
    if page is None:
        page = request._cadreref_page_url = request.build_absolute_uri(request.path)
    lines = [
        f"{gettext('Page:')} {page}#{anchor}",
        f"{gettext('Item:')} {item}",
    ]
    if citation:
        lines.append(f"{gettext('Cite as:')} {citation}")
    lines += ["", gettext("What is wrong, and which source supports the correction:"), ""]
    subject = f"{gettext('Correction')}: {item}"
    body = "\n".join(lines)
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


@register.simple_tag
def vi(text: str) -> str:
    """Vietnamese text inside a page in another language, marked for screen readers."""
    if not text:
        return ""
    return format_html('<span lang="vi">{}</span>', text)


@register.inclusion_tag("includes/_breadcrumbs.html")
def breadcrumbs(*parts):
    """A trail from alternating labels and URLs; the last label is the current page:
    ``{% breadcrumbs _("Documents") list_url document.label %}``."""
    items = list(parts)
    trail = []
    while items:
        label = items.pop(0)
        url = items.pop(0) if items else None
        trail.append((label, url))
    return {"trail": trail}


@register.simple_tag(takes_context=True)
def vi_aside(context, text_vi: str) -> str:
    """The Vietnamese original in brackets beside its translation, on pages in another
    language only (on Vietnamese pages it would repeat the text)."""
    if not text_vi or context.get("LANGUAGE_CODE") == "vi":
        return ""
    return format_html(' <span class="muted" lang="vi">({})</span>', text_vi)


DATE_NOTE_PHRASES = [
    ("not shown", gettext_lazy("not shown")),
    ("document dated", gettext_lazy("document dated")),
    ("from URL", gettext_lazy("from the address")),
    ("from title", gettext_lazy("from the title")),
    ("month only", gettext_lazy("month only")),
    ("event of", gettext_lazy("event of")),
]


@register.filter
def date_note(note: str) -> str:
    """A source's date note ("not shown (Sept 2025)") in the page language."""
    for phrase, translated in DATE_NOTE_PHRASES:
        note = note.replace(phrase, str(translated))
    return note


@register.simple_tag
def cite(cites) -> str:
    """Citation markers after a fact, each linking to the page's numbered source list.

    ``cites`` is a list of (number, source) pairs (``core.citations.SourceNumbers``). A tag rather
    than an included template: pages call it hundreds of times. Each marker (a source under its
    number on the page) is kept like a ``kept_include`` block: the sets of markers differ from
    page to page far more than the markers do, so keeping whole sets mostly missed.
    """
    if not cites:
        return ""
    language = get_language()
    links = mark_safe(  # noqa: S308 (each marker is built by format_html)
        "".join(
            _kept(
                ("cite", language, number, getattr(source, "pk", None)),
                lambda number=number, source=source: _marker(number, source),
            )
            for number, source in cites
        )
    )
    if all(getattr(source, "machine_translated", False) for _number, source in cites):
        # A fact resting only on machine translations says so wherever it is shown.
        return format_html(
            '<span class="cite">{}</span> <span class="badge caveat mt-only" title="{}">{}</span>',
            links,
            gettext("Its only sources are machine translations; the wording has not been checked against Vietnamese."),
            gettext("machine translation only"),
        )
    return mark_safe(f'<span class="cite">{links}</span>')  # noqa: S308 (markup of our own around safe links)


def _marker(number: int, source) -> str:
    return format_html(
        '<a href="#source-{}" title="{}: {}" aria-label="{}">{}</a>',
        number,
        source.code,
        source.title,
        gettext("Source %(number)s") % {"number": number},
        number,
    )
