"""Bearer-token authentication for API clients.

A token authenticates the request instead of the session; such requests carry no ambient
authority (no cookie), so CSRF checks do not apply to them. A token scoped to one community
works only on that community's host; a platform token only on the platform host.
"""

from datetime import timedelta

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.platform.accounts.models import ApiToken

# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _refuse(message: str) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="commonweal"'},
    )


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return self.get_response(request)
        secret = header.removeprefix("Bearer ").strip()
        token = (
            ApiToken.objects.select_related("user")
            .filter(secret_digest=ApiToken.digest(secret))
            .first()
        )
        if token is None or not token.is_valid or not token.user.is_active:
            return _refuse(_("The API token is invalid, expired or revoked."))
        community = getattr(request, "tenant", None)
        if token.community_id != (community.pk if community else None):
            return _refuse(_("This API token is not valid on this host."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.user = token.user
        request.api_token = token
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)
