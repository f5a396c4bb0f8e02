"""What the load scripts ask for: document and position addresses, number queries, full-text
queries and document-list filters, read from whatever database is configured.

``targets_write`` is called by the corpus generator after it has loaded the corpus (and by the
soak test when it runs on the reference data alone); the wrk scripts pick from the lists at random.

Usage: imported by benchmarks.run and benchmarks.soak; not a command of its own.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks import corpus
from core import text
from reference.search.numbers import parse_number_query
from regulations.models import Document, IssuingBody, Topic

SAMPLE = 2_000
# Ways people type the reference documents' numbers (see reference.search.numbers).
REFERENCE_NUMBER_QUERIES = ["365", "365-QĐ/TW", "QĐ 366", "Quy dinh so 368", "KL 198", "Regulation No. 377-QD/TW"]
REFERENCE_TEXT_QUERIES = [
    "tam dinh chi",
    "tạm đình chỉ công tác",
    "tiêu chuẩn chức danh",
    "đánh giá xếp loại",
    "assessment criteria",
    "Politburo",
    "Bộ Chính trị",
    "luân chuyển",
    "suspension",
    "standards for leaders",
]


def fulltext_queries(rng: random.Random, count: int = 300) -> list[str]:
    """Realistic queries: subjects, headings and posts, in Vietnamese with and without
    diacritics and in English, whole or in part. None of them is a number query."""
    queries = list(REFERENCE_TEXT_QUERIES)
    pools = [corpus.SUBJECTS, corpus.HEADINGS, corpus.ROLES, corpus.PLACES, corpus.ORGANISATIONS]
    while len(queries) < count * 3:
        vi, en = rng.choice(rng.choice(pools))
        phrase = rng.choice([vi, text.fold(vi), en])
        words = phrase.replace(",", "").split()
        if len(words) > 2 and rng.random() < 0.5:
            start = rng.randrange(len(words) - 1)
            words = words[start : start + rng.randint(2, 3)]
        queries.append(" ".join(words))
    unique = [q for q in dict.fromkeys(queries) if parse_number_query(q) is None and q.lower() not in {"the", "of"}]
    return unique[:count]


def number_queries(rng: random.Random, documents: list[tuple[str, str, int, str]]) -> list[str]:
    """Each query names one document: its symbol as written, with the kind, or in English."""
    queries = list(REFERENCE_NUMBER_QUERIES)
    for kind, symbol, _number, _slug in documents:
        if not symbol:
            continue
        kind_vi = Document.KIND_VI[kind]
        queries.append(
            rng.choice(
                [symbol, f"{kind_vi} số {symbol}", text.fold(symbol), f"{Document.Kind(kind).label} No. {symbol}"]
            )
        )
    return queries


def list_queries(rng: random.Random, count: int = 400) -> list[str]:
    """Query strings for the document list: kind and year, some with issuer, topic, status or
    sort. No page numbers: a page past the end is a 404, which the soak test counts as an error."""
    kinds = [k for k, _ in Document.Kind.choices]
    issuers = list(IssuingBody.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))
    statuses = [s for s, _ in Document.Status.choices]
    queries = []
    for _ in range(count):
        params = {"kind": rng.choice(kinds), "year": rng.randint(1995, 2025)}
        if rng.random() < 0.3:
            params["issuer"] = rng.choice(issuers)
        if rng.random() < 0.3:
            params["topic"] = rng.choice(topics)
        if rng.random() < 0.2:
            params["status"] = rng.choice(statuses)
        if rng.random() < 0.2:
            params["sort"] = rng.choice(["date", "-date", "number"])
        queries.append("&".join(f"{key}={value}" for key, value in params.items()))
    return list(dict.fromkeys(queries))


def targets_write(path: Path, *, seed: int = 368) -> dict[str, list]:
    """Write the lists to ``path`` as JSON and return them."""
    from cadres.models import Position

    rng = random.Random(seed)
    documents = list(Document.objects.values_list("kind", "symbol", "number", "slug"))
    sample = rng.sample(documents, min(SAMPLE, len(documents)))
    positions = list(Position.objects.values_list("slug", "pk"))
    targets = {
        "documents": [slug for *_rest, slug in sample],
        "document_ids": list(Document.objects.filter(slug__in=[d[3] for d in sample]).values_list("pk", flat=True)),
        "positions": [slug for slug, _pk in rng.sample(positions, min(SAMPLE, len(positions)))],
        "position_ids": [pk for _slug, pk in rng.sample(positions, min(SAMPLE, len(positions)))],
        "number_queries": number_queries(rng, sample),
        "fulltext_queries": fulltext_queries(rng),
        "list_queries": list_queries(rng),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(targets, ensure_ascii=False, indent=1), encoding="utf-8")
    return targets
