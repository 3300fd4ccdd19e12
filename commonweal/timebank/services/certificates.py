"""志愿服务证明 (service-hours certificates), issued from the service records.

The verification code is `<community slug>.<certificate id>.<signature>`, the signature an
HMAC (SECRET_KEY) of everything the certificate states: change the name, the hours, the
period or the id and it no longer verifies. Anyone can verify it on the platform (the bare
host) or on the community's host; the answer shows the name masked (王**), the hours, the
period and the organisation.
"""

import hmac
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import Certificate, ServiceRecord, TimebankSettings
from commonweal.timebank.services.volunteers import access_volunteer

SALT = "commonweal.timebank.certificate"


def _signature(community_slug: str, certificate: Certificate) -> str:
    stated = "|".join(
        [
            community_slug,
            str(certificate.pk),
            str(certificate.volunteer_id),
            certificate.real_name,
            certificate.organisation,
            f"{certificate.hours:.2f}",
            str(certificate.tasks),
            certificate.period_from.isoformat(),
            certificate.period_to.isoformat(),
        ]
    )
    return salted_hmac(SALT, stated, algorithm="sha256").hexdigest()[:20]


def verification_code(community, certificate: Certificate) -> str:
    return f"{community.slug}.{certificate.pk}.{_signature(community.slug, certificate)}"


def masked(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


@transaction.atomic
def certificate_issue(
    *, community, actor, period_from: date | None = None, period_to: date | None = None
) -> Certificate:
    """The volunteer's own certificate over a period (default: everything so far)."""
    profile = access_volunteer(actor)
    if not profile.real_name:
        raise DomainError(
            E.REAL_NAME_REQUIRED,
            _("A certificate carries your real name: add it to your volunteer profile."),
            field="realName",
        )
    records = ServiceRecord.objects.filter(volunteer_id=actor.pk)
    if period_from is not None and period_to is not None and period_to < period_from:
        raise DomainError(E.INVALID_PERIOD, _("The period ends after it starts."), field="periodTo")
    if period_from is not None:
        records = records.filter(served_on__gte=period_from)
    if period_to is not None:
        records = records.filter(served_on__lte=period_to)
    totals = records.aggregate(
        hours=Sum("hours"), tasks=Count("pk"), first=Min("served_on"), last=Max("served_on")
    )
    if not totals["tasks"]:
        raise DomainError(E.NOTHING_TO_CERTIFY, _("No service hours in this period yet."))
    settings = TimebankSettings.current()
    return Certificate.objects.create(
        volunteer=actor,
        real_name=profile.real_name,
        organisation=settings.organisation_name or community.name,
        period_from=period_from or totals["first"],
        period_to=period_to or totals["last"],
        hours=totals["hours"],
        tasks=totals["tasks"],
        issued_at=timezone.now(),
        issued_by=actor,
    )


@dataclass(frozen=True)
class Verified:
    community_name: str
    name_masked: str
    organisation: str
    hours: object
    tasks: int
    period_from: date
    period_to: date
    issued_at: object


def certificate_verify(code: str) -> Verified | None:
    """What a genuine code certifies, or None for anything else (tampered, unknown,
    malformed). Runs from any schema and leaves the connection where it was."""
    from commonweal.tenants.models import Community

    parts = (code or "").strip().split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    slug, pk, signature = parts
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        return None
    with tenant_context(community):
        certificate = Certificate.objects.filter(pk=int(pk)).first()
        if certificate is None or not hmac.compare_digest(_signature(slug, certificate), signature):
            return None
        return Verified(
            community_name=community.name,
            name_masked=masked(certificate.real_name),
            organisation=certificate.organisation,
            hours=certificate.hours,
            tasks=certificate.tasks,
            period_from=certificate.period_from,
            period_to=certificate.period_to,
            issued_at=certificate.issued_at,
        )
