"""Accounts over GraphQL: who am I, sign-in, memberships, invitations and API tokens."""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

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
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    ADMINS,
    ANYONE,
    SIGNED_IN,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.kernel.graphql.permissions import HasRole, IsSignedIn
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

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

SignInPayload = payload("SignInPayload", AccountError, me=(MeType, "The account now signed in."))
MemberPayload = payload(
    "MemberPayload",
    AccountError,
    member=(MemberType, "The membership as it now stands; null once removed."),
)
InvitationPayload = payload(
    "InvitationPayload", AccountError, invitation=(InvitationType, "The invitation as saved.")
)
ApiTokenPayload = payload(
    "ApiTokenPayload",
    AccountError,
    token=(ApiTokenType, "The token as saved."),
    secret=(str, "The token itself; shown only once, when created."),
)


@strawberry.input(description="A new account: an e-mail or a mobile number, and a password.")
class RegisterInput:
    email: str = strawberry.field(default="", description="E-mail to sign in with.")
    phone: str = strawberry.field(default="", description="Mainland mobile number to sign in with.")
    password: str = strawberry.field(description="Password (checked against Django's rules).")
    display_name: str = strawberry.field(default="", description="Name shown to others.")


# --- shared by both endpoints ----------------------------------------------------------


@strawberry.type
class SessionMutations:
    @mutation(
        SignInPayload,
        allow=ANYONE,
        description="Sign in with an e-mail or mobile number and a password.",
    )
    def sign_in(
        self,
        info: Info,
        login_name: Annotated[str, arg("E-mail address or mainland mobile number.")],
        password: Annotated[str, arg("The account's password.")],
    ) -> SignInPayload:
        request = caller(info).request
        user = authenticate(request, username=login_name, password=password)
        if user is None:
            raise DomainError(AccountErrorCode.INVALID_CREDENTIALS, _("Wrong login or password."))
        login(request, user)
        return SignInPayload(me=user)

    @mutation(bool, allow=ANYONE, description="End the browser session; always true.")
    def sign_out(self, info: Info) -> bool:
        logout(caller(info).request)
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
    @mutation(SignInPayload, allow=ANYONE, description="Create an account and sign in.")
    def register(
        self, info: Info, input: Annotated[RegisterInput, arg("The new account.")]
    ) -> SignInPayload:
        user = services.user_register(
            email=input.email,
            phone=input.phone,
            password=input.password,
            display_name=input.display_name,
        )
        login(
            caller(info).request,
            user,
            backend="commonweal.platform.accounts.backends.EmailOrPhoneBackend",
        )
        return SignInPayload(me=user)

    @mutation(
        ApiTokenPayload,
        allow=SIGNED_IN,
        description="Create a personal API token, for the platform or one community.",
    )
    def create_api_token(
        self,
        info: Info,
        name: Annotated[str, arg("What the token is for.")],
        community_slug: Annotated[
            str | None, arg("Scope it to this community (you must belong); null: the platform.")
        ] = None,
        lifetime_days: Annotated[int, arg("Days until it stops working.")] = 90,
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
            user=caller(info).user, name=name, community=community, lifetime_days=lifetime_days
        )
        return ApiTokenPayload(token=token, secret=secret)

    @mutation(ApiTokenPayload, allow=SIGNED_IN, description="Revoke one of your API tokens.")
    def revoke_api_token(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The token.")]
    ) -> ApiTokenPayload:
        user = caller(info).user
        token = selectors.access_token(
            actor=user, token_id=pk_of(id, ApiTokenType, AccountErrorCode)
        )
        return ApiTokenPayload(token=services.token_revoke(user=user, token=token))


# --- community endpoint -----------------------------------------------------------------


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
    def members(
        self,
        info: Info,
        role: Annotated[RoleEnum | None, arg("Only members holding this role.")] = None,
    ) -> Iterable[Membership]:
        members = selectors.members_of(_request(info).tenant)
        return members.filter(roles__contains=[role]) if role else members

    @strawberry_django.connection(
        DjangoListConnection[InvitationType],
        description="Invitations sent by this community (admins only).",
        extensions=[HasRole(Role.ADMIN)],
    )
    def invitations(self, info: Info) -> Iterable[Invitation]:
        return selectors.invitations_of(_request(info).tenant)


_ROLES = arg("Roles granted.")
_MEMBER = arg("The membership.")


@strawberry.type
class CommunityAccountMutation:
    @mutation(
        InvitationPayload,
        allow=ADMINS,
        description="Invite someone by e-mail or mobile number, with roles.",
    )
    def invite_member(
        self,
        info: Info,
        roles: Annotated[list[RoleEnum], _ROLES],
        email: Annotated[str, arg("The invitee's e-mail (or give a phone).")] = "",
        phone: Annotated[str, arg("The invitee's mainland mobile number.")] = "",
    ) -> InvitationPayload:
        who = caller(info)
        invitation, _secret = services.invitation_create(
            actor=who.user, community=who.community, email=email, phone=phone, roles=roles
        )
        return InvitationPayload(invitation=invitation)

    @mutation(InvitationPayload, allow=ADMINS, description="Revoke an open invitation.")
    def revoke_invitation(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The invitation.")]
    ) -> InvitationPayload:
        who = caller(info)
        invitation = selectors.access_invitation(
            actor=who.user,
            community=who.community,
            invitation_id=pk_of(id, InvitationType, AccountErrorCode),
        )
        return InvitationPayload(
            invitation=services.invitation_revoke(actor=who.user, invitation=invitation)
        )

    @mutation(
        MemberPayload,
        allow=SIGNED_IN,
        description="Accept an invitation sent to your e-mail or mobile number.",
    )
    def accept_invitation(
        self, info: Info, secret: Annotated[str, arg("The secret from the invitation's link.")]
    ) -> MemberPayload:
        who = caller(info)
        member = services.invitation_accept(user=who.user, secret=secret, community=who.community)
        return MemberPayload(member=member)

    @mutation(MemberPayload, allow=ADMINS, description="Replace a member's roles.")
    def set_member_roles(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, _MEMBER],
        roles: Annotated[list[RoleEnum], arg("The member's roles from now on.")],
    ) -> MemberPayload:
        who = caller(info)
        member = _access_member(who, id)
        return MemberPayload(
            member=services.membership_set_roles(actor=who.user, membership=member, roles=roles)
        )

    @mutation(MemberPayload, allow=ADMINS, description="Remove a member from this community.")
    def remove_member(self, info: Info, id: Annotated[relay.GlobalID, _MEMBER]) -> MemberPayload:
        who = caller(info)
        services.membership_remove(actor=who.user, membership=_access_member(who, id))
        return MemberPayload(member=None)


def _access_member(who, id: relay.GlobalID) -> Membership:
    return selectors.access_member(
        actor=who.user, community=who.community, member_id=pk_of(id, MemberType, AccountErrorCode)
    )
