"""The template tags every page uses to cite its sources."""

from types import SimpleNamespace

from django.utils import translation

from core.templatetags.cadreref import cite


def source(code, machine_translated=False):
    return SimpleNamespace(code=code, title=f"Title of {code}", machine_translated=machine_translated)


def test_cite_links_each_number_to_the_page_source_list():
    html = cite([(1, source("S10")), (2, source("S11"))])
    assert 'href="#source-1"' in html
    assert 'href="#source-2"' in html
    assert "machine translation" not in html


def test_a_fact_resting_only_on_machine_translations_is_flagged_where_it_is_cited():
    with translation.override("en"):
        assert "machine translation only" in cite([(3, source("S26", machine_translated=True))])
    with translation.override("vi"):
        assert "chỉ có bản dịch máy" in cite([(3, source("S26", machine_translated=True))])


def test_one_source_read_in_the_original_is_enough_to_drop_the_flag():
    assert "machine translation" not in cite([(1, source("S25", machine_translated=True)), (2, source("S75"))])


def test_no_sources_cite_nothing():
    assert cite([]) == ""
