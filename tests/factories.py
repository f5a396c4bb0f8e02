"""factory-boy factories, one per content model.

Records come with what the import service would demand of them (a source for every cited
record, a citation for a document's number and date). Derived data (document statuses, the
search index) is not built here: a test that needs it calls
``reference.services.derived.derived_refresh()`` once its records exist, as the import does.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from cadres import models as cadres
from regulations import models as regulations


def _sources(obj, create, extracted, **kwargs):
    """A cited record rests on one new source unless the test passes its own list."""
    if create:
        obj.sources.set(extracted if extracted is not None else [SourceFactory()])


def _links(field: str):
    """A many-to-many link set from the list the test passes (empty unless given)."""

    def add(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(add)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Source
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    title = factory.Sequence(lambda n: f"Test article {n}")
    publisher = "Test Gazette"
    url = factory.Sequence(lambda n: f"https://example.org/article-{n}")
    published_on = datetime.date(2025, 9, 20)
    language = "vi"


class IssuingBodyFactory(DjangoModelFactory):
    class Meta:
        model = regulations.IssuingBody
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"body-{n}")
    name_vi = factory.Sequence(lambda n: f"Cơ quan {n}")
    name_en = factory.Sequence(lambda n: f"Body {n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_vi = factory.Sequence(lambda n: f"Chủ đề {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class DocumentFactory(DjangoModelFactory):
    """A regulation with a symbol, cited for its number and date of issue."""

    class Meta:
        model = regulations.Document
        skip_postgeneration_save = True

    slug = factory.LazyAttribute(lambda o: f"{o.number}-qd-tw")
    kind = regulations.Document.Kind.REGULATION
    number = factory.Sequence(lambda n: 5000 + n)
    symbol = factory.LazyAttribute(lambda o: f"{o.number}-QĐ/TW")
    number_key = factory.LazyAttribute(
        lambda o: regulations.Document(symbol=o.symbol, number=o.number).compute_number_key()
    )
    title_vi = factory.Sequence(lambda n: f"Quy định thử nghiệm số {n} về công tác cán bộ")
    title_en = factory.Sequence(lambda n: f"Test regulation {n} on cadre work")
    subject_vi = "Văn bản thử nghiệm"
    subject_en = "A test document"
    issuer = factory.SubFactory(IssuingBodyFactory)
    issued_on = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 1500))
    summary_vi = "Tóm tắt thử nghiệm."
    summary_en = "A test summary."
    topics = _links("topics")

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        if create and extracted is not False:
            source = extracted or SourceFactory()
            regulations.DocumentCitation.objects.create(document=self, field="symbol", source=source)
            regulations.DocumentCitation.objects.create(document=self, field="issued_on", source=source)


class DocumentCitationFactory(DjangoModelFactory):
    class Meta:
        model = regulations.DocumentCitation

    document = factory.SubFactory(DocumentFactory, cited=False)
    field = regulations.DocumentCitation.Field.TITLE
    source = factory.SubFactory(SourceFactory)


class KeyPointFactory(DjangoModelFactory):
    class Meta:
        model = regulations.KeyPoint
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: 1000 + n)
    anchor = factory.Sequence(lambda n: f"point-{n}")
    article = factory.Sequence(lambda n: 1 + n % 40)
    heading_vi = factory.Sequence(lambda n: f"Điểm {n}")
    heading_en = factory.Sequence(lambda n: f"Point {n}")
    text_vi = "Nội dung thử nghiệm về tạm đình chỉ công tác."
    text_en = "Test content about temporary suspension."
    sources = factory.PostGeneration(_sources)


class RelationFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Relation
        skip_postgeneration_save = True

    subject = factory.SubFactory(DocumentFactory)
    object = factory.SubFactory(DocumentFactory)
    kind = regulations.Relation.Kind.REPLACES
    sources = factory.PostGeneration(_sources)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    held_on = datetime.date(2025, 10, 29)
    title_vi = factory.Sequence(lambda n: f"Hội nghị {n}")
    title_en = factory.Sequence(lambda n: f"Conference {n}")
    documents = _links("documents")
    sources = factory.PostGeneration(_sources)


class PositionGroupFactory(DjangoModelFactory):
    class Meta:
        model = cadres.PositionGroup
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"G{n}")
    order = factory.Sequence(lambda n: 100 + n)
    name_vi = factory.Sequence(lambda n: f"Nhóm {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    description_vi = "Mô tả"
    description_en = "Description"
    document = factory.SubFactory(DocumentFactory)
    sources = factory.PostGeneration(_sources)


class PositionTierFactory(DjangoModelFactory):
    class Meta:
        model = cadres.PositionTier
        skip_postgeneration_save = True

    group = factory.SubFactory(PositionGroupFactory)
    code = factory.Sequence(lambda n: f"L{n}")
    order = factory.Sequence(lambda n: 1 + n)
    name_vi = factory.Sequence(lambda n: f"Cấp {n}")
    name_en = factory.Sequence(lambda n: f"Level {n}")
    sources = factory.PostGeneration(_sources)


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Position
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"position-{n}")
    name_vi = factory.Sequence(lambda n: f"Chức danh {n}")
    name_en = factory.Sequence(lambda n: f"Title {n}")
    sources = factory.PostGeneration(_sources)


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Standard
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"standard-{n}")
    kind = cadres.Standard.Kind.TITLE
    order = factory.Sequence(lambda n: 100 + n)
    name_vi = factory.Sequence(lambda n: f"Tiêu chuẩn {n}")
    name_en = factory.Sequence(lambda n: f"Standard {n}")
    text_en = "Must be tested in practice."
    document = factory.SubFactory(DocumentFactory)
    positions = _links("positions")
    builds_on = _links("builds_on")
    sources = factory.PostGeneration(_sources)


class AssessmentPeriodFactory(DjangoModelFactory):
    class Meta:
        model = cadres.AssessmentPeriod
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    code = factory.Sequence(lambda n: f"period-{n}")
    order = factory.Sequence(lambda n: 1 + n)
    name_vi = "Hằng quý"
    name_en = "Quarterly"
    sources = factory.PostGeneration(_sources)


class CriteriaFrameworkFactory(DjangoModelFactory):
    class Meta:
        model = cadres.CriteriaFramework
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    appendix = factory.Sequence(lambda n: 1 + n)
    subject_vi = "Cán bộ lãnh đạo"
    subject_en = "Leaders"
    position_groups = _links("position_groups")
    sources = factory.PostGeneration(_sources)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Criterion
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"criterion-{n}")
    document = factory.SubFactory(DocumentFactory)
    group = cadres.Criterion.Group.OTHER
    order = factory.Sequence(lambda n: 100 + n)
    name_vi = factory.Sequence(lambda n: f"Tiêu chí {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    position_groups = _links("position_groups")
    sources = factory.PostGeneration(_sources)


class ClassificationBandFactory(DjangoModelFactory):
    class Meta:
        model = cadres.ClassificationBand
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    code = factory.Sequence(lambda n: f"band-{n}")
    order = factory.Sequence(lambda n: 1 + n)
    name_vi = factory.Sequence(lambda n: f"Mức {n}")
    name_en = factory.Sequence(lambda n: f"Level {n}")
    sources = factory.PostGeneration(_sources)


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Authority
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"authority-{n}")
    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: 100 + n)
    action = cadres.Authority.Action.MANAGE
    actor_vi = factory.Sequence(lambda n: f"Cơ quan quản lý {n}")
    actor_en = factory.Sequence(lambda n: f"Managing body {n}")
    subject_vi = "cán bộ"
    subject_en = "cadres"
    subject_positions = _links("subject_positions")
    subject_groups = _links("subject_groups")
    sources = factory.PostGeneration(_sources)


class TrainingGroupFactory(DjangoModelFactory):
    class Meta:
        model = cadres.TrainingGroup
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: 1 + n)
    name_vi = factory.Sequence(lambda n: f"Nhóm bồi dưỡng {n}")
    name_en = factory.Sequence(lambda n: f"Training group {n}")
    position_groups = _links("position_groups")
    sources = factory.PostGeneration(_sources)


class TermFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Term
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"term-{n}")
    group = regulations.Term.Group.WORK
    order = factory.Sequence(lambda n: 100 + n)
    term_vi = factory.Sequence(lambda n: f"thuật ngữ {n}")
    term_en = factory.Sequence(lambda n: f"term {n}")
    definition_vi = "Định nghĩa thử nghiệm."
    definition_en = "A test definition."
    documents = _links("documents")
    confused_with = _links("confused_with")
    sources = factory.PostGeneration(_sources)


class ChangeFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Change
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: 100 + n)
    anchor = factory.Sequence(lambda n: f"change-{n}")
    kind = regulations.Change.Kind.CHANGED
    aspect_vi = factory.Sequence(lambda n: f"Khía cạnh {n}")
    aspect_en = factory.Sequence(lambda n: f"Aspect {n}")
    before_vi = "Trước đây mỗi năm một lần."
    before_en = "Once a year before."
    after_vi = "Nay mỗi quý một lần."
    after_en = "Each quarter now."
    compared_with = _links("compared_with")
    sources = factory.PostGeneration(_sources)
