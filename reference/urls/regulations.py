from django.urls import path

from reference import feeds
from reference.views import documents, glossary, pages, search

app_name = "regulations"

urlpatterns = [
    path("", pages.home, name="home"),
    path("documents/", documents.DocumentListView.as_view(), name="document-list"),
    path("documents.json", documents.document_list_json, name="document-list-json"),
    path("documents/feed.atom", feeds.RecentChangesFeed(), name="document-list-feed"),
    path("documents/<slug:slug>/", documents.document_detail, name="document-detail"),
    path("documents/<slug:slug>.json", documents.document_detail_json, name="document-detail-json"),
    path("documents/<slug:slug>/feed.atom", feeds.DocumentFeed(), name="document-feed"),
    path("documents/<slug:slug>/changes/", glossary.document_changes_page, name="document-changes"),
    path("documents/<slug:slug>/changes.json", glossary.document_changes_json, name="document-changes-json"),
    path("documents/<slug:slug>/fixture.json", documents.document_fixture, name="document-fixture"),
    path("data/cadreref-fixtures.json", documents.data_export, name="data-export"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("glossary.json", glossary.glossary_json, name="glossary-json"),
    path("relations/", pages.relations, name="relation-list"),
    path("sources/", pages.source_list, name="source-list"),
    path("about/", pages.about, name="about"),
    path("search/", search.search, name="search"),
    path("search.json", search.search_json, name="search-json"),
    path("search/suggest.json", search.search_suggest, name="search-suggest"),
]
