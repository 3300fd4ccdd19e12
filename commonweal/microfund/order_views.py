"""Pages and endpoints of donations paid by order: the providers' notices, the thank-you
page's outcome (polled until the payment is known)."""

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from commonweal.microfund import payments
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import InvalidWebhook, ProviderError
from commonweal.microfund.providers.orders import OrderProvider

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def notice(request, provider: str):
    """A provider's notification: answered as that provider expects, success only once the
    posting has committed."""
    try:
        found = provider_for(request.tenant, provider)
    except (ProviderError, ValueError):
        found = None
    if not isinstance(found, OrderProvider):
        return HttpResponse(status=404)
    try:
        payments.notice_receive(
            community=request.tenant, provider=found, body=request.body, headers=request.headers
        )
        accepted = True
    except (InvalidWebhook, ProviderError) as error:
        log.warning("%s notice refused: %s", provider, error)
        accepted = False
    status, content_type, body = found.notice_answer(accepted)
    return HttpResponse(body, status=status, content_type=content_type)


@never_cache
@require_GET
def outcome(request, token: str):
    return JsonResponse(payments.order_outcome(token))
