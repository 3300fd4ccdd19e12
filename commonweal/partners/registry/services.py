"""Writes to partner organisations' platform-wide identity (public schema)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.registry import credit_code as codes
from commonweal.partners.registry.models import (
    ORGANISATION_KINDS,
    OrganisationKind,
    PartnerOrganisation,
    PartnerRepresentative,
)
from commonweal.platform.errors import DomainError, NotFound

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
        raise NotFound(PartnerErrorCode.NOT_FOUND, _("Nothing found with this id."))
    return organisation


def representatives_of(organisation):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(
        partner_representations__organisation=organisation, is_active=True
    ).order_by("pk")
