"""Reads about accounts, already scoped to who asks."""

from django.db.models import QuerySet

from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.accounts.roles import Role


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
