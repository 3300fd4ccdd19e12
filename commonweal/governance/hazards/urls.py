from django.urls import path

from commonweal.governance.hazards import views
from commonweal.governance.hazards.views.export import reports_csv

urlpatterns = [
    path("", views.report_list, name="hazards"),
    path("new/", views.report_new, name="hazard-new"),
    path("stats/", views.report_statistics, name="hazard-stats"),
    path("reports.csv", reports_csv, name="hazard-reports-csv"),
    path("answer/<str:token>/", views.department_answer, name="hazard-answer"),
    path("<int:pk>/", views.report_detail, name="hazard-detail"),
    path("<int:pk>/<slug:verb>/", views.report_act, name="hazard-act"),
]
