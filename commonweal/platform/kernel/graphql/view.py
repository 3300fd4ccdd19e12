from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from commonweal.platform.kernel.graphql.errors import TopLevelErrorCode

CSRF_REFUSED = _("The request lacks a valid CSRF token; reload the page and try again.")


@method_decorator(csrf_exempt, name="dispatch")
class CommonwealGraphQLView(GraphQLView):
    """GraphQL over HTTP with CSRF enforced where a session cookie carries authority.

    Token requests and cookie-less anonymous requests carry no ambient authority, so a
    cross-site page gains nothing by forging them; browser sessions must send the CSRF token.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("graphql_ide", "graphiql" if settings.DEBUG else None)
        kwargs.setdefault("allow_queries_via_get", False)
        # Photos come as multipart uploads. Strawberry turns them off by default because a
        # multipart POST is a "simple" cross-site request; here a session-cookie request must
        # carry the CSRF token all the same (`dispatch`), and token or cookie-less requests
        # hold no ambient authority.
        kwargs.setdefault("multipart_uploads_enabled", True)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and self._session_bound(request):
            refusal = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if refusal is not None:
                return JsonResponse(
                    {
                        "data": None,
                        "errors": [
                            {
                                "message": str(CSRF_REFUSED),
                                "extensions": {"code": TopLevelErrorCode.CSRF_FAILED},
                            }
                        ],
                    },
                    status=403,
                )
        response = super().dispatch(request, *args, **kwargs)
        retry_after = getattr(request, "rate_limit_retry_after", None)
        if retry_after is not None:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response

    @staticmethod
    def _session_bound(request) -> bool:
        if getattr(request, "api_token", None) is not None:
            return False
        return settings.SESSION_COOKIE_NAME in request.COOKIES
