from django.urls import path

from commonweal.partners.pages import office

app_name = "partners-office"
urlpatterns = [
    path("", office.applications, name="applications"),
    path("overdue/", office.overdue, name="overdue"),
    path("<int:pk>/", office.application, name="application"),
]
