from django.urls import path

from commonweal.welfaremap import views

urlpatterns = [
    path("", views.community_map, name="welfaremap-map"),
    path("points.geojson", views.community_points_geojson, name="welfaremap-geojson"),
]
