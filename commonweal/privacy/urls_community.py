"""社区数据导出, for the community's admins (included under /privacy/)."""

from django.urls import path

from commonweal.privacy import views

urlpatterns = [
    path("", views.community_export, name="community-export"),
    path("exports/<int:pk>/", views.community_export_download, name="community-export-download"),
]
