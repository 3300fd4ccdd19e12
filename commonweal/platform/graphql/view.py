from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView


@method_decorator(csrf_exempt, name="dispatch")
class CommonwealGraphQLView(GraphQLView):
    """GraphQL over HTTP with CSRF enforced where a session cookie carries authority.

    Token requests and cookie-less anonymous requests carry no ambient authority, so a
    cross-site page gains nothing by forging them; browser sessions must send the CSRF token.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("graphql_ide", "graphiql" if settings.DEBUG else None)
        kwargs.setdefault("allow_queries_via_get", False)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and self._session_bound(request):
            refusal = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _session_bound(request) -> bool:
        if getattr(request, "api_token", None) is not None:
            return False
        return settings.SESSION_COOKIE_NAME in request.COOKIES
