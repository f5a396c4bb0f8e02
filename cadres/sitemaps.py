"""Sitemap sections for the cadre pages."""

from cadres.models import Position
from regulations.sitemaps import BilingualSitemap, PageSitemap


class CadrePageSitemap(PageSitemap):
    names = [
        "cadres:position-list",
        "cadres:standard-list",
        "cadres:assessment",
        "cadres:authority-list",
        "cadres:authority-matrix",
    ]


class PositionSitemap(BilingualSitemap):
    def items(self):
        return Position.objects.order_by("slug")
