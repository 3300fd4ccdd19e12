from django.urls import path

from commonweal.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.profile, name="profile"),
]
