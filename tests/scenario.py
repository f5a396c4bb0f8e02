"""A small, complete reference built with the factories: one or a few records of every kind,
linked the way the real ones are, with the derived data (statuses, search index) built.

It is made up for the tests (its wording is not the reference's); it is shaped like the real
data where behaviour depends on the shape: two documents numbered 35, a regulation replaced by
another, a pilot, a gap, bands with and without thresholds, a title standard that builds on
another, authorities over a position and over its group, current and historical.
"""

import datetime
from types import SimpleNamespace

from django.apps import apps
from django.core.cache import cache

from cadres.models import Authority, Criterion, Standard
from core.data_version import data_version_bump
from reference.models import SearchEntry
from reference.registry import content_labels
from reference.services.derived import derived_refresh
from regulations.models import Change, Document, KeyPoint, Relation, Term
from tests import factories as f

K = Document.Kind


def build() -> SimpleNamespace:
    s = SimpleNamespace()
    s.source, s.other_source, s.translated_source = (
        f.SourceFactory(code="S01", title="Báo Nhân Dân, 30/8/2025"),
        f.SourceFactory(code="S02", title="Tạp chí Cộng sản"),
        f.SourceFactory(code="S59", title="A translated page", language="sv", machine_translated=True),
    )
    s.politburo = f.IssuingBodyFactory(slug="politburo", name_vi="Bộ Chính trị", name_en="Politburo")
    s.government = f.IssuingBodyFactory(slug="government", name_vi="Chính phủ", name_en="Government")
    s.standards_topic = f.TopicFactory(slug="standards", name_vi="Tiêu chuẩn", name_en="Standards")
    s.assessment_topic = f.TopicFactory(slug="assessment", name_vi="Đánh giá", name_en="Assessment")

    def document(number, title_vi, title_en, issued_on, **fields):
        fields.setdefault("issuer", s.politburo)
        return f.DocumentFactory(
            number=number,
            title_vi=title_vi,
            title_en=title_en,
            issued_on=issued_on,
            cited=s.source,
            **fields,
        )

    s.d365 = document(
        365,
        "Quy định về tiêu chuẩn chức danh cán bộ",
        "Regulation on the standards of cadre titles",
        datetime.date(2025, 8, 30),
        is_core=True,
        topics=[s.standards_topic],
        summary_en="Six common standards and title standards.",
    )
    s.d366 = document(
        366,
        "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng",
        "Regulation on review, assessment and classification",
        datetime.date(2025, 8, 30),
        is_core=True,
        topics=[s.assessment_topic],
    )
    s.d148 = document(
        148,
        "Quy định về thẩm quyền tạm đình chỉ công tác",
        "Regulation on the authority to suspend from work",
        datetime.date(2024, 5, 23),
        effective_on=datetime.date(2024, 5, 23),
        signer="Trương Thị Mai",
    )
    s.d377 = document(
        377,
        "Quy định về phân cấp quản lý cán bộ",
        "Regulation on decentralised cadre management",
        datetime.date(2025, 10, 8),
        effective_on=datetime.date(2025, 10, 8),
        is_core=True,
    )
    s.d142 = document(
        142, "Quy định thí điểm", "Pilot regulation", datetime.date(2024, 4, 23), pilot_years=50, is_core=True
    )
    s.d92 = document(
        92,
        "Nghị định về chuyên gia cao cấp",
        "Decree on senior experts",
        datetime.date(2025, 3, 1),
        kind=K.DECREE,
        symbol="92/2025/NĐ-CP",
        slug="92-2025-nd-cp",
        issuer=s.government,
    )
    s.d35_directive = document(
        35, "Chỉ thị về đại hội", "Directive on congresses", datetime.date(2024, 6, 14), kind=K.DIRECTIVE,
        symbol="35-CT/TW", slug="35-ct-tw",
    )  # fmt: skip
    s.d35_conclusion = document(
        35, "Kết luận về danh mục", "Conclusion on the list", datetime.date(2022, 5, 5), kind=K.CONCLUSION,
        symbol="35-KL/TW", slug="35-kl-tw",
    )  # fmt: skip
    s.d148.citations.create(field="signer", source=s.other_source, disputes=True, note_en="The text settles it.")
    s.replaces = f.RelationFactory(subject=s.d377, object=s.d148, kind=Relation.Kind.REPLACES, sources=[s.source])

    def point(document, anchor, order, heading_en, text_vi, text_en, **fields):
        return f.KeyPointFactory(
            document=document,
            anchor=anchor,
            order=order,
            heading_vi=fields.pop("heading_vi", heading_en),
            heading_en=heading_en,
            text_vi=text_vi,
            text_en=text_en,
            sources=fields.pop("sources", [s.source]),
            **fields,
        )

    s.suspension_duration = point(
        s.d148,
        "art-10",
        1,
        "Maximum duration",
        "Thời hạn tạm đình chỉ công tác không quá 90 ngày.",
        "Suspension from work lasts at most 90 days.",
        article=10,
        heading_vi="Thời hạn tạm đình chỉ",
    )
    s.common_standards_point = point(
        s.d365, "art-2", 1, "Common standards", "Sáu tiêu chuẩn chung.", "Six common standards.", article=2
    )
    s.scope = point(s.d366, "scope", 1, "Scope", "Phạm vi đánh giá.", "Who is assessed.", article=1)
    s.gap = point(
        s.d366,
        "gap-not-completed",
        2,
        "Threshold of not completed",
        "Không thấy ngưỡng điểm của mức không hoàn thành.",
        "The sources do not give the score of not completed.",
        kind=KeyPoint.Kind.GAP,
        article=None,
        sources=[s.translated_source],
    )
    s.event = f.EventFactory(slug="conference-2025", documents=[s.d365, s.d366], sources=[s.source])

    s.group = f.PositionGroupFactory(
        code="I", order=1, name_vi="Nhóm I", name_en="Group I", document=s.d365, sources=[s.source]
    )
    s.tier = f.PositionTierFactory(group=s.group, code="I-key", order=1, name_en="Key leaders", sources=[s.source])
    s.general_secretary = f.PositionFactory(
        slug="tong-bi-thu",
        name_vi="Tổng Bí thư",
        name_en="General Secretary",
        group=s.group,
        tier=s.tier,
        listed_in=s.d365,
        sources=[s.source],
    )
    s.deputy_minister = f.PositionFactory(slug="thu-truong", name_vi="Thứ trưởng", name_en="Deputy minister")
    s.senior_expert = f.PositionFactory(
        slug="chuyen-gia-cao-cap", name_vi="Chuyên gia cao cấp", name_en="Senior expert", is_leadership=False
    )

    s.common = f.StandardFactory(
        slug="chinh-tri-tu-tuong",
        kind=Standard.Kind.COMMON,
        order=1,
        name_vi="Về chính trị, tư tưởng",
        name_en="Politics and ideology",
        document=s.d365,
        key_point=s.common_standards_point,
        sources=[s.source],
    )
    s.member_standard = f.StandardFactory(
        slug="uy-vien-trung-uong", name_en="Member of the Central Committee", document=s.d365, sources=[s.source]
    )
    s.general_secretary_standard = f.StandardFactory(
        slug="tong-bi-thu-standard",
        name_vi="Tiêu chuẩn chức danh Tổng Bí thư",
        name_en="General Secretary",
        document=s.d365,
        positions=[s.general_secretary],
        builds_on=[s.member_standard],
        sources=[s.other_source],
    )

    s.quarterly = f.AssessmentPeriodFactory(document=s.d366, code="quarterly", order=1, sources=[s.source])
    s.framework = f.CriteriaFrameworkFactory(document=s.d366, appendix=1, position_groups=[s.group])
    s.criterion = f.CriterionFactory(
        slug="ket-qua-nhiem-vu",
        document=s.d366,
        framework=s.framework,
        group=Criterion.Group.TASKS,
        order=1,
        name_vi="Kết quả thực hiện nhiệm vụ",
        name_en="Results of assigned tasks",
        max_points=50,
        position_groups=[s.group],
    )
    s.good = f.ClassificationBandFactory(
        document=s.d366, code="tot", order=2, name_vi="Tốt", name_en="Good", min_score=70, max_score=90
    )
    s.not_completed = f.ClassificationBandFactory(
        document=s.d366,
        code="khong-hoan-thanh",
        order=4,
        name_vi="Không hoàn thành nhiệm vụ",
        name_en="Not completed",
        conditions_en="Assessed as not completed.",
    )

    s.manages = f.AuthorityFactory(
        slug="377-politburo-manages",
        document=s.d377,
        order=1,
        action=Authority.Action.MANAGE,
        actor_vi="Bộ Chính trị",
        actor_en="Politburo",
        actor_body=s.politburo,
        subject_vi="cán bộ Nhóm I",
        subject_en="Group I cadres",
        subject_groups=[s.group],
        sources=[s.source],
    )
    s.assesses = f.AuthorityFactory(
        slug="366-politburo-assesses",
        document=s.d366,
        order=1,
        action=Authority.Action.ASSESS,
        actor_vi="Bộ Chính trị",
        actor_en="Politburo",
        subject_vi="Tổng Bí thư",
        subject_en="the General Secretary",
        subject_positions=[s.general_secretary],
    )
    s.suspends = f.AuthorityFactory(
        slug="148-minister-suspends",
        document=s.d148,
        order=1,
        action=Authority.Action.SUSPEND,
        actor_vi="Bộ trưởng",
        actor_en="Minister",
        subject_vi="Thứ trưởng",
        subject_en="deputy ministers",
        subject_positions=[s.deputy_minister],
        grounds_en="Serious violations.",
        key_point=s.suspension_duration,
    )
    s.training = f.TrainingGroupFactory(document=s.d366, number=1, position_groups=[s.group])

    T = Term.Group
    s.suspension = f.TermFactory(
        slug="tam-dinh-chi-cong-tac", group=T.DISCIPLINE, order=1, term_vi="tạm đình chỉ công tác",
        term_en="suspension from work", match_en="suspen", documents=[s.d148, s.d377], sources=[s.source],
        definition_vi="Tạm thời không để cán bộ làm việc.", definition_en="Keeping a cadre from work for a time.",
    )  # fmt: skip
    s.dismissal = f.TermFactory(
        slug="mien-nhiem", group=T.MEASURES, order=1, term_vi="miễn nhiệm", term_en="dismissal",
        match_en="dismiss", not_en="relief from office, removal", documents=[s.d377],
        confused_with=[s.suspension], sources=[s.other_source],
    )  # fmt: skip
    s.appointment = f.TermFactory(
        slug="bo-nhiem", group=T.MEASURES, order=2, term_vi="bổ nhiệm", term_en="appointment", match_en="appoint",
        documents=[s.d377], sources=[s.source],
    )  # fmt: skip
    s.reappointment = f.TermFactory(
        slug="bo-nhiem-lai", group=T.MEASURES, order=3, term_vi="bổ nhiệm lại", term_en="re-appointment",
        match_en="re-appoint", documents=[s.d377], confused_with=[s.appointment], sources=[s.source],
    )  # fmt: skip
    s.who_suspends = f.ChangeFactory(
        document=s.d377, order=1, anchor="who-suspends", kind=Change.Kind.CHANGED, compared_with=[s.d148],
        aspect_vi="Ai có thẩm quyền tạm đình chỉ", aspect_en="Who may suspend",
        before_vi="Quy định riêng về tạm đình chỉ công tác.", before_en="A separate rule on suspension from work.",
        after_vi="Một quy định chung.", after_en="One general rule.", sources=[s.source],
    )  # fmt: skip
    s.untold = f.ChangeFactory(
        document=s.d377, order=2, anchor="durations", kind=Change.Kind.NOT_TOLD, compared_with=[s.d148],
        aspect_vi="Thời hạn", aspect_en="Durations", before_vi="", before_en="",
        after_vi="Các nguồn không nêu thời hạn mới.", after_en="The sources do not give the new durations.",
        sources=[s.other_source],
    )  # fmt: skip
    derived_refresh()
    data_version_bump()
    for value in vars(s).values():
        if isinstance(value, Document):
            value.refresh_from_db()
    return s


def delete_all_content() -> None:
    """Delete every content record, and with them the search index (inside the caller's
    transaction)."""
    for label in reversed(content_labels()):
        apps.get_model(label).objects.all().delete()
    # Entries of records that belong to no document (glossary terms) do not go with a document.
    SearchEntry.objects.all().delete()
    cache.clear()
