from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import robots
from core import health
from core.http import reads_query
from reference.sitemaps import SITEMAPS
from reference.views.openapi import openapi_document

handler404 = "core.http.page_not_found"


@reads_query("p")
def sitemap_pages(request):
    """The sitemap, paged by Django past its limit of URLs per page (``?p=``)."""
    return sitemap(request, sitemaps=SITEMAPS)


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap_pages, name="sitemap"),
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("api/openapi.json", openapi_document, name="openapi-document"),
    path(settings.ADMIN_URL, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("reference.urls.regulations")),
    path("", include("reference.urls.cadres")),
)
