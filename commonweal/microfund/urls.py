from django.urls import path

from commonweal.microfund import giving, office, order_views, views

urlpatterns = [
    path("", giving.give, name="fund"),
    path("pay/<str:token>/", giving.pay, name="fund-pay"),
    path("payer/wechat/", giving.wechat_payer, name="fund-wechat-payer"),
    path("office/", office.office, name="fund-office"),
    path("office/<int:pk>/refund/", office.refund, name="fund-office-refund"),
    path("mine/", views.mine, name="fund-mine"),
    path("mine/monthly/<int:pk>/cancel/", views.cancel_monthly, name="fund-cancel-monthly"),
    path("thanks/<str:token>/", views.thanks, name="fund-thanks"),
    path("receipt/<str:token>/", views.receipt, name="fund-receipt"),
    path("accounts/", views.accounts, name="fund-accounts"),
    path("accounts.csv", views.accounts_csv, name="fund-accounts-csv"),
    path("accounts.xlsx", views.accounts_xlsx, name="fund-accounts-xlsx"),
    path("webhooks/<slug:provider_name>/", views.provider_webhook, name="fund-webhook"),
    path("notices/<str:provider>/", order_views.notice, name="fund-notice"),
    path("thanks/<str:token>/outcome.json", order_views.outcome, name="fund-outcome"),
]
