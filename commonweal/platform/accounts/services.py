"""Writes about accounts: registration, memberships, invitations, API tokens."""

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.error_codes import AccountErrorCode
from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.accounts.validators import clean_contact
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role

INVITATION_LIFETIME = timedelta(days=14)
MAX_TOKEN_LIFETIME_DAYS = 366


def clean_roles(roles) -> list[str]:
    if not roles:
        raise DomainError(
            AccountErrorCode.ROLES_REQUIRED, _("Choose at least one role."), field="roles"
        )
    try:
        cleaned = {Role(r) for r in roles}
    except ValueError:
        raise DomainError(
            AccountErrorCode.INVALID_ROLE, _("Unknown role."), field="roles"
        ) from None
    return sorted(str(r) for r in cleaned)


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password or "", user)
    except ValidationError as error:
        raise DomainError(
            AccountErrorCode.WEAK_PASSWORD, " ".join(error.messages), field="password"
        ) from None


@transaction.atomic
def user_register(*, email: str, phone: str, password: str, display_name: str = "") -> User:
    email, phone = clean_contact(email=email, phone=phone)
    taken = Q(email__iexact=email) if email else Q(pk__in=[])
    if phone:
        taken |= Q(phone=phone)
    if User.objects.filter(taken).exists():
        raise DomainError(
            AccountErrorCode.ACCOUNT_EXISTS,
            _("An account with this e-mail or mobile number exists; please sign in."),
            field="email" if email else "phone",
        )
    _check_password(password)
    return User.objects.create_user(
        email or None, password, phone=phone or None, display_name=display_name.strip()
    )


def _admins_left_without(membership: Membership) -> int:
    return (
        Membership.objects.filter(
            community_id=membership.community_id, roles__contains=[Role.ADMIN]
        )
        .exclude(pk=membership.pk)
        .count()
    )


def _lock_members(community_id) -> None:
    # Serialises role changes within one community so two admins cannot demote each other
    # at once and leave the community without an admin.
    list(Membership.objects.select_for_update().filter(community_id=community_id).values("pk"))


@transaction.atomic
def membership_add(*, community, user: User, roles) -> Membership:
    roles = clean_roles(roles)
    membership, created = Membership.objects.get_or_create(
        user=user, community=community, defaults={"roles": roles}
    )
    if not created:
        membership.roles = sorted(set(membership.roles) | set(roles))
        membership.save(update_fields=["roles"])
    return membership


@transaction.atomic
def membership_drop_role(*, community, user: User, role: Role) -> None:
    """Take one role that another part of the platform granted (not ADMIN: see
    membership_set_roles); a membership left without roles ends."""
    membership = (
        Membership.objects.select_for_update().filter(user=user, community=community).first()
    )
    if membership is None or role not in membership.roles:
        return
    remaining = [r for r in membership.roles if r != role]
    if remaining:
        membership.roles = remaining
        membership.save(update_fields=["roles"])
    else:
        membership.delete()


@transaction.atomic
def membership_set_roles(*, actor: User, membership: Membership, roles) -> Membership:
    roles = clean_roles(roles)
    _lock_members(membership.community_id)
    demoted = Role.ADMIN in membership.roles and Role.ADMIN not in roles
    if demoted and _admins_left_without(membership) == 0:
        raise DomainError(
            AccountErrorCode.LAST_ADMIN,
            _("A community keeps at least one administrator."),
            field="roles",
        )
    membership.roles = roles
    membership.save(update_fields=["roles"])
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    _lock_members(membership.community_id)
    if Role.ADMIN in membership.roles and _admins_left_without(membership) == 0:
        raise DomainError(
            AccountErrorCode.LAST_ADMIN, _("A community keeps at least one administrator.")
        )
    membership.delete()


@transaction.atomic
def invitation_create(
    *, actor: User, community, email: str = "", phone: str = "", roles
) -> tuple[Invitation, str]:
    """Returns the invitation and its secret, which is mailed and never stored."""
    email, phone = clean_contact(email=email, phone=phone)
    roles = clean_roles(roles)
    existing = Membership.objects.filter(community=community).filter(
        (Q(user__email__iexact=email) if email else Q(pk__in=[]))
        | (Q(user__phone=phone) if phone else Q(pk__in=[]))
    )
    if existing.exists():
        raise DomainError(
            AccountErrorCode.ALREADY_MEMBER, _("This person is already a member."), field="email"
        )
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        phone=phone,
        roles=roles,
        secret_digest=Invitation.unsealed(),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    secret = invitation.seal()
    if email:
        from commonweal.platform.tasks import send_invitation

        send_invitation.defer(invitation_id=invitation.pk)
    return invitation, secret


@transaction.atomic
def invitation_accept(*, user: User, secret: str, community) -> Membership:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(secret_digest=Invitation.digest(secret or ""), community=community)
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise DomainError(
            AccountErrorCode.INVITATION_INVALID,
            _("This invitation is unknown, expired, revoked or already used."),
        )
    matches = (invitation.email and invitation.email == (user.email or "").lower()) or (
        invitation.phone and invitation.phone == user.phone
    )
    if not matches:
        raise DomainError(
            AccountErrorCode.INVITATION_MISMATCH,
            _("This invitation was sent to someone else; sign in with that account."),
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership_add(community=community, user=user, roles=invitation.roles)


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not invitation.is_open:
        raise DomainError(
            AccountErrorCode.INVITATION_INVALID, _("This invitation is no longer open.")
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def token_create(
    *, user: User, name: str, community=None, lifetime_days: int = 90
) -> tuple[ApiToken, str]:
    """Returns the token and its secret, shown once."""
    name = (name or "").strip()
    if not name:
        raise DomainError(AccountErrorCode.TOKEN_NAME_REQUIRED, _("Name the token."), field="name")
    if not 1 <= lifetime_days <= MAX_TOKEN_LIFETIME_DAYS:
        raise DomainError(
            AccountErrorCode.TOKEN_EXPIRY_INVALID,
            _("A token lives between 1 and %(max)d days.") % {"max": MAX_TOKEN_LIFETIME_DAYS},
            field="lifetimeDays",
        )
    if (
        community is not None
        and not Membership.objects.filter(user=user, community=community).exists()
    ):
        raise DomainError(
            AccountErrorCode.TOKEN_SCOPE_INVALID,
            _("You can only scope a token to a community you belong to."),
            field="communitySlug",
        )
    secret, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        community=community,
        secret_digest=digest,
        hint=secret[:8],
        expires_at=timezone.now() + timedelta(days=lifetime_days),
    )
    return token, secret


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
