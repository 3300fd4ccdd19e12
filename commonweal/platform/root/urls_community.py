from django.contrib.auth import views as auth_views
from django.urls import include, path

from commonweal.platform.accounts.admin_sites import community_admin
from commonweal.platform.audit.views import audit_csv
from commonweal.platform.kernel.graphql.view import CommonwealGraphQLView
from commonweal.platform.root.schema import community_schema
from commonweal.platform.root.views import accept_invitation, community_home
from commonweal.web.urls import shell_urls

urlpatterns = [
    path("", community_home, name="community-home"),
    path("invitations/<str:secret>/", accept_invitation, name="accept-invitation"),
    path("login/", auth_views.LoginView.as_view(template_name="platform/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("graphql/", CommonwealGraphQLView.as_view(schema=community_schema), name="graphql"),
    path("admin/", community_admin.urls),
    path("partners/", include("commonweal.partners.urls")),
    path("fund/", include("commonweal.microfund.urls")),
    path("map/", include("commonweal.welfaremap.urls")),
    path("needs/", include("commonweal.governance.needs.urls")),
    path("deliberation/", include("commonweal.governance.deliberation.urls")),
    path("hazards/", include("commonweal.governance.hazards.urls")),
    path("photos/", include("commonweal.governance.photos.urls")),
    path("open311/v2/", include("commonweal.governance.hazards.urls_open311")),
    path("workbench/", include("commonweal.workbench.urls")),
    path("workbench/partners/", include("commonweal.partners.urls_workbench")),
    path("timebank/", include("commonweal.timebank.urls")),
    path("audit.csv", audit_csv, name="audit-csv"),
    path("me/data/", include("commonweal.privacy.urls")),
    path("privacy/", include("commonweal.privacy.urls_community")),
    *shell_urls,
]

handler400 = "commonweal.web.views.bad_request"
handler403 = "commonweal.web.views.permission_denied"
handler404 = "commonweal.web.views.page_not_found"
handler500 = "commonweal.web.views.server_error"
