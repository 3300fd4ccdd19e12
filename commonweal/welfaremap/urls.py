from django.urls import path

from commonweal.welfaremap import viewport, views

urlpatterns = [
    path("", views.community_map, name="welfaremap-map"),
    path("points.json", viewport.community_points_json, name="welfaremap-points"),
    path("points.geojson", views.community_points_geojson, name="welfaremap-geojson"),
]
