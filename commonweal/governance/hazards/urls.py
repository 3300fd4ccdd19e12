from django.urls import path

from commonweal.governance.hazards import views
from commonweal.governance.hazards.views import campaigns, households, maps, states
from commonweal.governance.hazards.views.export import reports_csv

urlpatterns = [
    path("", views.report_list, name="hazards"),
    path("new/", views.report_new, name="hazard-new"),
    path("stats/", views.report_statistics, name="hazard-stats"),
    path("reports.csv", reports_csv, name="hazard-reports-csv"),
    path("heat.json", maps.heat_json, name="hazard-heat"),
    path("grids/", maps.grid_list, name="hazard-grids"),
    path("grids/new/", maps.grid_edit, name="hazard-grid-new"),
    path("grids/<int:pk>/", maps.grid_edit, name="hazard-grid"),
    path("grids/<int:pk>/households/", households.grid_households, name="hazard-grid-households"),
    path("states/", states.state_names, name="hazard-states"),
    path("campaigns/", campaigns.campaign_list, name="hazard-campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="hazard-campaign-new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="hazard-campaign"),
    path(
        "campaigns/<int:pk>/items/<int:item_pk>/",
        campaigns.campaign_visit,
        name="hazard-campaign-visit",
    ),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="hazard-campaign-close"),
    path("answer/<str:token>/", views.department_answer, name="hazard-answer"),
    path("<int:pk>/", views.report_detail, name="hazard-detail"),
    path("<int:pk>/<slug:verb>/", views.report_act, name="hazard-act"),
]
