from django.urls import path

from commonweal.partners import views
from commonweal.partners.pages import apply, mine, profile

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/rate/", profile.rate, name="rate"),
    path("apply/", apply.apply, name="apply"),
    path("apply/credit-code/", apply.credit_code_check, name="credit-code-check"),
    path("mine/", mine.to_platform, name="mine-all"),
    path("mine/<int:pk>/", mine.partnership_page, name="mine"),
]
