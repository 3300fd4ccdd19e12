"""How often one client may knock: fixed windows counted in Django's cache.

Each scope has a budget per window (`settings.RATE_LIMITS`: scope → (budget, seconds)).
A request spends its cost from the budget of (scope, client); once spent, the answer is 429
with a code and `Retry-After` until the window ends. The client is the API token when the
request carries one, else the address (`RATE_LIMIT_CLIENT_IP` names a proxy's header).

Sign-in also backs off per login name: after `SIGN_IN_FREE_FAILURES` wrong passwords, each
further attempt for that name waits twice as long as the last (up to 15 minutes), whatever
address it comes from, so one account cannot be guessed at by a swarm.

The cache is not transactional, on purpose: a refused sign-in rolls its transaction back but
still counts. With several worker processes the cache must be shared (`CACHES`), or each
process counts alone.
"""

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.utils.translation import gettext as _

RATE_LIMITED = "RATE_LIMITED"
MAX_BACK_OFF = 15 * 60


def _cache():
    return caches[settings.RATE_LIMIT_CACHE]


def client_of(request) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    header = settings.RATE_LIMIT_CLIENT_IP
    address = request.META.get(header) if header else None
    address = (address or request.META.get("REMOTE_ADDR") or "unknown").split(",")[0].strip()
    return f"ip:{address}"


def _window(scope: str, client: str) -> tuple[str, int, float]:
    """The cache key of `client`'s current window in `scope`, its budget and its end."""
    budget, window = settings.RATE_LIMITS[scope]
    started = int(time.time() // window) * window
    return f"rl:{scope}:{client}:{started}", budget, started + window


def _seconds_until(ends: float) -> int:
    return max(1, math.ceil(ends - time.time()))


def spend(scope: str, client: str, cost: int = 1) -> int | None:
    """Spend `cost` of `client`'s budget in `scope`: None if allowed, else seconds to wait."""
    if not settings.RATE_LIMITS_ENABLED or scope not in settings.RATE_LIMITS:
        return None
    key, budget, ends = _window(scope, client)
    cache = _cache()
    cache.add(key, 0, timeout=settings.RATE_LIMITS[scope][1] + 1)
    try:
        used = cache.incr(key, cost)
    except ValueError:  # evicted between add and incr
        cache.set(key, cost, timeout=settings.RATE_LIMITS[scope][1] + 1)
        used = cost
    return None if used <= budget else _seconds_until(ends)


def spent(scope: str, client: str) -> int | None:
    """Seconds to wait if `client` has already spent its budget in `scope`, without spending."""
    if not settings.RATE_LIMITS_ENABLED or scope not in settings.RATE_LIMITS:
        return None
    key, budget, ends = _window(scope, client)
    return None if (_cache().get(key) or 0) < budget else _seconds_until(ends)


def _failures_key(login: str) -> str:
    return f"rl:sign-in-failures:{login.strip().lower()}"


def sign_in_wait(login: str) -> int | None:
    """Seconds before `login` may try again after repeated failures, or None."""
    if not settings.RATE_LIMITS_ENABLED or not login:
        return None
    failures, last = _cache().get(_failures_key(login), (0, 0.0))
    over = failures - settings.SIGN_IN_FREE_FAILURES
    if over < 0:
        return None
    wait = last + min(2**over, MAX_BACK_OFF) - time.time()
    return math.ceil(wait) if wait > 0 else None


def sign_in_failed(login: str) -> None:
    if not login:
        return
    key = _failures_key(login)
    failures, _last = _cache().get(key, (0, 0.0))
    _cache().set(key, (failures + 1, time.time()), timeout=MAX_BACK_OFF)


def on_login_failed(sender, credentials, **_kwargs) -> None:
    """`user_login_failed`: every wrong password counts, from the form or from GraphQL."""
    sign_in_failed(str(credentials.get("username") or ""))


def on_logged_in(sender, user, **_kwargs) -> None:
    for login in (user.email, user.phone):
        if login:
            _cache().delete(_failures_key(login))


def message() -> str:
    return _("Too many requests; please wait a moment and try again.")


def too_many(retry_after: int) -> JsonResponse:
    response = JsonResponse(
        {"data": None, "errors": [{"message": message(), "extensions": {"code": RATE_LIMITED}}]},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


# Form posts and webhooks, limited before any view runs: path → scope.
FORM_SCOPES = {"/login/": "sign-in", "/apply/": "community-application"}


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            if "/webhooks/" in request.path:
                return self._webhook(request)
            wait = self._wait(request)
            if wait is not None:
                return too_many(wait)
        return self.get_response(request)

    def _webhook(self, request):
        """Only what the view refuses (a bad signature, an unknown provider) spends the
        address's budget; once it is spent the address is refused before any verifying. A
        provider's signed deliveries never count: its burst of real payments (Stripe sends
        from a few addresses) would otherwise be answered 429 and retried for hours, each
        donor's receipt waiting with it."""
        client = client_of(request)
        wait = spent("webhook", client)
        if wait is not None:
            return too_many(wait)
        response = self.get_response(request)
        if 400 <= response.status_code < 500:
            spend("webhook", client)
        return response

    def _wait(self, request) -> int | None:
        client = client_of(request)
        scope = FORM_SCOPES.get(request.path)
        if scope is None:
            return None
        if scope == "sign-in":
            wait = sign_in_wait(request.POST.get("username", ""))
            if wait is not None:
                return wait
        return spend(scope, client)
