"""Open311 GeoReport v2 on a community's host (`/open311/v2/`): the jurisdiction is the
community (its slug), services are hazard categories, requests are hazard reports.

- `GET services.{json,xml}`, `GET requests.{json,xml}` (public reports, newest first, 1,000 at
  most; `service_code`, `status` filters), `GET requests/<id>.{json,xml}`: no key needed.
- `POST requests.{json,xml}`: `api_key` is an API token of a member, scoped to this community
  (made on the account page); the report is filed in that member's name, through the same
  service as the pages and GraphQL. A missing or bad key is refused with 403 and files nothing.

Errors use the spec's shape: `[{"code": <HTTP status>, "description": "…"}]`.
"""

from xml.etree import ElementTree

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.models import STATE_KINDS, HazardCategory, StateKind
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.views.common import page_context
from commonweal.platform.kernel.errors import DomainError

LIMIT = 1000


def _respond(data, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        top = ElementTree.Element(root)
        for entry in data:
            node = ElementTree.SubElement(top, item)
            for key, value in entry.items():
                ElementTree.SubElement(node, key).text = "" if value is None else str(value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, "utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        [{"code": status, "description": description}],
        fmt,
        root="errors",
        item="error",
        status=status,
    )


def _wrong_jurisdiction(request, community) -> bool:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    return bool(given) and given != community.slug


def services_list(request, fmt: str):
    community, _roles = page_context(request)
    if _wrong_jurisdiction(request, community):
        return _error(fmt, 404, "jurisdiction_id not found")
    with translation.override("zh-hans"):
        data = [
            {
                "service_code": value,
                "service_name": str(label),
                "description": str(label),
                "metadata": "false",
                "type": "realtime",
                "keywords": "安全隐患,随手报",
                "group": "安全隐患随手报",
            }
            for value, label in HazardCategory.choices
        ]
    return _respond(data, fmt, root="services", item="service")


def _as_request(report) -> dict:
    open_ = STATE_KINDS[report.state] == StateKind.OPEN
    return {
        "service_request_id": str(report.pk),
        "status": "open" if open_ else "closed",
        "status_notes": str(report.get_state_display()),
        "service_name": str(report.get_category_display()),
        "service_code": report.category,
        "description": report.description,
        "agency_responsible": report.department.name if report.department_id else "",
        "service_notice": "",
        "requested_datetime": report.created_at.isoformat(),
        "updated_datetime": report.state_changed_at.isoformat(),
        "expected_datetime": None,
        "address": report.place,
        "address_id": None,
        "zipcode": None,
        "lat": report.lat,
        "long": report.lng,
        "media_url": None,
    }


def _public():
    # What anyone may read: the same rule as the pages' and GraphQL's anonymous readers.
    return selectors.reports_for(actor=None, roles=frozenset()).select_related("department")


@csrf_exempt
def requests_list(request, fmt: str):
    community, _roles = page_context(request)
    if _wrong_jurisdiction(request, community):
        return _error(fmt, 404, "jurisdiction_id not found")
    if request.method == "POST":
        return _create(request, community, fmt)
    reports = _public()
    if code := request.GET.get("service_code"):
        reports = reports.filter(category__in=code.split(","))
    status = request.GET.get("status")
    if status in ("open", "closed"):
        open_states = [s for s, kind in STATE_KINDS.items() if kind == StateKind.OPEN]
        reports = (
            reports.filter(state__in=open_states)
            if status == "open"
            else reports.exclude(state__in=open_states)
        )
    with translation.override("zh-hans"):
        data = [_as_request(r) for r in reports.order_by("-created_at", "-id")[:LIMIT]]
    return _respond(data, fmt, root="service_requests", item="request")


def request_detail(request, fmt: str, pk: int):
    community, _roles = page_context(request)
    if _wrong_jurisdiction(request, community):
        return _error(fmt, 404, "jurisdiction_id not found")
    report = _public().filter(pk=pk).first()
    if report is None:
        return _error(fmt, 404, "service_request_id not found")
    with translation.override("zh-hans"):
        data = [_as_request(report)]
    return _respond(data, fmt, root="service_requests", item="request")


def _member_of_key(community, secret: str):
    from commonweal.platform.accounts.models import ApiToken, Membership

    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_digest=ApiToken.digest(secret), community=community)
        .first()
    )
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    if not Membership.objects.filter(user=token.user, community=community).exists():
        return None
    return token.user


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _create(request, community, fmt):
    data = request.POST
    user = _member_of_key(community, data.get("api_key", ""))
    if user is None:
        return _error(fmt, 403, "api_key is missing, invalid, expired or not of this community")
    filed = []
    try:
        with transaction.atomic():
            filed.append(
                services.report_file(
                    actor=user,
                    community=community,
                    category=data.get("service_code", ""),
                    description=data.get("description", ""),
                    lat=_number(data.get("lat")),
                    lng=_number(data.get("long")),
                    place=data.get("address_string", ""),
                )
            )
    except DomainError as error:
        return _error(fmt, 400, f"{error.field or 'request'}: {error.message}")
    answer = [{"service_request_id": str(filed[0].pk), "service_notice": "", "account_id": None}]
    return _respond(answer, fmt, root="service_requests", item="request")
