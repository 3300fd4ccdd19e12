from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from commonweal.platform.kernel.graphql.view import CommonwealGraphQLView
from commonweal.platform.root.schema import platform_schema
from commonweal.platform.root.views import home
from commonweal.tenants.views import apply, apply_done, slug_suggestion
from commonweal.timebank.views.volunteer import certificate_verify_page
from commonweal.web.urls import shell_urls

urlpatterns = [
    path("", home, name="home"),
    path("apply/", apply, name="apply"),
    path("apply/done/<int:pk>/", apply_done, name="apply-done"),
    path("apply/slug/", slug_suggestion, name="apply-slug"),
    path("login/", auth_views.LoginView.as_view(template_name="platform/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("graphql/", CommonwealGraphQLView.as_view(schema=platform_schema), name="graphql"),
    path("admin/", admin.site.urls),
    path("map/", include("commonweal.welfaremap.urls_platform")),
    path("my/partners/", include("commonweal.partners.urls_platform")),
    path(
        "timebank/certificates/verify/<str:code>/",
        certificate_verify_page,
        name="certificate-verify",
    ),
    path("me/data/", include("commonweal.privacy.urls")),
    path("privacy/", include("commonweal.privacy.urls_platform")),
    *shell_urls,
]

handler400 = "commonweal.web.views.bad_request"
handler403 = "commonweal.web.views.permission_denied"
handler404 = "commonweal.web.views.page_not_found"
handler500 = "commonweal.web.views.server_error"
