from django.urls import path

from commonweal.welfaremap import views

urlpatterns = [
    path("", views.platform_map, name="welfaremap-platform-map"),
]
