"""Blocks many pages repeat are rendered once per data version and language, then reused."""

import pytest
from django.template import Context, engines
from django.utils import translation

from core.data_version import data_version_bump, data_version_read, rendering_for
from tests import factories

pytestmark = pytest.mark.django_db

KEPT = '{% load cadreref %}{% kept_include "regulations/_source.html" source.pk source=source %}'
INCLUDED = '{% include "regulations/_source.html" with source=source %}'


def render(text, **values):
    """``text`` rendered as part of a public page: for the current data version."""
    with rendering_for(data_version_read()):
        return engines["django"].engine.from_string(text).render(Context(values))


def move_the_data_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()


def test_a_kept_block_is_what_the_include_renders_in_each_language():
    source = factories.SourceFactory(machine_translated=True)
    for language in ("en", "vi"):
        with translation.override(language):
            assert render(KEPT, source=source) == render(INCLUDED, source=source)
    with translation.override("vi"):
        assert "bản dịch máy" in render(KEPT, source=source)
    assert "bản dịch máy" not in render(KEPT, source=source)


def test_a_kept_block_is_rendered_again_only_when_the_data_version_moves(django_capture_on_commit_callbacks):
    source = factories.SourceFactory(title="Before")
    assert "Before" in render(KEPT, source=source)
    source.title = "After"
    assert "Before" in render(KEPT, source=source)  # kept: the record has not moved the version
    move_the_data_version(django_capture_on_commit_callbacks)
    assert "After" in render(KEPT, source=source)


def test_blocks_past_the_bound_are_rendered_every_time(settings, monkeypatch):
    from core.templatetags import cadreref

    monkeypatch.setattr(cadreref, "KEPT_FRAGMENTS", 1)
    first, second = factories.SourceFactory(title="First"), factories.SourceFactory(title="Second")
    render(KEPT, source=first)
    render(KEPT, source=second)
    second.title = "Changed"
    assert "Changed" in render(KEPT, source=second)


def document_filter(query: str):
    from django.http import QueryDict

    from reference.filters import DocumentFilter
    from regulations.models import Document

    filterset = DocumentFilter(QueryDict(query), queryset=Document.objects.all())
    filterset.form.is_valid()
    return filterset.form


def kept_fields(form):
    return render("{% load cadreref %}{% for field in form %}{% kept_field field %}{% endfor %}", form=form)


def plain_fields(form):
    return render("{% for field in form %}{{ field }}{% endfor %}", form=form)


def test_a_kept_drop_down_is_what_the_field_renders_in_each_language():
    issuer = factories.IssuingBodyFactory()
    query = f"kind=regulation&issuer={issuer.slug}&year=2025&sort=-date"
    for language in ("en", "vi"):
        with translation.override(language):
            kept_fields(document_filter(query))
            assert kept_fields(document_filter(query)) == plain_fields(document_filter(query))
    with translation.override("vi"):
        assert "Quy định" in kept_fields(document_filter(query))


def test_a_kept_drop_down_asks_the_database_for_its_records_once_per_version(django_assert_num_queries):
    factories.IssuingBodyFactory()
    kept_fields(document_filter("kind=regulation"))
    form = document_filter("kind=regulation")
    with django_assert_num_queries(0):  # the issuers and topics come with the kept drop-downs
        kept_fields(form)


def test_a_field_with_a_value_outside_its_choices_is_never_kept():
    for _ in range(2):
        form = document_filter("kind=nonsense")
        assert kept_fields(form) == plain_fields(form)
    from core.templatetags import cadreref

    assert not [key for key in cadreref._fragments.get(dict) if key[1] == "kind" and key[3] == "nonsense"]


def test_outside_a_public_page_nothing_is_kept():
    source = factories.SourceFactory(title="Before")
    engine = engines["django"].engine
    engine.from_string(KEPT).render(Context({"source": source}))
    source.title = "After"
    assert "After" in engine.from_string(KEPT).render(Context({"source": source}))


def test_citation_markers_are_kept_per_numbered_source_and_language():
    from core.templatetags.cadreref import cite

    first, second = factories.SourceFactory(title="First"), factories.SourceFactory(title="Second")
    with rendering_for(data_version_read()):
        assert cite([(1, first)]) != cite([(2, first)]) != cite([(1, second)])
        first.title = "Renamed"
        assert "First" in cite([(1, first)])  # kept for this version
        assert "First" in cite([(1, first), (2, second)])  # the same marker in another set
        assert "Renamed" in cite([(3, first)])  # another number: another marker
        with translation.override("vi"):
            assert "Renamed" in cite([(1, first)])  # another language
        unsaved = factories.SourceFactory.build(title="Unsaved")
        assert "Unsaved" in cite([(1, unsaved)])
        unsaved.title = "Edited"
        assert "Edited" in cite([(1, unsaved)])  # a record without a key is never kept
