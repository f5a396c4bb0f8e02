from django.urls import path

from reference import feeds
from reference.views import assessment, authorities, positions, standards

app_name = "cadres"

urlpatterns = [
    path("positions/", positions.position_list, name="position-list"),
    path("positions.json", positions.position_list_json, name="position-list-json"),
    path("positions/<slug:slug>/", positions.position_detail, name="position-detail"),
    path("positions/<slug:slug>.json", positions.position_detail_json, name="position-detail-json"),
    path("positions/<slug:slug>/feed.atom", feeds.PositionFeed(), name="position-feed"),
    path("standards/", standards.standard_list, name="standard-list"),
    path("standards.json", standards.standard_list_json, name="standard-list-json"),
    path("assessment/", assessment.assessment, name="assessment"),
    path("assessment.json", assessment.assessment_json, name="assessment-json"),
    path("authorities/", authorities.authority_list, name="authority-list"),
    path("authorities.json", authorities.authority_list_json, name="authority-list-json"),
    path("authorities/matrix/", authorities.authority_matrix, name="authority-matrix"),
]
