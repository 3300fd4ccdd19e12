from django.urls import path

from commonweal.microfund import views

urlpatterns = [
    path("", views.fund_page, name="fund"),
    path("mine/", views.mine, name="fund-mine"),
    path("mine/monthly/<int:pk>/cancel/", views.cancel_monthly, name="fund-cancel-monthly"),
    path("thanks/<str:token>/", views.thanks, name="fund-thanks"),
    path("receipt/<str:token>/", views.receipt, name="fund-receipt"),
    path("accounts/", views.accounts, name="fund-accounts"),
    path("accounts.csv", views.accounts_csv, name="fund-accounts-csv"),
    path("accounts.xlsx", views.accounts_xlsx, name="fund-accounts-xlsx"),
    path("webhooks/<slug:provider_name>/", views.provider_webhook, name="fund-webhook"),
]
