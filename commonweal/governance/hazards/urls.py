from django.urls import path

from commonweal.governance.hazards import views

urlpatterns = [
    path("", views.report_list, name="hazards"),
    path("new/", views.report_new, name="hazard-new"),
    path("stats/", views.report_statistics, name="hazard-stats"),
    path("answer/<str:token>/", views.department_answer, name="hazard-answer"),
    path("<int:pk>/", views.report_detail, name="hazard-detail"),
    path("<int:pk>/<slug:verb>/", views.report_act, name="hazard-act"),
]
