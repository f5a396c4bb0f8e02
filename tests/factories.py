"""factory-boy factories for every content model, used to grow the data in tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from cadres import models as cadres
from regulations import models as regulations


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
    class Meta:
        model = regulations.Document
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"{5000 + n}-qd-tw")
    kind = regulations.Document.Kind.REGULATION
    number = factory.Sequence(lambda n: 5000 + n)
    symbol = factory.LazyAttribute(lambda o: f"{o.number}-QĐ/TW")
    title_vi = factory.Sequence(lambda n: f"Quy định thử nghiệm số {n} về công tác cán bộ")
    title_en = factory.Sequence(lambda n: f"Test regulation {n} on cadre work")
    subject_vi = "Văn bản thử nghiệm"
    subject_en = "A test document"
    issuer = factory.SubFactory(IssuingBodyFactory)
    issued_on = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 1500))
    summary_vi = "Tóm tắt thử nghiệm."
    summary_en = "A test summary."

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        if create:
            source = SourceFactory()
            regulations.DocumentCitation.objects.create(document=self, field="symbol", source=source)
            regulations.DocumentCitation.objects.create(document=self, field="issued_on", source=source)


def _add_sources(obj, create, extracted):
    if create:
        obj.sources.set(extracted or [SourceFactory()])


class KeyPointFactory(DjangoModelFactory):
    class Meta:
        model = regulations.KeyPoint
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: 1000 + n)
    anchor = factory.Sequence(lambda n: f"point-{n}")
    heading_vi = factory.Sequence(lambda n: f"Điểm {n}")
    heading_en = factory.Sequence(lambda n: f"Point {n}")
    text_vi = "Nội dung thử nghiệm về tạm đình chỉ công tác."
    text_en = "Test content about temporary suspension."
    sources = factory.PostGeneration(_add_sources)


class RelationFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Relation
        skip_postgeneration_save = True

    subject = factory.SubFactory(DocumentFactory)
    object = factory.SubFactory(DocumentFactory)
    kind = regulations.Relation.Kind.REPLACES
    sources = factory.PostGeneration(_add_sources)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = regulations.Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    held_on = datetime.date(2025, 10, 29)
    title_vi = factory.Sequence(lambda n: f"Hội nghị {n}")
    title_en = factory.Sequence(lambda n: f"Conference {n}")
    sources = factory.PostGeneration(_add_sources)


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
    sources = factory.PostGeneration(_add_sources)


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Position
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"position-{n}")
    name_vi = factory.Sequence(lambda n: f"Chức danh {n}")
    name_en = factory.Sequence(lambda n: f"Title {n}")
    sources = factory.PostGeneration(_add_sources)


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
    sources = factory.PostGeneration(_add_sources)


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
    sources = factory.PostGeneration(_add_sources)


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
    sources = factory.PostGeneration(_add_sources)
