"""A large, realistic corpus on top of the reference data, for the benchmarks and the soak test.

At scale 1: 10,000 documents, 100,000 key points and 2,000 positions, with the sources they
cite, citations for the documents' fields, topics, relations between documents and positions
placed in the 368 groups and levels. Text mixes Vietnamese (with its diacritics) and English
drawn from the vocabulary of cadre work, with numbers and symbols such as "1234-QĐ/TW".

Rows go in with PostgreSQL ``COPY`` (explicit primary keys, sequences reset afterwards), far
faster than the ORM for a million rows. Nothing here is an import path for real content: real
content enters through ``reference.services.imports``, whose checks a sample of the generated
objects is put through (``full_clean``) so that the corpus stays shaped like real data.

Usage: imported by benchmarks.run (``make bench``); not a command of its own.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from psycopg import sql

from cadres.models import Position, PositionGroup, PositionTier
from core import text
from core.data_version import data_version_bump
from reference.services.derived import document_statuses_refresh
from regulations.models import Document, DocumentCitation, IssuingBody, KeyPoint, Relation, Source, Topic

DOCUMENTS_PER_SCALE = 10_000
KEY_POINTS_PER_DOCUMENT = 10
POSITIONS_PER_SCALE = 2_000
SOURCES_PER_SCALE = 300
# Generated symbols are numbered per series (abbreviation and issuer code) from here up, so no
# generated symbol repeats one of the reference documents (all numbered below 1000) and every
# symbol names exactly one document: a search for it lands on that document.
FIRST_GENERATED_NUMBER = 1000

# Kind: (share of documents, abbreviation in the symbol, issuers it comes from).
KINDS = {
    Document.Kind.REGULATION: (30, "QĐ", ["politburo", "secretariat"]),
    Document.Kind.DECISION: (14, "QĐ", ["secretariat", "politburo"]),
    Document.Kind.CONCLUSION: (15, "KL", ["politburo", "secretariat"]),
    Document.Kind.INSTRUCTION: (12, "HD", ["central-organisation-commission"]),
    Document.Kind.DIRECTIVE: (8, "CT", ["politburo", "secretariat"]),
    Document.Kind.RESOLUTION: (10, "NQ", ["central-committee", "politburo"]),
    Document.Kind.DECREE: (6, "NĐ", ["government"]),
    Document.Kind.REPORT: (5, "BC", ["central-organisation-commission"]),
}
ISSUER_CODES = {
    "politburo": "TW",
    "secretariat": "TW",
    "central-committee": "TW",
    "central-organisation-commission": "BTCTW",
    "government": "CP",
}

# Subjects of cadre work, as (Vietnamese, English) pairs.
SUBJECTS = [
    ("công tác cán bộ", "cadre work"),
    ("tiêu chuẩn chức danh", "title standards"),
    ("đánh giá, xếp loại chất lượng", "assessment and quality classification"),
    ("quy hoạch cán bộ", "cadre planning"),
    ("luân chuyển cán bộ", "rotation of cadres"),
    ("điều động, bổ nhiệm", "transfer and appointment"),
    ("giới thiệu cán bộ ứng cử", "introducing cadres as candidates"),
    ("tạm đình chỉ công tác", "temporary suspension from duty"),
    ("miễn nhiệm, từ chức", "dismissal and resignation"),
    ("kiểm tra, giám sát", "inspection and supervision"),
    ("kỷ luật đảng viên vi phạm", "discipline of Party members who commit violations"),
    ("bảo vệ chính trị nội bộ", "internal political protection"),
    ("đào tạo, bồi dưỡng", "training and refresher courses"),
    ("phân cấp quản lý cán bộ", "delegation of cadre management"),
    ("kiểm soát quyền lực", "control of power"),
    ("phòng, chống tham nhũng, tiêu cực", "prevention of corruption and negative conduct"),
    ("thu hút, trọng dụng nhân tài", "attracting and employing talent"),
    ("khuyến khích, bảo vệ cán bộ năng động, sáng tạo", "encouraging and protecting dynamic, creative cadres"),
    ("kê khai tài sản, thu nhập", "declaration of assets and income"),
    ("trách nhiệm nêu gương", "the duty to set an example"),
    ("chế độ, chính sách đối với cán bộ", "regimes and policies for cadres"),
    ("thẩm quyền quyết định nhân sự", "authority over personnel decisions"),
    ("lấy phiếu tín nhiệm", "votes of confidence"),
    ("sắp xếp tổ chức bộ máy", "restructuring the apparatus"),
    ("tổ chức cơ sở đảng", "grassroots Party organisations"),
    ("chuyên gia, nhà khoa học", "experts and scientists"),
]
ORGANISATIONS = [
    ("Bộ Chính trị", "the Politburo"),
    ("Ban Bí thư", "the Secretariat"),
    ("Ban Chấp hành Trung ương", "the Central Committee"),
    ("Ban Tổ chức Trung ương", "the Central Organisation Commission"),
    ("Ủy ban Kiểm tra Trung ương", "the Central Inspection Commission"),
    ("cấp ủy cấp tỉnh", "provincial Party committees"),
    ("đảng ủy trực thuộc Trung ương", "Party committees directly under the Centre"),
    ("ban thường vụ tỉnh ủy", "provincial standing boards"),
    ("tập thể lãnh đạo", "the leadership collective"),
    ("người đứng đầu", "the head"),
    ("Chính phủ", "the Government"),
    ("Quốc hội", "the National Assembly"),
]
VERBS = [
    ("quy định", "sets out"),
    ("hướng dẫn", "guides"),
    ("bổ sung", "supplements"),
    ("sửa đổi", "amends"),
    ("thay thế", "replaces"),
    ("làm rõ", "clarifies"),
    ("giao", "assigns"),
    ("yêu cầu", "requires"),
    ("tăng cường", "strengthens"),
    ("thống nhất", "unifies"),
]
QUALIFIERS = [
    ("trong tình hình mới", "in the new situation"),
    ("ở các cấp", "at every level"),
    ("theo nguyên tắc tập trung dân chủ", "under the principle of democratic centralism"),
    ("trong thời gian 12 tháng", "within 12 months"),
    ("không quá 90 ngày", "for no more than 90 days"),
    ("trước khi hết nhiệm kỳ", "before the end of the term"),
    ("đối với cán bộ diện Trung ương quản lý", "for cadres under central management"),
    ("theo từng năm", "every year"),
    ("khi có dấu hiệu vi phạm", "when there are signs of a violation"),
    ("đúng thẩm quyền, đúng quy trình", "within authority and by the procedure"),
    ("dưới 60% số phiếu", "with under 60% of the votes"),
    ("từ 35 đến 50 tuổi", "aged 35 to 50"),
]
HEADINGS = [
    ("Phạm vi điều chỉnh", "Scope"),
    ("Đối tượng áp dụng", "Who it applies to"),
    ("Giải thích từ ngữ", "Definitions"),
    ("Nguyên tắc", "Principles"),
    ("Tiêu chuẩn chung", "Common standards"),
    ("Thẩm quyền", "Authority"),
    ("Trình tự, thủ tục", "Procedure"),
    ("Hồ sơ", "Dossier"),
    ("Thời hạn", "Time limits"),
    ("Trách nhiệm thi hành", "Responsibility for implementation"),
    ("Hiệu lực thi hành", "Entry into force"),
    ("Xử lý vi phạm", "Handling violations"),
    ("Tạm đình chỉ", "Temporary suspension"),
    ("Khung tiêu chí đánh giá", "Assessment criteria framework"),
    ("Xếp loại chất lượng", "Quality classification"),
]
ROLES = [
    ("Bí thư", "Secretary"),
    ("Phó Bí thư", "Deputy Secretary"),
    ("Chủ tịch Ủy ban nhân dân", "Chair of the People's Committee"),
    ("Phó Chủ tịch Ủy ban nhân dân", "Deputy Chair of the People's Committee"),
    ("Chủ tịch Hội đồng nhân dân", "Chair of the People's Council"),
    ("Trưởng ban Tổ chức", "Head of the Organisation Board"),
    ("Chủ nhiệm Ủy ban Kiểm tra", "Chair of the Inspection Commission"),
    ("Giám đốc Sở", "Director of the Department"),
    ("Vụ trưởng", "Director-General"),
    ("Thứ trưởng", "Deputy Minister"),
    ("Tổng cục trưởng", "Director of the General Department"),
    ("Chánh Văn phòng", "Chief of the Office"),
]
PLACES = [
    ("Tỉnh ủy Hà Giang", "Hà Giang Provincial Party Committee"),
    ("Tỉnh ủy Lào Cai", "Lào Cai Provincial Party Committee"),
    ("Tỉnh ủy Nghệ An", "Nghệ An Provincial Party Committee"),
    ("Tỉnh ủy Quảng Ninh", "Quảng Ninh Provincial Party Committee"),
    ("Thành ủy Hà Nội", "Hà Nội Municipal Party Committee"),
    ("Thành ủy Hải Phòng", "Hải Phòng Municipal Party Committee"),
    ("Thành ủy Đà Nẵng", "Đà Nẵng Municipal Party Committee"),
    ("Thành ủy Thành phố Hồ Chí Minh", "Hồ Chí Minh City Party Committee"),
    ("Tỉnh ủy Đắk Lắk", "Đắk Lắk Provincial Party Committee"),
    ("Tỉnh ủy Cà Mau", "Cà Mau Provincial Party Committee"),
    ("Bộ Nội vụ", "Ministry of Home Affairs"),
    ("Bộ Tài chính", "Ministry of Finance"),
    ("Bộ Quốc phòng", "Ministry of National Defence"),
    ("Ban Kinh tế Trung ương", "Central Economic Commission"),
    ("Đảng ủy Khối các cơ quan Trung ương", "Party Committee of Central Agencies"),
]
SIGNERS = ["Trần Cẩm Tú", "Lương Cường", "Võ Văn Thưởng", "Trương Thị Mai", "Lê Minh Hưng", "Nguyễn Xuân Thắng"]
PUBLISHERS = ["Báo Nhân Dân", "VietnamPlus", "Tạp chí Cộng sản", "Báo Điện tử Đảng Cộng sản", "VnExpress", "Tuổi Trẻ"]


@dataclass
class CorpusReport:
    scale: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _pair(rng: random.Random, pairs):
    return rng.choice(pairs)


def _sentence(rng: random.Random, *, number: int) -> tuple[str, str]:
    """One sentence in both languages, naming an organisation, a subject and a number."""
    organisation = _pair(rng, ORGANISATIONS)
    verb = _pair(rng, VERBS)
    subject = _pair(rng, SUBJECTS)
    qualifier = _pair(rng, QUALIFIERS)
    vi = f"{organisation[0].capitalize()} {verb[0]} {subject[0]} {qualifier[0]}, theo Điều {number % 40 + 1}."
    en = f"{organisation[1].capitalize()} {verb[1]} {subject[1]} {qualifier[1]}, under Article {number % 40 + 1}."
    return vi, en


def _paragraph(rng: random.Random, sentences: int) -> tuple[str, str]:
    pairs = [_sentence(rng, number=rng.randrange(1, 500)) for _ in range(sentences)]
    return " ".join(vi for vi, _ in pairs), " ".join(en for _, en in pairs)


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def copy_rows(model, rows: Iterable[dict]) -> int:
    """COPY ``rows`` (dicts keyed by attribute name) into ``model``'s table; a column a row
    leaves out gets the field's default. Returns the number of rows."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    fields = [f for f in model._meta.concrete_fields if f.attname in first or not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in first}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in itertools.chain([first], rows):
            copy.write_row([row[name] if name in row else defaults[name] for name in names])
            count += 1
    return count


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(statement)


@transaction.atomic
def corpus_generate(*, scale: int, seed: int = 365) -> CorpusReport:
    """Add ``scale`` times the base corpus to the database, then derive statuses and move the
    data version (the search index is rebuilt separately, so its time can be measured)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark corpus is loaded with COPY and needs PostgreSQL.")
    rng = random.Random(seed)
    report = CorpusReport(scale=scale)
    now = timezone.now()
    started = time.perf_counter()

    source_ids = _sources(rng, scale=scale, report=report, now=now)
    documents = _documents(rng, scale=scale, report=report, now=now, source_ids=source_ids)
    _key_points(rng, documents=documents, report=report, source_ids=source_ids)
    _relations(rng, documents=documents, report=report, source_ids=source_ids)
    _positions(rng, scale=scale, documents=documents, report=report, source_ids=source_ids)
    _reset_sequences([Source, Document, DocumentCitation, KeyPoint, Relation, Position])
    report.seconds["copy"] = time.perf_counter() - started

    step = time.perf_counter()
    report.counts["statuses_changed"] = document_statuses_refresh()
    report.seconds["statuses"] = time.perf_counter() - step
    _check_sample(rng)
    data_version_bump()
    report.seconds["total"] = time.perf_counter() - started
    return report


def _sources(rng, *, scale, report, now) -> list[int]:
    first = _next_id(Source)
    count = SOURCES_PER_SCALE * scale
    rows = []
    for index in range(count):
        subject = _pair(rng, SUBJECTS)
        published = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9400))
        language = rng.choice(["vi", "vi", "vi", "en"])
        title = subject[0].capitalize() if language == "vi" else subject[1].capitalize()
        rows.append(
            {
                "id": first + index,
                "code": f"G{first + index:06d}",
                "title": f"{title}: {rng.randrange(1, 400)} điểm mới" if language == "vi" else f"{title}: what changes",
                "title_is_slug": False,
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://bao.example.vn/{slugify(text.fold(title))}-post{first + index}.html",
                "published_on": published,
                "date_note": "",
                "language": language,
                "machine_translated": False,
                "quality": rng.choice([Source.Quality.NEWS] * 4 + [Source.Quality.SECONDARY]),
            }
        )
    report.counts["sources"] = copy_rows(Source, rows)
    return [row["id"] for row in rows]


@dataclass
class _Doc:
    pk: int
    slug: str
    kind: str
    number: int
    symbol: str
    year: int
    issued_on: datetime.date | None
    issuer_slug: str


def _documents(rng, *, scale, report, now, source_ids) -> list[_Doc]:
    issuers = dict(IssuingBody.objects.values_list("slug", "pk"))
    topics = list(Topic.objects.values_list("pk", flat=True))
    kinds = list(KINDS)
    weights = [KINDS[kind][0] for kind in kinds]
    counters: dict[tuple[str, str], int] = {}
    first = _next_id(Document)
    documents: list[_Doc] = []
    rows = []
    for index in range(DOCUMENTS_PER_SCALE * scale):
        kind = rng.choices(kinds, weights)[0]
        _share, abbreviation, issuer_slugs = KINDS[kind]
        issuer_slug = rng.choice(issuer_slugs)
        code = ISSUER_CODES[issuer_slug]
        series = (abbreviation, code)
        number = counters.get(series, FIRST_GENERATED_NUMBER)
        counters[series] = number + 1
        issued_on = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(11_200))
        year = issued_on.year
        if kind == Document.Kind.DECREE:
            symbol = f"{number}/{year}/{abbreviation}-{code}"
        else:
            symbol = f"{number}-{abbreviation}/{code}"
        # Some documents are known only by number and year, as in the reference data.
        date_known = rng.random() < 0.85
        subject = _pair(rng, SUBJECTS)
        organisation = _pair(rng, ORGANISATIONS)
        kind_vi = Document.KIND_VI[kind]
        summary_vi, summary_en = _paragraph(rng, rng.randint(2, 4))
        pk = first + index
        slug = slugify(text.fold(symbol))
        effective_on = issued_on + datetime.timedelta(days=rng.randrange(0, 90)) if date_known else None
        rows.append(
            {
                "id": pk,
                "slug": slug,
                "kind": kind,
                "number": number,
                "year": None if date_known else year,
                "symbol": symbol,
                "number_key": text.symbol_key(symbol),
                "title_vi": f"{kind_vi} về {subject[0]} của {organisation[0]}" if rng.random() < 0.8 else "",
                "title_en": f"{kind.label} on {subject[1]} by {organisation[1]}",
                "subject_vi": f"{subject[0].capitalize()} {_pair(rng, QUALIFIERS)[0]}",
                "subject_en": f"{subject[1].capitalize()} {_pair(rng, QUALIFIERS)[1]}",
                "issuer_id": issuers[issuer_slug],
                "issued_on": issued_on if date_known else None,
                "effective_on": effective_on if date_known and rng.random() < 0.6 else None,
                "pilot_years": rng.choice([3, 5]) if rng.random() < 0.02 and date_known else None,
                "signer": rng.choice(SIGNERS),
                "signer_role_vi": "Thay mặt Bộ Chính trị" if code == "TW" else "",
                "signer_role_en": "On behalf of the Politburo" if code == "TW" else "",
                "chapters": rng.randint(2, 8),
                "articles": rng.randint(8, 40),
                "summary_vi": summary_vi,
                "summary_en": summary_en,
                "is_core": False,
                "status": Document.Status.UNKNOWN,
                "created_at": now,
                "updated_at": now,
            }
        )
        documents.append(_Doc(pk, slug, kind, number, symbol, year, issued_on if date_known else None, issuer_slug))
    report.counts["documents"] = copy_rows(Document, rows)

    citations = []
    topic_rows = []
    citation_id = _next_id(DocumentCitation)
    for document in documents:
        for field_name in rng.sample(["symbol", "kind", "title", "issuer", "issued_on", "summary"], 3):
            citations.append(
                {
                    "id": citation_id,
                    "document_id": document.pk,
                    "field": field_name,
                    "source_id": rng.choice(source_ids),
                    "disputes": False,
                }
            )
            citation_id += 1
        for topic in rng.sample(topics, rng.randint(1, 2)):
            topic_rows.append({"document_id": document.pk, "topic_id": topic})
    report.counts["document_citations"] = copy_rows(DocumentCitation, citations)
    report.counts["document_topics"] = copy_rows(Document.topics.through, topic_rows)
    return documents


def _key_points(rng, *, documents, report, source_ids) -> None:
    first = _next_id(KeyPoint)
    kinds = [KeyPoint.Kind.PROVISION] * 17 + [KeyPoint.Kind.CONTEXT, KeyPoint.Kind.CONTEXT, KeyPoint.Kind.GAP]
    source_rows = []

    def rows():
        pk = first
        for document in documents:
            for order in range(1, KEY_POINTS_PER_DOCUMENT + 1):
                kind = rng.choice(kinds)
                heading = _pair(rng, HEADINGS)
                text_vi, text_en = _paragraph(rng, rng.randint(1, 3))
                article = order if kind == KeyPoint.Kind.PROVISION else None
                yield {
                    "id": pk,
                    "document_id": document.pk,
                    "order": order,
                    "anchor": f"art-{order}" if article else f"point-{order}",
                    "kind": kind,
                    "article": article,
                    "clause": str(rng.randint(1, 5)) if article and rng.random() < 0.3 else "",
                    "heading_vi": heading[0],
                    "heading_en": heading[1],
                    "text_vi": text_vi,
                    "text_en": text_en,
                    "caveat_vi": "Nguồn chỉ nêu tóm tắt." if kind == KeyPoint.Kind.GAP else "",
                    "caveat_en": "The sources give only a summary." if kind == KeyPoint.Kind.GAP else "",
                }
                for source in rng.sample(source_ids, rng.randint(1, 2)):
                    source_rows.append({"keypoint_id": pk, "source_id": source})
                pk += 1

    report.counts["key_points"] = copy_rows(KeyPoint, rows())
    report.counts["key_point_sources"] = copy_rows(KeyPoint.sources.through, source_rows)


def _relations(rng, *, documents, report, source_ids) -> None:
    """A quarter as many relations as documents: newer documents replacing, guiding or
    implementing older ones of the same series, so statuses and relation lists vary."""
    first = _next_id(Relation)
    seen = set()
    rows, source_rows = [], []
    kinds = [Relation.Kind.REPLACES, Relation.Kind.GUIDES, Relation.Kind.IMPLEMENTS, Relation.Kind.RELATED]
    for _ in range(len(documents) // 4):
        subject, other = rng.sample(documents, 2)
        if (subject.year, subject.number) < (other.year, other.number):
            subject, other = other, subject
        kind = rng.choice(kinds)
        if (subject.pk, kind, other.pk) in seen:
            continue
        seen.add((subject.pk, kind, other.pk))
        pk = first + len(rows)
        rows.append(
            {
                "id": pk,
                "subject_id": subject.pk,
                "kind": kind,
                "object_id": other.pk,
                "note_vi": "",
                "note_en": "",
            }
        )
        source_rows.append({"relation_id": pk, "source_id": rng.choice(source_ids)})
    report.counts["relations"] = copy_rows(Relation, rows)
    report.counts["relation_sources"] = copy_rows(Relation.sources.through, source_rows)


def _positions(rng, *, scale, documents, report, source_ids) -> None:
    """Positions spread over the four 368 groups (and their levels where the group has them),
    each listed in a generated regulation and citing one or two sources."""
    groups = list(PositionGroup.objects.values_list("pk", flat=True))
    tiers_by_group: dict[int, list[int]] = {}
    for tier_pk, group_pk in PositionTier.objects.values_list("pk", "group_id"):
        tiers_by_group.setdefault(group_pk, []).append(tier_pk)
    regulations = [d for d in documents if d.kind == Document.Kind.REGULATION]
    first = _next_id(Position)
    rows, source_rows = [], []
    for index in range(POSITIONS_PER_SCALE * scale):
        role = _pair(rng, ROLES)
        place = _pair(rng, PLACES)
        group = rng.choice(groups)
        tiers = tiers_by_group.get(group, [])
        pk = first + index
        name_vi = f"{role[0]} {place[0]}"
        rows.append(
            {
                "id": pk,
                "slug": f"{slugify(text.fold(name_vi))}-{pk}",
                "name_vi": name_vi,
                "name_en": f"{role[1]}, {place[1]}",
                "group_id": group,
                "tier_id": rng.choice(tiers) if tiers and rng.random() < 0.7 else None,
                "listed_in_id": rng.choice(regulations).pk,
                "order": index % 500,
                "is_leadership": rng.random() < 0.9,
                "note_vi": "Nhóm chức danh theo Quy định 368-QĐ/TW." if rng.random() < 0.2 else "",
                "note_en": "Grouped under Regulation 368-QĐ/TW." if rng.random() < 0.2 else "",
            }
        )
        for source in rng.sample(source_ids, rng.randint(1, 2)):
            source_rows.append({"position_id": pk, "source_id": source})
    report.counts["positions"] = copy_rows(Position, rows)
    report.counts["position_sources"] = copy_rows(Position.sources.through, source_rows)


def _check_sample(rng, size: int = 100) -> None:
    """Put a random sample of generated objects through the app's own validation."""
    for model in (Document, KeyPoint, Position, Relation, DocumentCitation):
        ids = list(model.objects.order_by("-pk").values_list("pk", flat=True)[: size * 20])
        for instance in model.objects.filter(pk__in=rng.sample(ids, min(size, len(ids)))):
            instance.full_clean()
