"""The glossary holds the site to one rendering of each term, and every replacement the issue
names has its "what changed" page: checked over the real reference data.

The glossary and the change points come from ``fixtures/06_glossary.json`` and
``fixtures/07_changes.json``; until those files exist these checks are skipped (with that
reason), and once they exist every check must pass.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cadres.models import Authority
from core.terms import TermMatcher
from reference.selectors.glossary import term_forms
from regulations.models import Change, Document, Relation, Term
from tests.end_to_end.test_content import bilingual_pairs

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
MISSING = [name for name in ("06_glossary.json", "07_changes.json") if not (FIXTURES / name).exists()]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(bool(MISSING), reason=f"the glossary fixtures are not written yet: {', '.join(MISSING)}"),
]

# The documents that replaced others (issue 15), each with its "what changed" page.
COMPARED = ["365-qd-tw", "366-qd-tw", "368-qd-tw", "377-qd-tw", "198-kl-tw"]
# Authority actions named by plain verbs rather than terms of the field: "quyết định" (decides)
# and "quy định chế độ, chính sách" (sets policy) are not in the glossary, and need not be.
PLAIN_VERBS = {Authority.Action.DECIDE, Authority.Action.SET_POLICY}


@pytest.fixture(scope="module")
def terms():
    found = list(Term.objects.all())
    assert found, "fixtures/06_glossary.json loaded no glossary term"
    return found


def vietnamese_matcher(terms) -> TermMatcher:
    return TermMatcher(term_forms(term, "vi") for term in terms)


def test_the_glossary_holds_at_least_thirty_terms(terms):
    assert len(terms) >= 30, f"only {len(terms)} glossary terms"


def test_where_a_record_uses_a_term_in_vietnamese_its_english_uses_the_glossarys_stem(terms):
    matcher, by_slug = vietnamese_matcher(terms), {term.slug: term for term in terms}
    wrong = []
    for record, field, vietnamese, english in bilingual_pairs():
        for slug in matcher.keys_in(vietnamese):
            stem = by_slug[slug].match_en.lower()
            if stem and stem not in english.lower():
                wrong.append((f"{record._meta.label_lower} {str(record)[:50]}", field, by_slug[slug].term_vi, stem))
    assert not wrong, f"{len(wrong)} texts: {wrong[:10]}"


def test_no_english_text_uses_a_rendering_to_avoid_where_the_vietnamese_names_only_that_term(terms):
    matcher, by_slug = vietnamese_matcher(terms), {term.slug: term for term in terms}

    def renders(term: Term, rendering: str) -> bool:
        """Whether ``rendering`` is a fair English for ``term`` (so its use is explained)."""
        stems = [stem for stem in (term.match_en.lower(), term.term_en.lower()) if stem]
        return any(stem in rendering or rendering in stem for stem in stems)

    wrong = []
    for record, field, vietnamese, english in bilingual_pairs():
        named = matcher.keys_in(vietnamese)
        for slug in named:
            for rendering in (r.lower() for r in by_slug[slug].avoided):
                explained = any(renders(by_slug[other], rendering) for other in named - {slug})
                if not explained and re.search(rf"(?<![\w-]){re.escape(rendering)}", english.lower()):
                    wrong.append((f"{record._meta.label_lower} {str(record)[:50]}", field, slug, rendering))
    assert not wrong, f"{len(wrong)} texts: {wrong[:10]}"


def test_each_authority_action_is_named_in_both_languages_as_the_glossary_names_it(terms):
    wrong = []
    for action in Authority.Action:
        with translation.override("vi"):
            label_vi = str(action.label).lower()
        with translation.override("en"):
            label_en = str(action.label).lower()
        for term in terms:
            stem = term.match_en.lower()
            uses_vi = term.term_vi.lower() in label_vi
            uses_en = bool(stem) and re.search(rf"(?<![\w-]){re.escape(stem)}", label_en) is not None
            if stem and uses_vi != uses_en:
                wrong.append((action.value, label_vi, label_en, term.term_vi, stem))
    assert not wrong, wrong


def test_every_term_the_authority_records_use_is_in_the_glossary(terms):
    matcher = vietnamese_matcher(terms)
    used = set(Authority.objects.values_list("action", flat=True)) - PLAIN_VERBS
    missing = []
    for action in sorted(used):
        with translation.override("vi"):
            label = str(Authority.Action(action).label)
        if not matcher.keys_in(label):
            missing.append((action, label))
    assert not missing, f"authority actions whose Vietnamese names no glossary term: {missing}"


@pytest.mark.parametrize("slug", COMPARED)
def test_each_document_that_replaced_others_has_its_what_changed_page(client, slug):
    document = Document.objects.get(slug=slug)
    assert Change.objects.filter(document=document).exists(), f"fixtures/07_changes.json has no point for {slug}"
    for language in ("vi", "en"):
        assert client.get(f"/{language}/documents/{slug}/changes/").status_code == 200
        assert client.get(f"/{language}/documents/{slug}/changes.json").status_code == 200
    compared = set(Document.objects.filter(changed_by__document=document).values_list("slug", flat=True))
    replaced = set(document.relations_out.filter(kind=Relation.Kind.REPLACES).values_list("object__slug", flat=True))
    assert replaced <= compared, f"{slug} replaces {sorted(replaced - compared)} but is not compared with them"


def test_every_change_point_is_compared_with_an_earlier_document_and_cited():
    for change in Change.objects.prefetch_related("compared_with", "sources"):
        assert change.compared_with.all(), change.anchor
        assert change.sources.all(), change.anchor


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Second, the responsibility.", "biet-phai"),  # not secondment
        ("the authority of the Politburo", "uy-quyen"),  # thẩm quyền is not ủy quyền
        ("the Standing Member of the Secretariat", "ban-thuong-vu"),  # not a standing committee
        ("senior experts under Regulation 180", "lanh-dao-cap-cao"),  # not the senior leaders
        ("key provincial posts", "lanh-dao-chu-chot"),  # not the key leaders
        ("cadres who fail to complete their tasks", "hoan-thanh-nhiem-vu"),  # not a rating
    ],
)
def test_english_words_that_only_look_like_a_term_are_not_linked_to_it(text, slug):
    from reference.templatetags.glossary import glossary_links

    with translation.override("en"):
        linked = str(glossary_links(text))
    assert f"#{slug}" not in linked, linked


def test_english_renderings_of_terms_link_to_their_entry():
    from reference.templatetags.glossary import glossary_links

    with translation.override("en"):
        linked = str(glossary_links("a secondment, relief from office and dismissal by the standing committee"))
    for slug in ("biet-phai", "cho-thoi-giu-chuc-vu", "mien-nhiem", "ban-thuong-vu"):
        assert f"#{slug}" in linked, slug
