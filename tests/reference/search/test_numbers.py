"""The number parser: every way people write a document number, and what it finds."""

import datetime

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import text
from reference.search.numbers import (
    NumberQuery,
    documents_for_number,
    numbers_near,
    parse_number_query,
)
from regulations.models import Document
from tests.factories import DocumentFactory

K = Document.Kind
QD = frozenset({K.REGULATION, K.DECISION})
REGULATION = frozenset({K.REGULATION})
DECISION = frozenset({K.DECISION})
CONCLUSION = frozenset({K.CONCLUSION})
INSTRUCTION = frozenset({K.INSTRUCTION})
DIRECTIVE = frozenset({K.DIRECTIVE})
DECREE = frozenset({K.DECREE})


@pytest.fixture(autouse=True)
def _english():
    """describe() speaks the active language; these expectations are the English wording."""
    with translation.override("en"):
        yield


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def documents(db):
    """Documents that share numbers the way the reference's do (two 35s, two 367s)."""

    def document(slug, kind, number, symbol, issued_on, *, core=False):
        DocumentFactory(slug=slug, kind=kind, number=number, symbol=symbol, issued_on=issued_on, is_core=core)

    for number in (365, 366, 368, 377):
        document(f"{number}-qd-tw", K.REGULATION, number, f"{number}-QĐ/TW", datetime.date(2025, 8, 30), core=True)
    document("367-qd-tw", K.REGULATION, 367, "367-QĐ/TW", datetime.date(2025, 9, 8), core=True)
    document("367-qd-twdtn", K.DECISION, 367, "367-QĐ/TWĐTN", datetime.date(2016, 1, 5))
    document("148-qd-tw", K.REGULATION, 148, "148-QĐ/TW", datetime.date(2024, 5, 23), core=True)
    document("35-ct-tw", K.DIRECTIVE, 35, "35-CT/TW", datetime.date(2024, 6, 14))
    document("35-kl-tw", K.CONCLUSION, 35, "35-KL/TW", datetime.date(2022, 5, 5))
    document("92-2025-nd-cp", K.DECREE, 92, "92/2025/NĐ-CP", datetime.date(2025, 3, 1))


@pytest.mark.parametrize(
    ("query", "number", "kinds", "year", "issuer_code"),
    [
        ("365", 365, None, None, None),
        ("365-QĐ/TW", 365, QD, None, "tw"),
        ("365-QD/TW", 365, QD, None, "tw"),
        ("365/QĐ-TW", 365, QD, None, "tw"),
        ("QĐ 365", 365, QD, None, None),
        ("QĐ-365", 365, QD, None, None),
        ("qd365", 365, QD, None, None),
        ("Quy định 365", 365, REGULATION, None, None),
        ("Quy dinh so 365", 365, REGULATION, None, None),
        ("quy định số 365-QĐ/TW", 365, REGULATION, None, "tw"),
        ("Regulation 365", 365, REGULATION, None, None),
        ("Regulation No. 365-QD/TW", 365, REGULATION, None, "tw"),
        ("KL 198", 198, CONCLUSION, None, None),
        ("Kết luận 198", 198, CONCLUSION, None, None),
        ("Conclusion 198", 198, CONCLUSION, None, None),
        ("198-KL/TW", 198, CONCLUSION, None, "tw"),
        ("HD 27", 27, INSTRUCTION, None, None),
        ("Hướng dẫn 27-HD/BTCTW", 27, INSTRUCTION, None, "btctw"),
        ("Decree 92/2025/NĐ-CP", 92, DECREE, 2025, "cp"),
        ("Nghị định 92/2025/NĐ-CP", 92, DECREE, 2025, "cp"),
        ("92/2025", 92, None, 2025, None),
        ("Directive 35", 35, DIRECTIVE, None, None),
        ("Chỉ thị 35-CT/TW", 35, DIRECTIVE, None, "tw"),
        ("Quyết định 367", 367, DECISION, None, None),
        ("367-QĐ/TWĐTN", 367, QD, None, "twdtn"),
        ("Hướng dẫn 05", 5, INSTRUCTION, None, None),
        # Case, spacing and punctuation
        ("365-qđ/tw", 365, QD, None, "tw"),
        ("  365 - QĐ / TW  ", 365, QD, None, "tw"),
        ("QĐ365", 365, QD, None, None),
        ("QD.365", 365, QD, None, None),
        ("365QĐ/TW", 365, QD, None, "tw"),
        # TƯ typed with the letter Ư for W
        ("365-QĐ/TƯ", 365, QD, None, "tw"),
        ("Hướng dẫn 27-HD/BTCTƯ", 27, INSTRUCTION, None, "btctw"),
        ("367-QĐ/TƯĐTN", 367, QD, None, "twdtn"),
        ("qđ\t365", 365, QD, None, None),
        ("QUY ĐỊNH SỐ 365", 365, REGULATION, None, None),
        ("Reg. 365", 365, REGULATION, None, None),
        ("regulation nr. 365", 365, REGULATION, None, None),
        ("Quy định 365 năm 2025", 365, REGULATION, 2025, None),
        ("kl198", 198, CONCLUSION, None, None),
        ("HD27", 27, INSTRUCTION, None, None),
        # The other core numbers
        ("142", 142, None, None, None),
        ("145", 145, None, None, None),
        ("148", 148, None, None, None),
        ("180", 180, None, None, None),
        ("366", 366, None, None, None),
        ("367-QĐ/TW", 367, QD, None, "tw"),
        ("368", 368, None, None, None),
        ("377", 377, None, None, None),
    ],
)
def test_every_written_form_parses_to_its_number_kind_year_and_issuer_code(query, number, kinds, year, issuer_code):
    assert parse_number_query(query) == NumberQuery(number=number, kinds=kinds, year=year, issuer_code=issuer_code)


def test_a_full_citation_with_its_date_parses_the_date_of_issue():
    parsed = parse_number_query("Quy định số 365-QĐ/TW ngày 30/8/2025")
    assert parsed.number == 365
    assert parsed.issued_on == datetime.date(2025, 8, 30)
    assert parsed.year is None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "tiêu chuẩn",
        "365 tiêu chuẩn",
        "tiêu chuẩn 365",
        "2025 regulations",
        "regulations",
        "Quy định",
        "QĐ/TW",
        "365 366",
        "365 and 366",
        "Quyết định quy định 365",
        "Kết luận 365-QĐ/TW",
        "31/02/2025",
        "1234567890",
        "thang điểm 100",
        "100-point scale",
        "Group IV",
    ],
)
def test_queries_with_other_words_are_not_number_queries(query):
    assert parse_number_query(query) is None


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("365", "Number 365"),
        ("Quy định 365", "Number 365 · Quy định — Regulation"),
        (
            "365-QĐ/TW",
            "Number 365 · Quy định — Regulation or Quyết định — Decision · issuer code TW",
        ),
        ("Decree 92/2025/NĐ-CP", "Number 92 · Nghị định — Decree · year 2025 · issuer code CP"),
        (
            "367-QĐ/TWĐTN",
            "Number 367 · Quy định — Regulation or Quyết định — Decision · issuer code TWĐTN",
        ),
        ("KL 198 ngày 8/10/2025", "Number 198 · Kết luận — Conclusion · dated 08/10/2025"),
    ],
)
def test_describe_says_in_words_what_was_understood(query, description):
    assert parse_number_query(query).describe() == description


@pytest.mark.usefixtures("documents")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("365", ["365-qd-tw"]),
        ("35", ["35-ct-tw", "35-kl-tw"]),
        ("367", ["367-qd-tw", "367-qd-twdtn"]),
        ("QĐ 367", ["367-qd-tw", "367-qd-twdtn"]),
        ("Quy định 367", ["367-qd-tw"]),
        ("Quyết định 367", ["367-qd-twdtn"]),
        ("367/QĐ-TW", ["367-qd-tw"]),
        ("367-QĐ/TWĐTN", ["367-qd-twdtn"]),
        ("Decree 92/2025/NĐ-CP", ["92-2025-nd-cp"]),
        ("Quy định số 365-QĐ/TW ngày 30/8/2025", ["365-qd-tw"]),
    ],
)
def test_the_kind_issuer_code_year_and_date_choose_among_documents_with_the_number(query, expected):
    match = documents_for_number(parse_number_query(query))
    assert [document.slug for document in match.documents] == expected
    assert not match.relaxed


@pytest.mark.usefixtures("documents")
@pytest.mark.parametrize("query", ["Kết luận 365", "Decree 92/2024", "Quy định số 365-QĐ/TW ngày 31/8/2025"])
def test_when_nothing_fits_everything_typed_the_number_alone_decides_and_says_so(query):
    match = documents_for_number(parse_number_query(query))
    assert match.relaxed
    assert match.documents
    assert {document.number for document in match.documents} == {parse_number_query(query).number}


@pytest.mark.usefixtures("documents")
def test_a_number_that_matches_nothing_finds_no_documents():
    match = documents_for_number(parse_number_query("QĐ 9999"))
    assert match.documents == []
    assert not match.relaxed


@pytest.mark.usefixtures("documents")
@pytest.mark.parametrize(
    ("number", "first"),
    [
        (369, "368-qd-tw"),  # one digit changed
        (356, "365-qd-tw"),  # two digits swapped
        (3655, "365-qd-tw"),  # one digit too many
        (1488, "148-qd-tw"),
        (9999, "377-qd-tw"),  # no near typo: the numerically nearest
    ],
)
def test_numbers_near_suggests_the_closest_documents_first(number, first):
    near = numbers_near(number)
    assert near[0].slug == first
    assert 0 < len(near) <= 5


@pytest.mark.usefixtures("documents")
def test_numbers_near_offers_every_document_one_slip_away_before_the_others():
    assert [document.number for document in numbers_near(369)] == [368, 367, 367, 366, 365]


@pytest.mark.django_db
def test_numbers_near_suggests_nothing_on_an_empty_database():
    assert numbers_near(365) == []


def test_case_and_diacritics_do_not_change_what_a_number_query_means():
    for query in ["Hướng dẫn 27-HD/BTCTW", "quy định số 365-QĐ/TW", "Kết luận 198"]:
        assert parse_number_query(query) == parse_number_query(query.upper())
        assert parse_number_query(query) == parse_number_query(text.fold(query))


@FUZZ
@given(st.text())
def test_the_parser_never_raises_on_any_text(query):
    parsed = parse_number_query(query)
    if parsed is not None:
        assert 0 <= parsed.number <= 999_999_999
        assert parsed.describe().startswith("Number")


@FUZZ
@given(st.lists(st.sampled_from(["0", "29", "2025", "/", "-", ".", " ", "QĐ", "KL", "TW", "số"])))
def test_the_parser_never_raises_on_number_like_text(pieces):
    parsed = parse_number_query("".join(pieces))
    if parsed is not None:
        parsed.describe()


@FUZZ
@given(
    number=st.integers(min_value=1, max_value=999_999_999),
    form=st.sampled_from(
        [
            "{n}",
            "QĐ {n}",
            "{n}-QĐ/TW",
            "{n}/QĐ-TW",
            "qd{n}",
            "Quy định số {n}",
            "Regulation No. {n}-QD/TW",
            "Kết luận {n}",
            "HD {n}-HD/BTCTW",
            "Decree {n}/2025/NĐ-CP",
        ]
    ),
)
def test_any_number_in_any_form_parses_back_to_itself(number, form):
    assert parse_number_query(form.format(n=number)).number == number


@pytest.mark.usefixtures("documents")
@FUZZ
@given(st.integers(min_value=0, max_value=999_999_999))
def test_looking_up_any_number_never_fails(number):
    match = documents_for_number(NumberQuery(number=number))
    assert all(document.number == number for document in match.documents)
    assert len(numbers_near(number)) <= 5


def test_describe_on_a_vietnamese_page_names_the_kind_once():
    with translation.override("vi"):
        assert parse_number_query("QĐ 365").describe() == "Số 365 · Quy định hoặc Quyết định"
        assert parse_number_query("Quy định 365").describe() == "Số 365 · Quy định"
