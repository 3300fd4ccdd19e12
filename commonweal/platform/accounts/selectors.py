"""Reads about accounts, already scoped to who asks."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.error_codes import AccountErrorCode
from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import Role


def roles_in_current_community(request) -> frozenset[Role]:
    """Roles of the request's user in the request's community; cached on the request."""
    cached = getattr(request, "_community_roles", None)
    if cached is not None:
        return cached
    roles: frozenset[Role] = frozenset()
    community = getattr(request, "tenant", None)
    user = request.user
    if community is not None and user.is_authenticated and user.is_active:
        row = (
            Membership.objects.filter(user=user, community=community)
            .values_list("roles", flat=True)
            .first()
        )
        roles = frozenset(Role(r) for r in row or ())
    request._community_roles = roles
    return roles


def members_of(community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community).order_by("joined_at", "id")


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).order_by("community__name")


def invitations_of(community) -> QuerySet[Invitation]:
    return Invitation.objects.filter(community=community).order_by("-created_at", "-id")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def user_by_login(login: str) -> User | None:
    """The account an e-mail address or mainland mobile number signs in to."""
    from commonweal.platform.accounts.validators import normalise_phone

    login = (login or "").strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    phone = normalise_phone(login)
    return User.objects.filter(phone=phone).first() if phone else None


def signed_in(actor) -> User | None:
    """The signed-in user behind `actor`, or None (anonymous visitors, jobs): what a record
    names as its author."""
    return actor if actor is not None and actor.is_authenticated else None


# --- access: fetch and authorise in one step; missing and forbidden look the same ---------
# Callers have already checked the actor's role (the mutation's declared `allow`); these
# scope the row to what that actor may touch.


def access_member(*, actor, community, member_id) -> Membership:
    """A membership of `community` (whose office `actor` runs)."""
    member = members_of(community).filter(pk=member_id).first()
    if member is None:
        raise NotFound(AccountErrorCode.NOT_FOUND, _("No such member."))
    return member


def access_invitation(*, actor, community, invitation_id) -> Invitation:
    """An invitation sent by `community`."""
    invitation = invitations_of(community).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(AccountErrorCode.NOT_FOUND, _("No such invitation."))
    return invitation


def access_token(*, actor, token_id) -> ApiToken:
    """One of `actor`'s own API tokens."""
    token = tokens_of(actor).filter(pk=token_id).first()
    if token is None:
        raise NotFound(AccountErrorCode.NOT_FOUND, _("No such token."))
    return token
