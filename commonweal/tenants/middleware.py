"""Resolves the community from the host; the bare base domain serves the platform."""

import copy
import time

from django.conf import settings
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from commonweal.tenants.models import Community, Domain

# Payment providers' webhooks find their community in this process's memory rather than by a
# SELECT (and a `SET search_path` to public before it) per delivery: a provider sends bursts of
# hundreds a second, and the lookup was a third of a receipt's cost. An entry lives
# WEBHOOK_HOST_SECONDS, and this process forgets them all whenever a community or a domain is
# saved or deleted here. Another process may, for that long after a domain moved or a
# community was suspended, still store a delivery in the community the host named: it is
# checked against that community's own provider account and only stored in its inbox, and the
# drain that posts it later reads the community afresh, so nothing crosses communities.
# Pages and the API ask the database every time: they show what a suspension changes.
WEBHOOK_PATH = "/fund/webhooks/"
WEBHOOK_HOST_SECONDS = 10
_webhook_hosts: dict[str, tuple[float, Community]] = {}


def forget_webhook_hosts(**_kwargs) -> None:
    _webhook_hosts.clear()


for _model in (Community, Domain):
    post_save.connect(forget_webhook_hosts, sender=_model, dispatch_uid=f"webhook-hosts-{_model}")
    post_delete.connect(
        forget_webhook_hosts, sender=_model, dispatch_uid=f"webhook-hosts-del-{_model}"
    )


def _community_at(host: str, *, remembered: bool) -> Community | None:
    """The community at `host`; from memory when `remembered` and still fresh (a copy, so a
    request's changes to it stay its own)."""
    if remembered:
        hit = _webhook_hosts.get(host)
        if hit is not None and hit[0] > time.monotonic():
            return copy.copy(hit[1])
    connection.set_schema_to_public()
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    if domain is None:
        return None
    if remembered:
        _webhook_hosts[host] = (time.monotonic() + WEBHOOK_HOST_SECONDS, copy.copy(domain.tenant))
    return domain.tenant


class CommunityMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        connection.set_schema_to_public()
        host = self.hostname_from_request(request).lower()
        if host == settings.BASE_DOMAIN:
            request.tenant = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None
        community = _community_at(host, remembered=request.path.startswith(WEBHOOK_PATH))
        if community is None:
            raise Http404(f"No community at {host}")
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
