"""Per-request settings of the shell: the community's time zone, styled 403/404 pages."""

import zoneinfo

from django.conf import settings
from django.utils import timezone

# Machine answers keep their own error format.
# Django's technical 404 page says so; our own 404 answers do not.
_TECHNICAL_MARK = b"<code>DEBUG = True</code>"
_RAW_PREFIXES = ("/graphql", "/admin/", "/static/", "/fund/webhooks/")


class CommunityTimeZoneMiddleware:
    """Dates on a community's host come out in its time zone (pages, exports, e-mails sent
    while serving the request); the platform host keeps settings.TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        community = getattr(request, "tenant", None)
        name = getattr(community, "time_zone", "") if community is not None else ""
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class StyledErrorsMiddleware:
    """The shell's 404 page even under DEBUG, where Django shows its technical page for a
    mistyped address (403 is styled by handler403 in both modes); a 500 keeps the debug page
    under DEBUG, which is what a developer needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not request.path.startswith(_RAW_PREFIXES)
            and _TECHNICAL_MARK in getattr(response, "content", b"")
        ):
            from commonweal.web.views import error_page

            return error_page(request, 404)
        return response
