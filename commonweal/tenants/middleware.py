"""Resolves the community from the host; the bare base domain serves the platform."""

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from commonweal.tenants.models import Domain


class CommunityMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        connection.set_schema_to_public()
        host = self.hostname_from_request(request).lower()
        if host == settings.BASE_DOMAIN:
            request.tenant = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None
        domain = Domain.objects.select_related("tenant").filter(domain=host).first()
        if domain is None:
            raise Http404(f"No community at {host}")
        community = domain.tenant
        if community.is_suspended:
            return _suspended(request, community)
        request.tenant = community
        connection.set_tenant(community)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return None


def _suspended(request, community):
    from django.utils.translation import gettext as _

    message = _("This community is suspended.")
    if request.path.startswith("/graphql"):
        return JsonResponse(
            {"errors": [{"message": message, "extensions": {"code": "COMMUNITY_SUSPENDED"}}]},
            status=403,
        )
    response = TemplateResponse(
        request, "tenants/suspended.html", {"community": community, "message": message}, status=403
    )
    return response.render()
