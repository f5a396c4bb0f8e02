"""Terms in texts link to their glossary entry, in the page language, escaped."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.data_version import data_version_bump
from reference.templatetags.glossary import glossary_links
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    factories.TermFactory(slug="bo-nhiem", term_vi="bổ nhiệm", term_en="appointment", match_en="appoint")
    factories.TermFactory(slug="bo-nhiem-lai", term_vi="bổ nhiệm lại", term_en="re-appointment", match_en="re-appoint")
    factories.TermFactory(slug="mien-nhiem", term_vi="miễn nhiệm", term_en="dismissal", match_en="dismiss")
    data_version_bump()


def render(text, language="en", autoescape=True):
    with translation.override(language):
        template = Template("{% load glossary %}{{ text|glossary_links }}")
        return template.render(Context({"text": text}, autoescape=autoescape))


@pytest.mark.usefixtures("glossary")
def test_a_vietnamese_term_links_to_its_entry_on_vietnamese_pages_only():
    html = render("Quyết định bổ nhiệm cán bộ.", "vi")
    assert html == 'Quyết định <a class="term" href="/vi/glossary/#bo-nhiem">bổ nhiệm</a> cán bộ.'
    assert "<a" not in render("Quyết định bổ nhiệm cán bộ.", "en")


@pytest.mark.usefixtures("glossary")
def test_an_english_rendering_or_a_word_from_its_stem_links_on_english_pages():
    html = render("The cadre was dismissed; the appointment stands.")
    assert '<a class="term" href="/en/glossary/#mien-nhiem">dismissed</a>' in html
    assert '<a class="term" href="/en/glossary/#bo-nhiem">appointment</a>' in html


@pytest.mark.usefixtures("glossary")
def test_the_longest_term_wins_and_only_the_first_occurrence_of_each_links():
    html = render("Bổ nhiệm lại, rồi bổ nhiệm, rồi bổ nhiệm nữa.", "vi")
    assert html.count('href="/vi/glossary/#bo-nhiem-lai"') == 1
    assert html.count('href="/vi/glossary/#bo-nhiem"') == 1
    assert html.endswith("rồi bổ nhiệm nữa.")


@pytest.mark.usefixtures("glossary")
def test_the_text_around_and_inside_the_links_is_escaped():
    html = render('<script>alert("x")</script> appointment <b>&amp;</b>')
    assert "<script>" not in html
    assert "<b>" not in html
    assert html.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ")
    assert '<a class="term" href="/en/glossary/#bo-nhiem">appointment</a> &lt;b&gt;&amp;amp;&lt;/b&gt;' in html
    assert render("<i>no term</i>") == "&lt;i&gt;no term&lt;/i&gt;"


def test_a_term_written_with_markup_characters_is_escaped_in_its_link(db):
    factories.TermFactory(slug="odd", term_vi="x", term_en="a<b")
    data_version_bump()
    assert render("see a<b here") == 'see <a class="term" href="/en/glossary/#odd">a&lt;b</a> here'


@pytest.mark.usefixtures("glossary")
def test_text_already_marked_safe_is_left_as_it_is():
    from django.utils.safestring import mark_safe

    safe = mark_safe('<a href="#appointment">appointment</a>')
    assert glossary_links(safe) is safe


def test_a_new_term_links_once_the_data_version_moves(db, django_capture_on_commit_callbacks):
    assert "<a" not in render("dismissal")
    factories.TermFactory(slug="mien-nhiem", term_vi="miễn nhiệm", term_en="dismissal")
    assert "<a" not in render("dismissal")  # built once per version, not per call
    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()
    assert 'href="/en/glossary/#mien-nhiem"' in render("dismissal")


def test_without_a_glossary_the_text_is_only_escaped(db):
    assert render("a & b") == "a &amp; b"
    assert render("a & b", autoescape=False) == "a & b"
