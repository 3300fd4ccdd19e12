"""Communities in the operation registry (see tests/operations.py): the profile a community's
admin edits, and the applications and suspensions platform admins decide."""

from commonweal.tenants.models import CommunityApplication, CommunityStatus
from tests.fixtures import PASSWORD, make_community
from tests.operations import (
    ADMIN,
    EVERYONE,
    PLATFORM_ADMIN,
    Operation,
    World,
    allowed,
    global_id,
    ok,
    register,
)

register(
    Operation(
        "updateCommunityProfile",
        'mutation { updateCommunityProfile(introduction: "新的介绍")'
        " { community { introduction } errors { code } } }",
        answers=allowed(ADMIN, ok(community={"introduction": "新的介绍"})),
    )
)
register(
    Operation(
        "applyForCommunity",
        'mutation($password: String!) { applyForCommunity(input: {slug: "shuangqiao",'
        ' name: "双桥社区", city: "成都市", district: "成华区", subdistrict: "双桥子街道",'
        ' areaKm2: "1.2", population: 20000, households: 8000, centreLat: 30.65,'
        ' centreLng: 104.12, applicantName: "申请人", applicantEmail:'
        ' "applicant@shuangqiao.example.cn", password: $password})'
        " { application { slug status } errors { code } } }",
        variables=lambda w, actor: {"password": PASSWORD},
        answers=allowed(EVERYONE, ok(application={"slug": "shuangqiao", "status": "PENDING"})),
        endpoint="platform",
    )
)


def _application(world: World, actor: str) -> dict:
    application = CommunityApplication.objects.create(
        slug="shuangqiao",
        name="双桥社区",
        city="成都市",
        district="成华区",
        subdistrict="双桥子街道",
        area_km2="1.20",
        population=20000,
        households=8000,
        centre_lat=30.65,
        centre_lng=104.12,
        applicant_name="申请人",
        applicant_email="applicant@shuangqiao.example.cn",
    )
    return {"id": global_id("CommunityApplication", application.pk)}


register(
    Operation(
        "approveCommunityApplication",
        "mutation($id: ID!) { approveCommunityApplication(id: $id)"
        " { application { slug status } errors { code } } }",
        variables=_application,
        answers=allowed(
            PLATFORM_ADMIN, ok(application={"slug": "shuangqiao", "status": "APPROVED"})
        ),
        endpoint="platform",
    )
)
register(
    Operation(
        "rejectCommunityApplication",
        'mutation($id: ID!) { rejectCommunityApplication(id: $id, reason: "资料不全")'
        " { application { slug status } errors { code } } }",
        variables=_application,
        answers=allowed(
            PLATFORM_ADMIN, ok(application={"slug": "shuangqiao", "status": "REJECTED"})
        ),
        endpoint="platform",
    )
)
register(
    Operation(
        "suspendCommunity",
        'mutation { suspendCommunity(slug: "fengshu", reason: "核查")'
        " { community { slug } errors { code } } }",
        answers=allowed(PLATFORM_ADMIN, ok(community={"slug": "fengshu"})),
        endpoint="platform",
    )
)


def _suspended_community(world: World, actor: str) -> dict:
    community = make_community("duyuanjie", name="督院街社区")
    community.status = CommunityStatus.SUSPENDED
    community.suspended_reason = "核查"
    community.save(update_fields=["status", "suspended_reason"])
    return {"slug": community.slug}


register(
    Operation(
        "reactivateCommunity",
        "mutation($slug: String!) { reactivateCommunity(slug: $slug)"
        " { community { slug } errors { code } } }",
        variables=_suspended_community,
        answers=allowed(PLATFORM_ADMIN, ok(community={"slug": "duyuanjie"})),
        endpoint="platform",
    )
)
