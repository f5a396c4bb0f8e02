from django.urls import path

from regulations import api, feeds, views

app_name = "regulations"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents.json", api.document_list, name="document-list-json"),
    path("documents/feed.atom", feeds.RecentChangesFeed(), name="document-list-feed"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("documents/<slug:slug>.json", api.document_detail, name="document-detail-json"),
    path("documents/<slug:slug>/feed.atom", feeds.DocumentFeed(), name="document-feed"),
    path("documents/<slug:slug>/fixture.json", views.document_fixture, name="document-fixture"),
    path("data/cadreref-fixtures.json", views.data_export, name="data-export"),
    path("relations/", views.relations, name="relation-list"),
    path("sources/", views.source_list, name="source-list"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("search.json", api.search, name="search-json"),
    path("search/suggest.json", views.search_suggest, name="search-suggest"),
]
