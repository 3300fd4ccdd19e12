"""The hand-written baseline: the members list as a plain queryset serialised to JSON.

Same permission (office roles), same order and fields as the GraphQL `members` connection,
offset-paged like strawberry-django's connection (`?first=100&offset=100`).
"""

from django.http import JsonResponse

from commonweal.platform.accounts.selectors import members_of, roles_in_current_community
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role


def member_rows(community, *, first: int, offset: int = 0) -> list[dict]:
    rows = members_of(community).values_list("user__display_name", "roles", "joined_at")
    return [
        {
            "displayName": name,
            "roles": [Role(r).name for r in roles],
            "joinedAt": joined_at.isoformat(),
        }
        for name, roles, joined_at in rows[offset : offset + first]
    ]


def members_json(request):
    if not roles_in_current_community(request) & frozenset(OFFICE_ROLES):
        return JsonResponse({"members": []})
    first = min(int(request.GET.get("first", 100)), 200)
    offset = max(int(request.GET.get("offset", 0)), 0)
    return JsonResponse({"members": member_rows(request.tenant, first=first, offset=offset)})
