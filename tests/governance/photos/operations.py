"""Photos in the operation registry (see tests/operations.py).

The resident raised community A's needs and filed its reports; a photo of the accepted need
("public_need") was uploaded by the resident. The photo itself travels as a multipart upload
(`tests.fixtures.GraphQLClient` sends one for a file among the variables): each cell gets a
new 40×30 JPEG carrying a GPS position. B's admin is no member of A: refused before anything
is read.
"""

from django.db import connection
from strawberry.relay import from_base64

from commonweal.governance.needs.models import Need
from commonweal.governance.photos import services
from commonweal.platform.kernel.roles import Role
from tests.governance.photos.fixtures import jpeg_with_gps, upload
from tests.operations import (
    MEMBERS,
    OFFICE,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    refused,
    register,
    setup,
)

NOT_YOURS = refused("NOT_YOURS", photo=None)
PHOTO = "{ photo { width height ofTheFix } errors { code } }"


@setup("photos", needs=("needs", "hazards"))
def _photos(world: World) -> None:
    connection.set_tenant(world.community)
    need = Need.objects.get(pk=from_base64(world.ids["public_need"])[1])
    photo = services.photo_add_to_need(
        actor=world.people["resident"], roles={Role.RESIDENT}, need=need, upload=jpeg_with_gps()
    )
    world.ids["need_photo"] = global_id("Photo", photo.pk)


def _with_photo(key):
    return lambda world, actor: {
        "id": world.ids[key],
        "photo": upload(jpeg_with_gps((40, 30)), "现场.jpg"),
    }


ADDED = ok(photo={"width": 40, "height": 30, "ofTheFix": False})
OWNER_AND_OFFICE = {"resident", *OFFICE}
OTHERS = {who: NOT_YOURS for who in MEMBERS - OWNER_AND_OFFICE}

register(
    Operation(
        "addNeedPhoto",
        f"mutation($id: ID!, $photo: Upload!) {{ addNeedPhoto(needId: $id, photo: $photo)"
        f" {PHOTO} }}",
        variables=_with_photo("public_need"),
        answers=allowed(MEMBERS, ADDED, **OTHERS),
    )
)
register(
    Operation(
        "addHazardReportPhoto",
        "mutation($id: ID!, $photo: Upload!) { addHazardReportPhoto(reportId: $id,"
        f" photo: $photo) {PHOTO} }}",
        variables=_with_photo("submitted"),
        answers=allowed(MEMBERS, ADDED, **OTHERS),
    )
)
register(
    Operation(
        "removePhoto",
        "mutation($id: ID!) { removePhoto(id: $id) { removed errors { code } } }",
        variables=lambda world, actor: {"id": world.ids["need_photo"]},
        answers=allowed(
            MEMBERS,
            ok(removed=True),
            **{who: refused("NOT_YOURS", removed=False) for who in MEMBERS - OWNER_AND_OFFICE},
        ),
    )
)
