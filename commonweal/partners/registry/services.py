"""Writes to partner organisations' platform-wide identity (public schema)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.models import PartnershipStatus
from commonweal.partners.registry import credit_code as codes
from commonweal.partners.registry.models import (
    ORGANISATION_KINDS,
    OrganisationKind,
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.partners.registry.selectors import representatives_of
from commonweal.partners.selectors import listings_of
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role

# Where an organisation's representatives hold the partner-representative role: communities
# in which it is a current partner (partners.services.partnerships grants it on activation).
ROLE_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED)
# The public profile: what its representatives may change at any time, unlike the legal
# identity (kind, legal name, verified credit code). Longest length of each, as stored.
PROFILE_FIELDS = {
    "description": 2000,
    "website": 200,
    "logo_url": 200,
    "contact_name": 60,
    "contact_phone": 20,
    "contact_email": 254,
}
URL_FIELDS = frozenset({"website", "logo_url"})


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
    digits = "".join(c for c in phone if c.isdigit())
    if phone and not 7 <= len(digits) <= 13:
        raise DomainError(
            PartnerErrorCode.INVALID_PHONE, _("Enter a valid phone number."), field="contactPhone"
        )
    return digits


def _clean_url(url: str, field: str) -> str:
    if not url:
        return url
    # People copy addresses the way shop signs print them: www.example.cn.
    if "://" not in url:
        url = f"https://{url}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise DomainError(
            PartnerErrorCode.INVALID_URL, _("Enter a valid URL."), field=field
        ) from error
    return url


def _clean_email(email: str) -> str:
    if not email:
        return email
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(
            PartnerErrorCode.INVALID_EMAIL, _("Enter a valid email address."), field="contactEmail"
        ) from error
    return email


def _input_name(name: str) -> str:
    """The GraphQL input field of a model field: contact_email → contactEmail."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def clean_profile(**values) -> dict[str, str]:
    """The profile fields given (names of PROFILE_FIELDS), stripped and checked in the order
    of PROFILE_FIELDS; the first problem is raised with its code and field."""
    cleaned = {}
    for name, limit in PROFILE_FIELDS.items():
        if name not in values:
            continue
        value = (values[name] or "").strip()
        field = _input_name(name)
        if name in URL_FIELDS:
            value = _clean_url(value, field)
        elif name == "contact_email":
            value = _clean_email(value)
        elif name == "contact_phone":
            value = _clean_phone(value)
        if len(value) > limit:
            raise DomainError(
                PartnerErrorCode.TOO_LONG,
                ngettext_lazy(
                    "Ensure this value has at most %(limit_value)d character (it has "
                    "%(show_value)d).",
                    "Ensure this value has at most %(limit_value)d characters (it has "
                    "%(show_value)d).",
                    "limit_value",
                )
                % {"limit_value": limit, "show_value": len(value)},
                field=field,
            )
        cleaned[name] = value
    return cleaned


@transaction.atomic
def organisation_register(
    *,
    actor,
    kind: str,
    legal_name: str,
    credit_code: str = "",
    phone_public: bool = False,
    **profile,
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
    profile = clean_profile(**{name: profile.get(name, "") for name in PROFILE_FIELDS})
    try:
        with transaction.atomic():
            organisation = PartnerOrganisation.objects.create(
                kind=kind,
                legal_name=legal_name,
                credit_code=code,
                registered_by=actor,
                phone_public=bool(phone_public),
                **profile,
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


@transaction.atomic
def organisation_update_profile(
    *,
    actor,
    organisation,
    description: str | None = None,
    website: str | None = None,
    logo_url: str | None = None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    contact_email: str | None = None,
    phone_public: bool | None = None,
) -> PartnerOrganisation:
    """Change the public profile of `organisation`; a field given as None stays as it is, and
    the legal identity (kind, legal name, credit code) is not changed here. The caller has
    checked that `actor` acts for the organisation. When something changed, its directory
    documents are rewritten in every community where its partnership is public."""
    from commonweal.partners.services.partnerships import organisation_search_refresh

    given = {
        "description": description,
        "website": website,
        "logo_url": logo_url,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
    }
    profile = clean_profile(**{name: value for name, value in given.items() if value is not None})
    organisation = _lock(organisation)
    if phone_public is not None:
        profile["phone_public"] = bool(phone_public)
    changed = [name for name, value in profile.items() if getattr(organisation, name) != value]
    if not changed:
        return organisation
    for name in changed:
        setattr(organisation, name, profile[name])
    organisation.save(update_fields=changed)
    organisation_search_refresh(organisation=organisation)
    return organisation


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
