from django.urls import path

from commonweal.governance.photos import views

urlpatterns = [
    path("<int:pk>/", views.photo_full, name="photo"),
    path("<int:pk>/thumbnail/", views.photo_thumbnail, name="photo-thumbnail"),
    path("<int:pk>/remove/", views.photo_remove, name="photo-remove"),
    path("needs/<int:pk>/add/", views.photos_add, {"kind": "needs"}, name="need-photos-add"),
    path("hazards/<int:pk>/add/", views.photos_add, {"kind": "hazards"}, name="report-photos-add"),
]
