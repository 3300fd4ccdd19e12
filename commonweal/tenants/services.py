"""Onboarding: a community applies, a platform admin decides, approval provisions it."""

import math
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.error_codes import AccountErrorCode
from commonweal.platform.accounts.models import User
from commonweal.platform.accounts.services import membership_add, user_register
from commonweal.platform.accounts.validators import clean_contact
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.jobs import defer_unless_waiting
from commonweal.platform.kernel.roles import Role
from commonweal.platform.kernel.text import fit_columns
from commonweal.tenants import spares
from commonweal.tenants.error_codes import CommunityErrorCode
from commonweal.tenants.models import (
    ApplicationStatus,
    Community,
    CommunityApplication,
    CommunityStatus,
    Domain,
)
from commonweal.tenants.provisioning import provision_schema, snapshot_template
from commonweal.tenants.validators import domain_for, schema_name_for, validate_slug

# What an application says about its community, copied onto the Community on approval.
COMMUNITY_FIELDS = (
    "name",
    "city",
    "district",
    "subdistrict",
    "area_km2",
    "population",
    "households",
    "centre_lat",
    "centre_lng",
)
MAX_AREA_KM2 = Decimal("10000")
MAX_PEOPLE = 10_000_000


def _required(value: str, code, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, message, field=field)
    return value


def _count(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PEOPLE:
        raise DomainError(
            CommunityErrorCode.FIGURE_INVALID,
            _("Enter a whole number between 0 and %(max)d.") % {"max": MAX_PEOPLE},
            field=field,
        )
    return value


def _area(value) -> Decimal:
    try:
        area = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        area = None
    if area is None or not area.is_finite() or not 0 < area <= MAX_AREA_KM2:
        raise DomainError(
            CommunityErrorCode.FIGURE_INVALID,
            _("Enter the area in km², more than 0 and at most %(max)s.") % {"max": MAX_AREA_KM2},
            field="areaKm2",
        )
    return area


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _slug_taken() -> DomainError:
    return DomainError(
        CommunityErrorCode.SLUG_TAKEN, _("This address is already taken."), field="slug"
    )


def _slug_free(slug: str) -> None:
    taken = (
        Community.objects.filter(slug=slug).exists()
        or CommunityApplication.objects.filter(slug=slug, status=ApplicationStatus.PENDING).exists()
    )
    if taken:
        raise _slug_taken()


# The unique indexes that decide a race for one address: the check above cannot see a rival's
# uncommitted row, so the loser's INSERT waits on the winner's commit and then fails here.
SLUG_CONSTRAINTS = frozenset(
    {
        "application_pending_slug_unique",
        "tenants_community_slug_key",
        "tenants_community_schema_name_key",
        "tenants_domain_domain_key",
    }
)


@contextmanager
def _claiming_slug():
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        diag = getattr(error.__cause__, "diag", None)
        if getattr(diag, "constraint_name", None) in SLUG_CONSTRAINTS:
            raise _slug_taken() from error
        raise


def clean_application(data: dict) -> dict:
    """Validated application fields, or a DomainError naming the first bad one."""
    slug = validate_slug(data.get("slug", ""))
    cleaned = {"slug": slug}
    cleaned["name"] = _required(
        data.get("name"), CommunityErrorCode.NAME_REQUIRED, "name", _("Enter the community's name.")
    )
    for field in ("city", "district", "subdistrict"):
        cleaned[field] = _required(
            data.get(field),
            CommunityErrorCode.LOCATION_REQUIRED,
            field,
            _("Enter the city, district and sub-district (市/区/街道)."),
        )
    cleaned["area_km2"] = _area(data.get("area_km2"))
    cleaned["population"] = _count(data.get("population"), "population")
    cleaned["households"] = _count(data.get("households"), "households")
    lat, lng = data.get("centre_lat"), data.get("centre_lng")
    lat_ok = _is_number(lat) and -90 <= lat <= 90
    if not (lat_ok and _is_number(lng) and -180 <= lng <= 180):
        raise DomainError(
            CommunityErrorCode.COORDINATES_INVALID,
            _("The centre needs a latitude within ±90 and a longitude within ±180."),
            field="centreLat" if not lat_ok else "centreLng",
        )
    cleaned["centre_lat"], cleaned["centre_lng"] = float(lat), float(lng)
    cleaned["applicant_name"] = _required(
        data.get("applicant_name"),
        CommunityErrorCode.CONTACT_REQUIRED,
        "applicantName",
        _("Enter the applicant's name."),
    )
    try:
        email, phone = clean_contact(
            email=data.get("applicant_email", ""), phone=data.get("applicant_phone", "")
        )
    except DomainError as error:
        missing = error.code == AccountErrorCode.CONTACT_REQUIRED
        raise DomainError(
            CommunityErrorCode.CONTACT_REQUIRED if missing else CommunityErrorCode.CONTACT_INVALID,
            error.message,
            field={"email": "applicantEmail", "phone": "applicantPhone"}[error.field],
        ) from None
    cleaned["applicant_email"], cleaned["applicant_phone"] = email, phone
    cleaned["statement"] = (data.get("statement") or "").strip()
    return fit_columns(CommunityApplication, cleaned)


@transaction.atomic
def application_submit(
    *, applicant: User | None, data: dict, password: str = ""
) -> CommunityApplication:
    """File an application. A visitor without an account gets one made from the contact
    details and `password`, so the future admin can sign in as soon as it is approved."""
    cleaned = clean_application(data)
    _slug_free(cleaned["slug"])
    if applicant is None or not applicant.is_authenticated:
        try:
            applicant = user_register(
                email=cleaned["applicant_email"],
                phone=cleaned["applicant_phone"],
                password=password,
                display_name=cleaned["applicant_name"],
            )
        except DomainError as error:
            # The account is part of the application: its refusals come back in the payload.
            if str(error.code) not in CommunityErrorCode.__members__:
                raise
            account_field = {"email": "applicantEmail", "phone": "applicantPhone"}
            raise DomainError(
                CommunityErrorCode[str(error.code)],
                error.message,
                field=account_field.get(error.field, error.field),
            ) from None
    with _claiming_slug():
        application = CommunityApplication.objects.create(applicant=applicant, **cleaned)
    if settings.COMMUNITY_AUTO_APPROVE:
        application_approve(actor=None, application=application)
        # Approval decides a locked copy; the caller must see the decision.
        application.refresh_from_db()
    return application


def _lock_pending(application: CommunityApplication) -> CommunityApplication:
    locked = CommunityApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.PENDING:
        raise DomainError(
            CommunityErrorCode.APPLICATION_NOT_PENDING,
            _("This application has already been decided."),
        )
    return locked


@transaction.atomic
def application_approve(*, actor: User | None, application: CommunityApplication) -> Community:
    """Provision the community (schema, domain, first admin) and record the decision."""
    application = _lock_pending(application)
    if Community.objects.filter(slug=application.slug).exists():
        raise _slug_taken()
    fields = {f: getattr(application, f) for f in ("slug", *COMMUNITY_FIELDS)}
    community = community_create(**fields, introduction=application.statement)
    if application.applicant_id:
        membership_add(community=community, user=application.applicant, roles=[Role.ADMIN])
    application.status = ApplicationStatus.APPROVED
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.community = community
    application.save()
    from commonweal.tenants.tasks import notify_application_decided

    notify_application_decided.defer(application_id=application.pk)
    return community


@transaction.atomic
def application_reject(
    *, actor: User, application: CommunityApplication, reason: str
) -> CommunityApplication:
    reason = _required(
        reason, CommunityErrorCode.REASON_REQUIRED, "reason", _("Give a reason for the rejection.")
    )
    application = _lock_pending(application)
    application.status = ApplicationStatus.REJECTED
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.rejection_reason = reason[:2000]
    application.save()
    from commonweal.tenants.tasks import notify_application_decided

    notify_application_decided.defer(application_id=application.pk)
    return application


@transaction.atomic
def community_create(*, slug: str, **fields) -> Community:
    """Register and provision a community in one transaction (used by approval and demos)."""
    slug = validate_slug(slug)
    community = Community(slug=slug, schema_name=schema_name_for(slug), **fields)
    with _claiming_slug():
        community.save()
        Domain.objects.create(domain=domain_for(slug), tenant=community, is_primary=True)
    snapshot = snapshot_template()
    if not spares.take(community.schema_name, snapshot):
        provision_schema(community.schema_name, snapshot)
    if spares.wanted():
        from commonweal.tenants.tasks import SPARES_LOCK, keep_spare_schemas

        # One waiting job makes them all; committed (or not) with the community.
        defer_unless_waiting(keep_spare_schemas, queueing_lock=SPARES_LOCK)
    return community


@transaction.atomic
def community_suspend(*, actor: User, community: Community, reason: str) -> Community:
    reason = _required(
        reason, CommunityErrorCode.REASON_REQUIRED, "reason", _("Give a reason for the suspension.")
    )
    community = Community.objects.select_for_update().get(pk=community.pk)
    if community.is_suspended:
        raise DomainError(
            CommunityErrorCode.ALREADY_SUSPENDED, _("This community is already suspended.")
        )
    community.status = CommunityStatus.SUSPENDED
    community.suspended_reason = reason[:2000]
    community.save(update_fields=["status", "suspended_reason"])
    return community


@transaction.atomic
def community_reactivate(*, actor: User, community: Community) -> Community:
    community = Community.objects.select_for_update().get(pk=community.pk)
    if not community.is_suspended:
        raise DomainError(CommunityErrorCode.NOT_SUSPENDED, _("This community is not suspended."))
    community.status = CommunityStatus.ACTIVE
    community.suspended_reason = ""
    community.save(update_fields=["status", "suspended_reason"])
    return community


@transaction.atomic
def community_update_profile(*, actor: User, community: Community, introduction: str) -> Community:
    community.introduction = (introduction or "").strip()[:5000]
    community.save(update_fields=["introduction"])
    return community
