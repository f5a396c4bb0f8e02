"""Sitemap sections: every public page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cadres.models import Position
from regulations.models import Change, Document


class BilingualSitemap(Sitemap):
    """Every page in each language, each naming the other language and the default one."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(BilingualSitemap):
    """The pages that are not one record: home, lists, about."""

    names = [
        "regulations:home",
        "regulations:document-list",
        "regulations:relation-list",
        "regulations:glossary",
        "regulations:source-list",
        "regulations:about",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class CadrePageSitemap(PageSitemap):
    names = [
        "cadres:position-list",
        "cadres:standard-list",
        "cadres:assessment",
        "cadres:authority-list",
        "cadres:authority-matrix",
    ]


class DocumentSitemap(BilingualSitemap):
    def items(self):
        return Document.objects.order_by("slug")

    def lastmod(self, document):
        return document.updated_at


class ChangesSitemap(BilingualSitemap):
    """The "what changed" page of every document that has one."""

    def items(self):
        return Document.objects.filter(pk__in=Change.objects.values("document")).order_by("slug")

    def location(self, document):
        return reverse("regulations:document-changes", kwargs={"slug": document.slug})


class PositionSitemap(BilingualSitemap):
    def items(self):
        return Position.objects.order_by("slug")


SITEMAPS = {
    "pages": PageSitemap,
    "cadre-pages": CadrePageSitemap,
    "documents": DocumentSitemap,
    "changes": ChangesSitemap,
    "positions": PositionSitemap,
}
