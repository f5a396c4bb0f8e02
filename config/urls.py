from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cadres.sitemaps import CadrePageSitemap, PositionSitemap
from config import health, robots
from regulations import api
from regulations.sitemaps import DocumentSitemap, PageSitemap

handler404 = "regulations.api.page_not_found"

SITEMAPS = {
    "pages": PageSitemap,
    "cadre-pages": CadrePageSitemap,
    "documents": DocumentSitemap,
    "positions": PositionSitemap,
}

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("api/openapi.json", api.openapi_document, name="openapi-document"),
    path(settings.ADMIN_URL, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("regulations.urls")),
    path("", include("cadres.urls")),
)
