"""Personal data in the operation registry (see tests/operations.py): 下载我的数据 and 注销 on
the platform endpoint for everyone signed in, the community's export for its admins, a
community's deletion for platform admins."""

from django.utils import timezone

from commonweal.privacy.models import DataExport, ExportStatus
from commonweal.privacy.services.closures import closure_schedule
from commonweal.privacy.services.erasure import pseudonym_of
from commonweal.privacy.services.exports import EXPORT_LIFETIME
from tests.fixtures import PASSWORD
from tests.operations import (
    ADMIN,
    PLATFORM_ADMIN,
    SIGNED_IN,
    Operation,
    World,
    allowed,
    ok,
    register,
    setup,
)


@setup("privacy")
def _privacy(world: World) -> None:
    # a ready export of A's whole community, asked by A's admin: B's admin must not see it
    export = DataExport.objects.create(
        requested_by=world.people["admin"],
        community=world.community,
        status=ExportStatus.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + EXPORT_LIFETIME,
        content=b"PK",
        size=2,
    )
    world.ids["community_export"] = f"/privacy/exports/{export.pk}/"


# --- a person's own data (platform endpoint) ------------------------------------------------

register(
    Operation(
        "requestMyDataExport",
        "mutation { requestMyDataExport { export { status downloadUrl } errors { code } } }",
        answers=allowed(SIGNED_IN, ok(export={"status": "PREPARING", "downloadUrl": None})),
        endpoint="platform",
    )
)
LAST_ADMIN = {"pseudonym": None, "errors": [{"code": "LAST_ADMIN", "field": None}]}

register(
    Operation(
        "eraseMyAccount",
        "mutation($password: String!) { eraseMyAccount(password: $password)"
        " { pseudonym errors { code field } } }",
        variables=lambda world, actor: {"password": PASSWORD},
        # Each community's admin is its only one: they must hand the role on first.
        answers=allowed(
            SIGNED_IN,
            lambda world, actor: ok(pseudonym=pseudonym_of(world.people[actor])),
            admin=LAST_ADMIN,
            other_admin=LAST_ADMIN,
        ),
        endpoint="platform",
    )
)

# --- a community's deletion (platform endpoint) ---------------------------------------------

CLOSURE = "{ closure { communityName cancelledAt deletedAt } errors { code } }"


def _scheduled(world: World, actor: str) -> dict:
    closure_schedule(actor=world.people["platform_admin"], community=world.community)
    return {"slug": world.community.slug}


register(
    Operation(
        "scheduleCommunityDeletion",
        'mutation { scheduleCommunityDeletion(slug: "fengshu", reason: "合并", graceDays: 30) '
        + CLOSURE
        + " }",
        answers=allowed(
            PLATFORM_ADMIN,
            ok(closure={"communityName": "枫树社区", "cancelledAt": None, "deletedAt": None}),
        ),
        endpoint="platform",
    )
)
register(
    Operation(
        "cancelCommunityDeletion",
        "mutation($slug: String!) { cancelCommunityDeletion(slug: $slug)"
        " { closure { communityName deletedAt } errors { code } } }",
        variables=_scheduled,
        answers=allowed(
            PLATFORM_ADMIN, ok(closure={"communityName": "枫树社区", "deletedAt": None})
        ),
        endpoint="platform",
    )
)

# --- a community's export (community endpoint) ----------------------------------------------

register(
    Operation(
        "requestCommunityExport",
        "mutation { requestCommunityExport { export { status downloadUrl } errors { code } } }",
        answers=allowed(ADMIN, ok(export={"status": "PREPARING", "downloadUrl": None})),
    )
)
register(
    Operation(
        "communityExports",
        "query { communityExports { status downloadUrl size } }",
        markers=lambda world: {world.ids["community_export"]},
        insider_sees_markers=True,
        refused_with=None,  # an empty list for anyone but its admins
    )
)
register(Operation("closingAfter", "query { closingAfter }"))
