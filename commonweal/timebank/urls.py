from django.urls import path

from commonweal.timebank.views import merchant, office, organiser, volunteer

app_name = "timebank"
urlpatterns = [
    path("", volunteer.index, name="index"),
    path("tasks/new/", organiser.task_new, name="task-new"),
    path("tasks/<int:pk>/", volunteer.task_detail, name="task"),
    path("tasks/<int:pk>/sign-up/", volunteer.task_sign_up, name="sign-up"),
    path("tasks/<int:pk>/code/", organiser.code_screen, name="code"),
    path("tasks/<int:pk>/proxy-check-in/", organiser.proxy_check_in, name="proxy-check-in"),
    path("tasks/<int:pk>/move/", organiser.task_move, name="move"),
    path("check-in/<str:code>/", volunteer.check_in_page, name="check-in"),
    path("me/", volunteer.me, name="me"),
    path("me/profile/", volunteer.profile_update, name="profile-update"),
    path("register/", volunteer.register, name="register"),
    path("offers/", volunteer.offers, name="offers"),
    path("offers/<int:pk>/redeem/", volunteer.redeem, name="redeem"),
    path("redemptions/<int:pk>/", volunteer.redemption_page, name="redemption"),
    path("verify/", merchant.verify, name="verify"),
    path("certificates/", volunteer.certificate_issue, name="certificate-issue"),
    path("certificates/<int:pk>/", volunteer.certificate_page, name="certificate"),
    path(
        "certificates/verify/<str:code>/",
        volunteer.certificate_verify_page,
        name="certificate-verify",
    ),
    path("exchange/", office.exchange, name="exchange"),
    path("exchange/records.csv", office.export_records, name="export"),
]
