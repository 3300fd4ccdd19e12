"""Writes to partner organisations' platform-wide identity (public schema)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode, not_found
from commonweal.partners.models import PartnershipStatus
from commonweal.partners.registry import credit_code as codes
from commonweal.partners.registry.models import (
    ORGANISATION_KINDS,
    OrganisationKind,
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.partners.selectors import listings_of
from commonweal.platform.accounts.roles import Role
from commonweal.platform.errors import DomainError

# Where an organisation's representatives hold the partner-representative role: communities
# in which it is a current partner (partners.services.partnerships grants it on activation).
ROLE_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED)
PROFILE_FIELDS = ("logo_url", "description", "website", "contact_name", "contact_email")


def clean_credit_code(kind: str, code: str) -> str:
    code = codes.normalise(code)
    if kind in ORGANISATION_KINDS and not code:
        raise DomainError(
            PartnerErrorCode.CREDIT_CODE_REQUIRED,
            _("Organisations register with their unified social credit code."),
            field="creditCode",
        )
    if code and codes.problems(code):
        raise DomainError(
            PartnerErrorCode.INVALID_CREDIT_CODE,
            _("This is not a valid unified social credit code (check the 18 characters)."),
            field="creditCode",
        )
    return code


def _clean_phone(phone: str) -> str:
    digits = "".join(c for c in phone or "" if c.isdigit())
    if phone and not 7 <= len(digits) <= 13:
        raise DomainError(
            PartnerErrorCode.INVALID_PHONE, _("Enter a valid phone number."), field="contactPhone"
        )
    return digits


@transaction.atomic
def organisation_register(
    *, actor, kind: str, legal_name: str, credit_code: str = "", contact_phone: str = "", **profile
) -> PartnerOrganisation:
    """Register an organisation; `actor` becomes its first representative."""
    kind = OrganisationKind(kind)
    legal_name = (legal_name or "").strip()
    if not legal_name:
        raise DomainError(
            PartnerErrorCode.NAME_REQUIRED, _("Enter the legal name."), field="legalName"
        )
    code = clean_credit_code(kind, credit_code)
    if code and PartnerOrganisation.objects.filter(credit_code=code).exists():
        raise DomainError(
            PartnerErrorCode.DUPLICATE_ORGANISATION,
            _("An organisation with this credit code is already registered."),
            field="creditCode",
        )
    try:
        with transaction.atomic():
            organisation = PartnerOrganisation.objects.create(
                kind=kind,
                legal_name=legal_name,
                credit_code=code,
                contact_phone=_clean_phone(contact_phone),
                registered_by=actor,
                **{f: (profile.get(f) or "").strip() for f in PROFILE_FIELDS},
            )
    except IntegrityError as error:  # a concurrent registration of the same code
        raise DomainError(
            PartnerErrorCode.DUPLICATE_ORGANISATION,
            _("An organisation with this credit code is already registered."),
            field="creditCode",
        ) from error
    if actor is not None:
        PartnerRepresentative.objects.create(organisation=organisation, user=actor)
    return organisation


def organisations_represented_by(user):
    if user is None or not user.is_authenticated:
        return PartnerOrganisation.objects.none()
    return PartnerOrganisation.objects.filter(representatives__user=user)


def access_represented_organisation(*, user, organisation_id) -> PartnerOrganisation:
    organisation = organisations_represented_by(user).filter(pk=organisation_id).first()
    if organisation is None:
        raise not_found()
    return organisation


def representatives_of(organisation):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(
        partner_representations__organisation=organisation, is_active=True
    ).order_by("pk")


def access_representative(*, representative_id, organisations) -> PartnerRepresentative:
    """A representative link of one of `organisations` (a queryset of organisations or of
    their ids); any other reads as not found."""
    representative = (
        PartnerRepresentative.objects.select_related("organisation", "user")
        .filter(pk=representative_id, organisation__in=organisations)
        .first()
    )
    if representative is None:
        raise not_found()
    return representative


def _lock(organisation) -> PartnerOrganisation:
    # Serialises changes to one organisation's representatives, so that two removals at
    # once cannot leave it with none.
    return PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)


@transaction.atomic
def representative_add(*, actor, organisation, login: str) -> PartnerRepresentative:
    """Link the existing account that signs in with `login` (e-mail or mobile number) to
    `organisation`; it takes the partner-representative role wherever the organisation is a
    current partner. It and the other representatives are told."""
    from commonweal.partners.notify import notify_representative_added
    from commonweal.platform.accounts.selectors import user_by_login
    from commonweal.platform.accounts.services import membership_add

    user = user_by_login(login)
    if user is None or not user.is_active:
        raise DomainError(
            PartnerErrorCode.ACCOUNT_NOT_FOUND,
            _("No account signs in with this e-mail or mobile number; ask them to register."),
            field="login",
        )
    organisation = _lock(organisation)
    if PartnerRepresentative.objects.filter(organisation=organisation, user=user).exists():
        raise DomainError(
            PartnerErrorCode.ALREADY_REPRESENTATIVE,
            _("This person already represents the organisation."),
            field="login",
        )
    representative = PartnerRepresentative.objects.create(organisation=organisation, user=user)
    for listing in listings_of(organisation).filter(status__in=ROLE_STATUSES):
        membership_add(community=listing.community, user=user, roles=[Role.PARTNER_REPRESENTATIVE])
    notify_representative_added(representative=representative, actor=actor)
    return representative


@transaction.atomic
def representative_remove(*, actor, representative) -> PartnerOrganisation:
    """Unlink a representative; an organisation keeps at least one active representative.
    They lose the partner-representative role in each community where they represent no
    other current partner; they and the remaining representatives are told."""
    from commonweal.partners.notify import notify_representative_removed
    from commonweal.platform.accounts.services import membership_drop_role

    organisation = _lock(representative.organisation)
    user = representative.user
    if not representatives_of(organisation).exclude(pk=user.pk).exists():
        raise DomainError(
            PartnerErrorCode.LAST_REPRESENTATIVE,
            _("An organisation keeps at least one representative."),
        )
    representative.delete()
    for listing in listings_of(organisation):
        still_represents = PartnershipListing.objects.filter(
            community=listing.community,
            status__in=ROLE_STATUSES,
            organisation__representatives__user=user,
        ).exists()
        if not still_represents:
            membership_drop_role(
                community=listing.community, user=user, role=Role.PARTNER_REPRESENTATIVE
            )
    notify_representative_removed(organisation=organisation, user=user, actor=actor)
    return organisation
