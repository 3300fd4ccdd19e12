"""Accounts over GraphQL: who am I, sign-in, memberships, invitations and API tokens."""

from collections.abc import Iterable
from datetime import datetime

import strawberry
import strawberry_django
from django.contrib.auth import authenticate, login, logout
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.platform.accounts import selectors, services
from commonweal.platform.accounts.error_codes import AccountErrorCode
from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.accounts.roles import OFFICE_ROLES, Role
from commonweal.platform.errors import DomainError, NotFound
from commonweal.platform.graphql.errors import error_type, refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, IsSignedIn, for_mutation

RoleEnum = strawberry.enum(Role, name="Role", description="A member's role in a community.")
AccountError = error_type(AccountErrorCode, "AccountError")


@strawberry_django.type(User, name="User", description="An account; one across all communities.")
class UserType(relay.Node):
    display_name: str = strawberry_django.field(description="Name shown to others.")


@strawberry_django.type(User, name="Me", description="The signed-in account, with contact details.")
class MeType(relay.Node):
    display_name: str = strawberry_django.field(description="Name shown to others.")
    email: str | None = strawberry_django.field(description="E-mail used to sign in.")
    phone: str | None = strawberry_django.field(description="Mobile number used to sign in.")
    is_platform_admin: bool = strawberry_django.field(
        field_name="is_staff", description="May approve communities."
    )


@strawberry_django.type(Membership, name="Member", description="A person's roles in a community.")
class MemberType(relay.Node):
    roles: list[RoleEnum] = strawberry_django.field(description="Roles held here.")
    joined_at: datetime = strawberry_django.field(description="When they joined.")

    @strawberry_django.field(
        only=["user__display_name"], select_related=["user"], description="Name shown to others."
    )
    def display_name(self) -> str:
        return self.user.display_name

    @strawberry_django.field(
        only=["user__email"],
        select_related=["user"],
        description="E-mail (office roles only).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def email(self) -> str | None:
        return self.user.email

    @strawberry_django.field(
        only=["user__phone"],
        select_related=["user"],
        description="Mobile number (office roles only).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def phone(self) -> str | None:
        return self.user.phone


@strawberry_django.type(Invitation, name="Invitation", description="An invitation to join.")
class InvitationType(relay.Node):
    email: str = strawberry_django.field(description="Invitee's e-mail, if given.")
    phone: str = strawberry_django.field(description="Invitee's mobile number, if given.")
    roles: list[RoleEnum] = strawberry_django.field(description="Roles granted on acceptance.")
    created_at: datetime = strawberry_django.field(description="When it was sent.")
    expires_at: datetime = strawberry_django.field(description="When it stops working.")
    accepted_at: datetime | None = strawberry_django.field(description="When it was accepted.")
    revoked_at: datetime | None = strawberry_django.field(description="When it was revoked.")


@strawberry_django.type(ApiToken, name="ApiToken", description="A personal API token.")
class ApiTokenType(relay.Node):
    name: str = strawberry_django.field(description="What the token is for.")
    hint: str = strawberry_django.field(description="First characters of the secret.")
    created_at: datetime = strawberry_django.field(description="When it was made.")
    expires_at: datetime = strawberry_django.field(description="When it stops working.")
    revoked_at: datetime | None = strawberry_django.field(description="When it was revoked.")
    last_used_at: datetime | None = strawberry_django.field(description="Last use (to the minute).")

    @strawberry_django.field(
        only=["community__slug"],
        select_related=["community"],
        description="Community it is scoped to; null for the platform.",
    )
    def community_slug(self) -> str | None:
        return self.community.slug if self.community_id else None


def _request(info: Info):
    return info.context.request


# --- payloads ---------------------------------------------------------------------------


@strawberry.type
class SignInPayload:
    me: MeType | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class MemberPayload:
    member: MemberType | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class InvitationPayload:
    invitation: InvitationType | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiTokenPayload:
    token: ApiTokenType | None = None
    secret: str | None = strawberry.field(
        default=None, description="The token itself; shown only once, when created."
    )
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.input
class RegisterInput:
    email: str = ""
    phone: str = ""
    password: str
    display_name: str = ""


# --- shared by both endpoints ----------------------------------------------------------


@strawberry.type
class SessionMutations:
    @strawberry.mutation(description="Sign in with an e-mail or mobile number and a password.")
    @refusals_in_payload(SignInPayload, AccountError)
    def sign_in(self, info: Info, login_name: str, password: str) -> SignInPayload:
        request = _request(info)
        user = authenticate(request, username=login_name, password=password)
        if user is None:
            raise DomainError(AccountErrorCode.INVALID_CREDENTIALS, _("Wrong login or password."))
        login(request, user)
        return SignInPayload(me=user)

    @strawberry.mutation(description="End the browser session.")
    def sign_out(self, info: Info) -> bool:
        logout(_request(info))
        return True


@strawberry.type
class MeQuery:
    @strawberry_django.field(description="The signed-in account; null when anonymous.")
    def me(self, info: Info) -> MeType | None:
        user = _request(info).user
        return user if user.is_authenticated else None


# --- platform endpoint ------------------------------------------------------------------


@strawberry.type
class PlatformAccountQuery:
    @strawberry_django.connection(
        DjangoListConnection[ApiTokenType],
        description="Your API tokens.",
        extensions=[IsSignedIn()],
    )
    def api_tokens(self, info: Info) -> Iterable[ApiToken]:
        return selectors.tokens_of(_request(info).user)


@strawberry.type
class PlatformAccountMutation:
    @strawberry.mutation(description="Create an account and sign in.")
    @refusals_in_payload(SignInPayload, AccountError)
    def register(self, info: Info, input: RegisterInput) -> SignInPayload:
        user = services.user_register(
            email=input.email,
            phone=input.phone,
            password=input.password,
            display_name=input.display_name,
        )
        login(
            _request(info),
            user,
            backend="commonweal.platform.accounts.backends.EmailOrPhoneBackend",
        )
        return SignInPayload(me=user)

    @strawberry.mutation(
        description="Create a personal API token, for the platform or one community.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(ApiTokenPayload, AccountError)
    def create_api_token(
        self, info: Info, name: str, community_slug: str | None = None, lifetime_days: int = 90
    ) -> ApiTokenPayload:
        from commonweal.tenants.models import Community

        community = None
        if community_slug:
            community = Community.objects.filter(slug=community_slug).first()
            if community is None:
                raise DomainError(
                    AccountErrorCode.TOKEN_SCOPE_INVALID,
                    _("You can only scope a token to a community you belong to."),
                    field="communitySlug",
                )
        token, secret = services.token_create(
            user=_request(info).user, name=name, community=community, lifetime_days=lifetime_days
        )
        return ApiTokenPayload(token=token, secret=secret)

    @strawberry.mutation(
        description="Revoke one of your API tokens.", extensions=[for_mutation(IsSignedIn())]
    )
    @refusals_in_payload(ApiTokenPayload, AccountError)
    def revoke_api_token(self, info: Info, id: relay.GlobalID) -> ApiTokenPayload:
        user = _request(info).user
        token = services.access_token(user=user, token_id=pk_of(id, ApiTokenType, AccountErrorCode))
        return ApiTokenPayload(token=services.token_revoke(user=user, token=token))


# --- community endpoint -----------------------------------------------------------------


def _access_member(info: Info, member_id: relay.GlobalID) -> Membership:
    pk = pk_of(member_id, MemberType, AccountErrorCode)
    member = selectors.members_of(_request(info).tenant).filter(pk=pk).first()
    if member is None:
        raise NotFound(AccountErrorCode.NOT_FOUND, _("No such member."))
    return member


@strawberry.type
class CommunityAccountQuery:
    @strawberry_django.field(description="Your roles in this community; empty if not a member.")
    def my_roles(self, info: Info) -> list[RoleEnum]:
        return sorted(selectors.roles_in_current_community(_request(info)))

    @strawberry_django.connection(
        DjangoListConnection[MemberType],
        description="Members of this community (office roles only).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def members(self, info: Info, role: RoleEnum | None = None) -> Iterable[Membership]:
        members = selectors.members_of(_request(info).tenant)
        return members.filter(roles__contains=[role]) if role else members

    @strawberry_django.connection(
        DjangoListConnection[InvitationType],
        description="Invitations sent by this community (admins only).",
        extensions=[HasRole(Role.ADMIN)],
    )
    def invitations(self, info: Info) -> Iterable[Invitation]:
        return selectors.invitations_of(_request(info).tenant)


@strawberry.type
class CommunityAccountMutation:
    @strawberry.mutation(
        description="Invite someone by e-mail or mobile number, with roles.",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(InvitationPayload, AccountError)
    def invite_member(
        self, info: Info, roles: list[RoleEnum], email: str = "", phone: str = ""
    ) -> InvitationPayload:
        request = _request(info)
        invitation, _secret = services.invitation_create(
            actor=request.user, community=request.tenant, email=email, phone=phone, roles=roles
        )
        return InvitationPayload(invitation=invitation)

    @strawberry.mutation(
        description="Revoke an open invitation.", extensions=[for_mutation(HasRole(Role.ADMIN))]
    )
    @refusals_in_payload(InvitationPayload, AccountError)
    def revoke_invitation(self, info: Info, id: relay.GlobalID) -> InvitationPayload:
        request = _request(info)
        pk = pk_of(id, InvitationType, AccountErrorCode)
        invitation = selectors.invitations_of(request.tenant).filter(pk=pk).first()
        if invitation is None:
            raise NotFound(AccountErrorCode.NOT_FOUND, _("No such invitation."))
        return InvitationPayload(
            invitation=services.invitation_revoke(actor=request.user, invitation=invitation)
        )

    @strawberry.mutation(
        description="Accept an invitation sent to your e-mail or mobile number.",
        extensions=[for_mutation(IsSignedIn())],
    )
    @refusals_in_payload(MemberPayload, AccountError)
    def accept_invitation(self, info: Info, secret: str) -> MemberPayload:
        request = _request(info)
        member = services.invitation_accept(
            user=request.user, secret=secret, community=request.tenant
        )
        return MemberPayload(member=member)

    @strawberry.mutation(
        description="Replace a member's roles.", extensions=[for_mutation(HasRole(Role.ADMIN))]
    )
    @refusals_in_payload(MemberPayload, AccountError)
    def set_member_roles(
        self, info: Info, id: relay.GlobalID, roles: list[RoleEnum]
    ) -> MemberPayload:
        member = _access_member(info, id)
        return MemberPayload(
            member=services.membership_set_roles(
                actor=_request(info).user, membership=member, roles=roles
            )
        )

    @strawberry.mutation(
        description="Remove a member from this community.",
        extensions=[for_mutation(HasRole(Role.ADMIN))],
    )
    @refusals_in_payload(MemberPayload, AccountError)
    def remove_member(self, info: Info, id: relay.GlobalID) -> MemberPayload:
        member = _access_member(info, id)
        services.membership_remove(actor=_request(info).user, membership=member)
        return MemberPayload(member=None)
