"""Permissions declared on fields and mutations.

Lists refused for lack of permission come back empty and single objects as null (no leak of
existence); mutations refuse loudly with a coded top-level error.
"""

from collections.abc import Iterable
from typing import ClassVar

from strawberry_django.permissions import DjangoNoPermission, DjangoPermissionExtension

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.roles import Role


class IsSignedIn(DjangoPermissionExtension):
    DEFAULT_ERROR_MESSAGE: ClassVar[str] = "Please sign in first."

    def resolve_for_user(self, resolver, user, *, info, source):
        if user is None or not user.is_authenticated or not user.is_active:
            raise DjangoNoPermission
        return resolver()


class IsPlatformAdmin(DjangoPermissionExtension):
    DEFAULT_ERROR_MESSAGE: ClassVar[str] = "Only platform admins may do this."

    def resolve_for_user(self, resolver, user, *, info, source):
        if user is None or not user.is_authenticated or not user.is_staff:
            raise DjangoNoPermission
        return resolver()


class HasRole(DjangoPermissionExtension):
    """Member of the current community holding one of `roles` (any role when none given)."""

    DEFAULT_ERROR_MESSAGE: ClassVar[str] = "Your role in this community does not allow this."

    def __init__(self, *roles: Role, **kwargs):
        super().__init__(**kwargs)
        self.roles: Iterable[Role] = frozenset(roles or Role)

    def resolve_for_user(self, resolver, user, *, info, source):
        if not roles_in_current_community(info.context.request) & self.roles:
            raise DjangoNoPermission
        return resolver()


def for_mutation(extension: DjangoPermissionExtension) -> DjangoPermissionExtension:
    extension.fail_silently = False
    return extension
