"""我的个人信息, on both hosts (included under /me/data/)."""

from django.urls import path

from commonweal.privacy import views

urlpatterns = [
    path("", views.my_data, name="my-data"),
    path("exports/", views.my_data_export, name="my-data-export"),
    path("exports/<int:pk>/", views.my_data_download, name="my-data-download"),
    path("erase/", views.erase_account, name="erase-account"),
]
