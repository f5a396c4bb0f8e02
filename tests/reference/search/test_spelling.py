"""Forgiving matching: the vocabulary of the index and the corrections drawn from it."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import text
from core.data_version import data_version_bump, data_version_read
from reference.models import SearchEntry, SpellingVocabulary
from reference.search import spelling
from reference.search.index import STORED_VECTORS
from reference.selectors.search import search_results

pytestmark = pytest.mark.django_db

TEXTS = [
    " tam dinh chi cong tac temporary suspens from work ",
    " bo nhiem can bo appoint of cadr ",
    " cap nhat kien thuc refresher train ",
    " nhap hoc nhap ngu ",
    " politburo member uy vien bo chinh tri ",
]


@pytest.fixture(autouse=True)
def entries():
    SearchEntry.objects.bulk_create(
        SearchEntry(kind="key_point", object_id=number, target="x", title_text=words, search_text=words)
        for number, words in enumerate(TEXTS)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {SearchEntry._meta.db_table} SET {STORED_VECTORS}")  # noqa: S608
    spelling._vocabularies.clear()
    spelling._builds.clear()


def _finds(query):
    return any(all(f" {word}" in entry for word in text.words(query)) for entry in TEXTS)


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("tạm đìhn chỉ", "tạm dinh chỉ"),  # two letters swapped
        ("Politbureau", "politburo"),
        ("refresher trainn", "refresher train"),  # a doubled letter
        ("cập nhập kiến thức", "cập nhat kiến thức"),  # a real word, wrong next to its neighbour
    ],
)
def test_a_typing_mistake_is_corrected_to_what_the_index_holds(typed, corrected):
    assert spelling.corrected_query(typed, _finds) == corrected


@pytest.mark.parametrize("typed", ["xyzzy plugh", "tam dinh chi", "luật đất đai"])
def test_a_query_with_nothing_near_it_is_not_corrected(typed):
    assert spelling.corrected_query(typed, lambda _query: False) is None


def test_a_short_word_may_change_by_one_letter_only():
    assert spelling.allowed_edits("nhap") == 1
    assert spelling.vocabulary().nearest("xhap") == ["nhap"]
    assert spelling.vocabulary().nearest("xxap") == []


def test_corrections_never_read_the_entries_once_the_vocabulary_is_built(django_assert_num_queries):
    spelling.vocabulary()
    with django_assert_num_queries(0):
        spelling.corrected_query("Politbureau", _finds)


def _every_word_in_one_entry(query):
    stems = [text.english_stem(word) for word in text.words(query)]
    return any(all(f" {stem}" in entry for stem in stems) for entry in TEXTS)


def test_a_word_no_record_has_is_left_out_and_named_as_typed():
    found = spelling.query_without_one_word("how is temporary suspension abroad", _every_word_in_one_entry)
    assert (found.query, found.left_out) == ("temporary suspension", "abroad")


def test_a_vietnamese_word_of_two_syllables_is_left_out_whole_and_only_at_either_end():
    found = spelling.query_without_one_word("tiểu sử tạm đình chỉ", _every_word_in_one_entry)
    assert (found.query, found.left_out) == ("tạm đình chỉ", "tiểu sử")
    assert spelling.query_without_one_word("tạm xyz đình chỉ", lambda _query: True).left_out != "xyz"


@pytest.mark.parametrize("typed", ["đất đai", "who is abroad", "politburo", "tạm đình"])
def test_a_query_too_short_to_lose_a_word_keeps_them_all(typed):
    assert spelling.query_without_one_word(typed, lambda _query: True) is None


def test_stop_words_are_never_the_word_left_out_and_are_not_kept_either():
    tried = []
    spelling.query_without_one_word("who appoints the cadres abroad", lambda query: tried.append(query) or False)
    assert tried
    assert all("who" not in query.split() and "the" not in query.split() for query in tried)


def test_no_more_than_a_few_queries_are_tried(django_assert_num_queries):
    tried = []
    spelling.vocabulary()
    with django_assert_num_queries(0):
        spelling.query_without_one_word("one two three four five six seven", lambda query: tried.append(query) or False)
    assert len(tried) == spelling.WITHOUT_ATTEMPTS


def test_a_known_word_that_already_sits_next_to_its_neighbour_is_not_corrected():
    assert spelling.corrected_query("tạm đình chỉ cong tac", lambda _query: False) is None
    tried = []
    spelling.corrected_query("bo nhiem can bo", lambda query: tried.append(query) or False)
    assert tried == []


def _counts(captured) -> list[str]:
    """The queries that counted the whole index."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if "COUNT(" in query["sql"].upper() and "WHERE" not in query["sql"].upper()
    ]


@pytest.mark.django_db(transaction=True)
def test_a_large_index_without_a_stored_vocabulary_builds_it_once_off_the_request(monkeypatch, settings):
    """Until the pre-render job has stored the vocabulary, past ``INLINE_ENTRIES`` a process
    builds its own in a thread (seconds on a large index): a search waits for it only within its
    budget, answers without corrections meanwhile, and the searches that come together start
    one build, not one each, and count the index once, not once each."""
    monkeypatch.setattr(spelling, "INLINE_ENTRIES", 0)
    release, builds = threading.Event(), []
    real_build = spelling.Vocabulary.build.__func__

    def slow_build(cls, texts):
        builds.append(1)
        release.wait(10)
        return real_build(cls, texts)

    monkeypatch.setattr(spelling.Vocabulary, "build", classmethod(slow_build))
    settings.SEARCH_TIME_LIMIT_MS = 300
    started = time.monotonic()
    with CaptureQueriesContext(connection) as first:
        results = search_results(query="politbureau", entries=SearchEntry.objects.all(), per_page=10)
    assert time.monotonic() - started < 2
    assert not results.entries
    assert not results.corrected
    assert results.partial  # not kept by the page cache
    assert len(_counts(first)) == 1
    with CaptureQueriesContext(connection) as again:
        assert search_results(query="politbureau", entries=SearchEntry.objects.all(), per_page=10).partial
    assert _counts(again) == []
    assert not spelling.vocabulary_built(wait=0.05)
    release.set()
    assert spelling.vocabulary_built(wait=5)
    results = search_results(query="politbureau", entries=SearchEntry.objects.all(), per_page=10)
    assert results.corrected == "politburo"
    assert len(builds) == 1


def test_the_vocabulary_the_pre_render_job_stored_serves_the_first_search_however_large_the_index(monkeypatch):
    """A process reads the stored vocabulary (one query) rather than build its own: the first
    search that finds nothing is corrected at once, and nothing counts the index."""
    assert spelling.vocabulary_store(version=data_version_read())
    built = spelling.vocabulary()
    spelling._vocabularies.clear()  # another process
    monkeypatch.setattr(spelling, "INLINE_ENTRIES", 0)
    monkeypatch.setattr(spelling.Vocabulary, "build", classmethod(lambda cls, texts: pytest.fail("built again")))
    with CaptureQueriesContext(connection) as captured:
        results = search_results(query="politbureau", entries=SearchEntry.objects.all(), per_page=10)
    assert results.corrected == "politburo"
    assert not results.partial
    assert _counts(captured) == []
    assert spelling.vocabulary() == built


def test_a_stored_vocabulary_serves_only_the_data_version_it_was_built_for():
    """A version's number alone may come back after a rollback: its time tells them apart."""
    version = data_version_read()
    assert spelling.vocabulary_store(version=version)
    SpellingVocabulary.objects.update(changed_at=version.changed_at - datetime.timedelta(seconds=1))
    spelling._vocabularies.clear()
    SearchEntry.objects.filter(object_id=4).delete()  # "politburo" is gone from the index
    assert spelling.vocabulary_built(wait=1)
    assert not spelling.vocabulary().knows("politburo")


def test_a_vocabulary_built_while_the_data_moved_on_is_not_kept(monkeypatch):
    """The index read may already hold the newer version's data: its own job stores its words."""
    version = data_version_read()
    real_build = spelling.Vocabulary.build.__func__

    def build_during_an_import(cls, texts):
        with transaction.atomic():
            data_version_bump()
        return real_build(cls, texts)

    monkeypatch.setattr(spelling.Vocabulary, "build", classmethod(build_during_an_import))
    assert not spelling.vocabulary_store(version=version)
    assert not SpellingVocabulary.objects.exists()
