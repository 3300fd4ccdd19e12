from django.urls import path

from commonweal.governance.needs import views

urlpatterns = [
    path("", views.needs_board, name="needs-board"),
    path("board.csv", views.needs_board_csv, name="needs-board-csv"),
    path("new/", views.need_new, name="need-new"),
    path("resources/", views.resources_page, name="needs-resources"),
    path("<int:pk>/", views.need_detail, name="need-detail"),
    path("<int:pk>/task/", views.need_task_publish, name="need-task-publish"),
    path("<int:pk>/match/", views.need_match_confirm, name="need-match-confirm"),
    path(
        "<int:pk>/matches/<int:match_pk>/withdraw/",
        views.need_match_withdraw,
        name="need-match-withdraw",
    ),
    path("<int:pk>/<slug:verb>/", views.need_act, name="need-act"),
    path("tasks/<int:pk>/", views.task_detail, name="needs-task"),
    path("tasks/<int:pk>/choose/", views.task_choose, name="needs-task-choose"),
    path("projects/<int:pk>/", views.project_detail, name="needs-project"),
    path("projects/<int:pk>/complete/", views.project_complete, name="needs-project-complete"),
    path("projects/<int:pk>/cancel/", views.project_cancel, name="needs-project-cancel"),
    path("projects/<int:pk>/grant/", views.project_grant, name="needs-project-grant"),
    path("projects/<int:pk>/steps/", views.milestone_add, name="needs-milestone-add"),
    path(
        "projects/<int:pk>/steps/<int:milestone_pk>/done/",
        views.milestone_complete,
        name="needs-milestone-done",
    ),
]
