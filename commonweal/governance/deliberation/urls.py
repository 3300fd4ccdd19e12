from django.urls import path

from commonweal.governance.deliberation import views

urlpatterns = [
    path("", views.index, name="deliberation"),
    path("record.csv", views.record_csv, name="deliberation-record-csv"),
    path("proposals/new/", views.proposal_new, name="deliberation-propose"),
    path("proposals/<int:pk>/", views.proposal_detail, name="deliberation-proposal"),
    path("proposals/<int:pk>/<slug:verb>/", views.proposal_act, name="deliberation-proposal-act"),
    path("meetings/new/", views.meeting_new, name="deliberation-meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="deliberation-meeting"),
    path("meetings/<int:pk>/<slug:verb>/", views.meeting_act, name="deliberation-meeting-act"),
    path("confirm/<str:token>/", views.confirm, name="deliberation-confirm"),
    path("decisions/<int:pk>/", views.decision_detail, name="deliberation-decision"),
    path("decisions/<int:pk>/<slug:verb>/", views.decision_act, name="deliberation-decision-act"),
]
