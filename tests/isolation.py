"""Cross-community isolation: what of community A may reach community B's admin.

The operations are those of the one registry in `tests/operations.py` (its docstring says how
to add one); `tests/platform/test_isolation.py` runs them. This module holds what only the
isolation harness needs: A's private strings, and whether a response leaked any of them.
"""

import json

from commonweal.platform.accounts.models import ApiToken, Invitation, Membership
from tests.operations import (  # noqa: F401  (the names registrations import from here)
    Operation,
    World,
    database_state,
    global_id,
    issued_id,
    operations,
    refusal_codes,
    register,
    without_community,
)


def target_markers(world: World) -> set[str]:
    """A's private data as it would appear in a response: names, contacts and ids."""
    markers: set[str] = set()
    for membership in Membership.objects.filter(community=world.target).select_related("user"):
        user = membership.user
        markers |= {user.display_name, user.email, user.phone}
        markers |= {global_id(t, user.pk) for t in ("User", "Me")}
        markers.add(global_id("Member", membership.pk))
    for invitation in Invitation.objects.filter(community=world.target):
        markers |= {invitation.email, invitation.phone, global_id("Invitation", invitation.pk)}
    for token in ApiToken.objects.filter(community=world.target):
        markers |= {token.hint, global_id("ApiToken", token.pk)}
    markers.discard(None)
    markers.discard("")
    return markers


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def leaked(response: dict, markers: set[str]) -> list[str]:
    """The markers found in `response`; an id naming its community counts as the plain id
    the markers hold ("Partner:c_fengshu:4" leaks "Partner:4")."""
    plain_ids = (without_community(text) for text in _strings(response))
    text = "\n".join([json.dumps(response, ensure_ascii=False), *filter(None, plain_ids)])
    return sorted(m for m in markers if m in text)
