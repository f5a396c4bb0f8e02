"""What a web process builds once and every request then reads, built before it serves.

A worker builds on its first requests what it keeps for every later one: the compiled
templates, the URL resolvers and translation catalogues of each language, and what
``PerVersion`` keeps per data version (the cadre rules, the kept sources, the home page's
documents, the glossary's matchers, the search's synonyms and words; not the spelling
vocabulary, which only a search that finds nothing reads, and which may take seconds to
build). On the benchmark's corpus that is 0.2–0.3 s of CPU (a first document page 225 ms
against 18 ms), paid by the first reader of each worker after every start and every
recycling (``max_requests``), with the other readers of that worker queued behind it.
``process_warm`` builds it all once, in the gunicorn master before it forks its workers
(``when_ready`` in gunicorn.conf.py, with ``preload_app``), so every worker starts with it,
shared copy-on-write. A worker whose data version has since moved builds the new version's
values on its first request, as before.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from core.data_version import data_version_read
from reference.search import synonyms
from reference.search.query import index_words
from reference.selectors.documents import home_page
from reference.selectors.glossary import glossary_matcher
from reference.selectors.rules import rules
from reference.selectors.sources import kept_sources

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warmed:
    templates: int
    seconds: float


def _template_names() -> list[str]:
    """The project's own templates (``templates/``), by the names pages load them by."""
    names = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        names += sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))
    return names


def process_warm() -> Warmed:
    """Compile every project template and build, for the current data version, what pages and
    searches keep in the process; then close the database and cache connections, which a
    forked worker must not share. Reads only: nothing is written, no page is rendered or
    cached."""
    started = time.perf_counter()
    compiled = 0
    for name in _template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.exception("warm-up: template %s did not compile", name)
        else:
            compiled += 1
    try:
        data_version_read()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                reverse("regulations:home")  # each language's URL resolver and catalogue
                glossary_matcher(language=code)
        rules()
        kept_sources()
        home_page()
        synonyms.synonym_groups()
        index_words()
    finally:
        connections.close_all()
        for cache in caches.all(initialized_only=True):
            cache.close()
    return Warmed(templates=compiled, seconds=time.perf_counter() - started)
