from django.urls import path

from cadres import api, feeds, views

app_name = "cadres"

urlpatterns = [
    path("positions/", views.PositionListView.as_view(), name="position-list"),
    path("positions.json", api.position_list, name="position-list-json"),
    path("positions/<slug:slug>/", views.position_detail, name="position-detail"),
    path("positions/<slug:slug>.json", api.position_detail, name="position-detail-json"),
    path("positions/<slug:slug>/feed.atom", feeds.PositionFeed(), name="position-feed"),
    path("standards/", views.standard_list, name="standard-list"),
    path("standards.json", api.standard_list, name="standard-list-json"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment.json", api.assessment, name="assessment-json"),
    path("authorities/", views.authority_list, name="authority-list"),
    path("authorities.json", api.authority_list, name="authority-list-json"),
    path("authorities/matrix/", views.authority_matrix, name="authority-matrix"),
]
