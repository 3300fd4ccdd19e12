"""Needs, tasks and projects in the operation registry (see tests/operations.py).

Community A holds a need still awaiting triage, recorded offline with the residents behind
it (private), public needs in each state, tasks in each state and two projects of the
representative's partner. B's admin sees none of the private data and changes nothing; the
matrix asks every actor for every mutation.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from commonweal.governance.needs.models import CommunityResource
from commonweal.governance.needs.services import matches as match_services
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.microfund.models import GrantCall, Proposal, ProposalStatus
from commonweal.platform.notifications.models import Notification
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

SECRET_NEED = "甲方未受理的需求"
SECRET_RESIDENTS = "甲方坝坝会居民名单"
DRAFT_TASK = "甲方草稿任务"


@setup("needs", needs=("partners",))
def _needs(world: World) -> None:
    community, staff = world.community, world.people["staff"]
    resident = world.people["resident"]
    connection.set_tenant(community)

    def need(title, verbs=(), raiser=resident):
        made = need_services.need_raise(
            actor=raiser,
            community=community,
            title=title,
            description=f"{title}，请社区协调",
            category="facilities",
            place="时间广场",
        )
        for verb in verbs:
            made = need_services._move(actor=staff, community=community, need=made, verb=verb)
        return made

    def task(title, needs, publish=True):
        made = task_services.task_create(
            actor=staff,
            community=community,
            need_ids=[n.pk for n in needs],
            title=title,
            description="安装座椅",
            due_on=timezone.localdate() + timedelta(days=14),
        )
        if publish:
            made = task_services.task_publish(actor=staff, community=community, task=made)
        return made

    def project(title, with_milestone):
        answered = task(title, [need(f"{title}的需求", ["accept"])])
        response = task_services.task_respond(
            actor=world.people["representative"],
            community=community,
            task=answered,
            partnership=world.ids["partnership"],
            offer="承接",
        )
        made = task_services.task_choose(
            actor=staff, community=community, task=answered, response_ids=[response.pk]
        )
        if with_milestone:
            world.ids["milestone"] = global_id(
                "Milestone",
                project_services.milestone_add(
                    actor=staff,
                    community=community,
                    project=made,
                    title="采购",
                    due_on=timezone.localdate() + timedelta(days=7),
                ).pk,
            )
        return made

    secret = need_services.need_record_offline(
        actor=staff,
        community=community,
        title=SECRET_NEED,
        description="楼道堆放杂物",
        category="safety",
        origin="courtyard_meeting",
        residents_note=SECRET_RESIDENTS,
    )
    answered = task("有人响应的任务", [need("等待选择的需求", ["accept"])])
    response = task_services.task_respond(
        actor=world.people["representative"],
        community=community,
        task=answered,
        partnership=world.ids["partnership"],
        offer="我们来做",
    )
    room = CommunityResource.objects.create(title="社区活动室", kind="room", categories=["culture"])
    matched = match_services.match_confirm(
        actor=staff,
        community=community,
        need=need("已匹配资源的需求", ["accept"]),
        source="community",
        key=room.pk,
    )
    world.ids |= {
        "need_match": global_id("NeedMatch", matched.pk),
        "secret_need": global_id("Need", secret.pk),
        "public_need": global_id("Need", need("广场缺少座椅", ["accept"]).pk),
        "wish": global_id("Need", need("上门理发", ["mark_wish"]).pk),
        "in_progress_need": global_id("Need", need("办理中的需求", ["accept", "start"]).pk),
        "resolved_need": global_id("Need", need("已办结的需求", ["accept", "start", "resolve"]).pk),
        "draft_task": global_id(
            "NeedsTask", task(DRAFT_TASK, [need("草稿的需求", ["accept"])], publish=False).pk
        ),
        "published_task": global_id(
            "NeedsTask", task("公开的任务", [need("公开任务的需求", ["accept"])]).pk
        ),
        "answered_task": global_id("NeedsTask", answered.pk),
        "response": global_id("TaskResponse", response.pk),
        "project": global_id("NeedsProject", project("有步骤的项目", True).pk),
        "bare_project": global_id("NeedsProject", project("没有步骤的项目", False).pk),
        "awarded_grant": global_id("Proposal", _awarded_grant().pk),
    }
    # The actors' inboxes stay as other apps' cells expect them.
    Notification.objects.filter(kind__regex=r"^(need|task|milestone)\.").delete()


def _awarded_grant():
    call = GrantCall.objects.create(title="微基金第一期", budget=500000, status="closed")
    return Proposal.objects.create(
        call=call,
        title="广场座椅",
        applicant_name="枫树志愿者队",
        requested=300000,
        awarded=300000,
        status=ProposalStatus.AWARDED,
    )


def _markers(world: World) -> set[str]:
    return {SECRET_NEED, SECRET_RESIDENTS, DRAFT_TASK}


def _id(key):
    return lambda world, actor: {"id": world.ids[key]}


# --- reads (isolation) -----------------------------------------------------------------------

NEED_FIELDS = "{ id title status residentsNote }"
register(
    Operation(
        "needs",
        f"query {{ needs(first: 50) {{ edges {{ node {NEED_FIELDS} }} }} }}",
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "need",
        f"query($id: ID!) {{ need(id: $id) {NEED_FIELDS} }}",
        variables=_id("secret_need"),
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "likelyDuplicateNeeds",
        'query { likelyDuplicateNeeds(title: "楼道堆放杂物", category: SAFETY, lat: 30.6,'
        " lng: 104.1) { need { title } distanceM } }",
        markers=_markers,
    )
)
register(
    Operation(
        "needSuggestions",
        "query($id: ID!) { needSuggestions(id: $id) { reason resource { title } } }",
        variables=_id("secret_need"),
        markers=_markers,
    )
)
register(Operation("resources", "query { resources { title provider } }", markers=_markers))
register(
    Operation(
        "communityResources",
        "query { communityResources(first: 5) { totalCount } }",
        markers=_markers,
    )
)
register(
    Operation(
        "needsTasks",
        "query { needsTasks(first: 20) { edges { node { title status responses { offer } } } } }",
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "needsTask",
        "query($id: ID!) { needsTask(id: $id) { title } }",
        variables=_id("draft_task"),
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "needsProjects",
        "query { needsProjects(first: 5) { totalCount } }",
        markers=_markers,
    )
)
register(Operation("needsBoard", "query { needsBoard { month received } }", markers=_markers))

# --- writes (matrix and isolation) -------------------------------------------------------------

NEW_NEED = '{title: "楼道灯不亮", description: "三单元", category: FACILITIES}'
REPORTERS = OFFICE | {"representative"}
NOT_YOURS_PROJECT = {"other_representative": "NOT_FOUND"}


def _need_payload(status):
    return ok(need={"status": status})


for name, document, variables, answers in (
    (
        "raiseNeed",
        f"mutation {{ raiseNeed(input: {NEW_NEED}) {{ need {{ status }} errors {{ code }} }} }}",
        None,
        allowed(MEMBERS, _need_payload("SUBMITTED")),
    ),
    (
        "recordOfflineNeed",
        f'mutation {{ recordOfflineNeed(input: {NEW_NEED}, origin: PHONE, residentsNote: "王"'
        ") { need { status } errors { code } } }",
        None,
        allowed(OFFICE, _need_payload("SUBMITTED")),
    ),
    (
        "secondNeed",
        "mutation($id: ID!) { secondNeed(id: $id) { need { supportCount } errors { code } } }",
        _id("public_need"),
        allowed(
            MEMBERS,
            ok(need={"supportCount": 1}),
            resident=refused("OWN_NEED", need=None),
        ),
    ),
    (
        "acceptNeed",
        "mutation($id: ID!) { acceptNeed(id: $id) { need { status } errors { code } } }",
        _id("secret_need"),
        allowed(OFFICE, _need_payload("ACCEPTED")),
    ),
    (
        "declineNeed",
        'mutation($id: ID!) { declineNeed(id: $id, reason: "不属于社区事务")'
        " { need { status } errors { code } } }",
        _id("secret_need"),
        allowed(OFFICE, _need_payload("DECLINED")),
    ),
    (
        "mergeNeed",
        "mutation($id: ID!, $into: ID!) { mergeNeed(id: $id, into: $into)"
        " { need { status } errors { code } } }",
        lambda world, actor: {"id": world.ids["secret_need"], "into": world.ids["public_need"]},
        allowed(OFFICE, _need_payload("MERGED")),
    ),
    (
        "markNeedWish",
        "mutation($id: ID!) { markNeedWish(id: $id) { need { status } errors { code } } }",
        _id("secret_need"),
        allowed(OFFICE, _need_payload("WISH")),
    ),
    (
        "adoptWish",
        "mutation($id: ID!) { adoptWish(id: $id) { need { status } errors { code } } }",
        _id("wish"),
        allowed(
            OFFICE | {"volunteer", "representative", "other_representative"},
            _need_payload("IN_PROGRESS"),
        ),
    ),
    (
        "resolveNeed",
        "mutation($id: ID!) { resolveNeed(id: $id) { need { status } errors { code } } }",
        _id("in_progress_need"),
        allowed(OFFICE, _need_payload("RESOLVED")),
    ),
    (
        "closeNeed",
        "mutation($id: ID!) { closeNeed(id: $id) { need { status } errors { code } } }",
        _id("resolved_need"),
        allowed(OFFICE, _need_payload("CLOSED")),
    ),
    (
        "rateNeed",
        "mutation($id: ID!) { rateNeed(id: $id, score: 5) { score errors { code } } }",
        _id("resolved_need"),
        allowed(
            MEMBERS,
            refused("NOT_ELIGIBLE_TO_RATE", score=None),
            resident=ok(score=5),
        ),
    ),
    (
        "confirmNeedMatch",
        "mutation($id: ID!, $r: ID!) { confirmNeedMatch(id: $id, resourceId: $r)"
        " { match { title provider } errors { code } } }",
        # the partner's commitment 义剪, for the public need
        lambda world, actor: {"id": world.ids["public_need"], "r": world.ids["commitment"]},
        allowed(OFFICE, ok(match={"title": "义剪", "provider": "乡村基"})),
    ),
    (
        "withdrawNeedMatch",
        "mutation($id: ID!) { withdrawNeedMatch(id: $id) { match { title } errors { code } } }",
        _id("need_match"),
        allowed(OFFICE, ok(match={"title": "社区活动室"})),
    ),
    (
        "createNeedsTask",
        'mutation($id: ID!) { createNeedsTask(input: {needIds: [$id], title: "安装座椅",'
        ' description: "四张", dueOn: "2030-01-01"}) { task { status } errors { code } } }',
        _id("public_need"),
        allowed(OFFICE, ok(task={"status": "DRAFT"})),
    ),
    (
        "publishNeedsTask",
        "mutation($id: ID!) { publishNeedsTask(id: $id) { task { status } errors { code } } }",
        _id("draft_task"),
        allowed(OFFICE, ok(task={"status": "PUBLISHED"})),
    ),
    (
        "cancelNeedsTask",
        'mutation($id: ID!) { cancelNeedsTask(id: $id, reason: "需求已解决")'
        " { task { status } errors { code } } }",
        _id("draft_task"),
        allowed(OFFICE, ok(task={"status": "CANCELLED"})),
    ),
    (
        "respondToNeedsTask",
        'mutation($id: ID!, $p: ID!) { respondToNeedsTask(id: $id, partnerId: $p, offer: "承接")'
        " { response { status } errors { code } } }",
        lambda world, actor: {"id": world.ids["published_task"], "p": world.ids["active"]},
        allowed(
            {"representative", "other_representative"},
            ok(response={"status": "OFFERED"}),
            other_representative=refused("NOT_FOUND", response=None),
        ),
    ),
    (
        "chooseTaskResponses",
        "mutation($id: ID!, $r: [ID!]!) { chooseTaskResponses(id: $id, responseIds: $r)"
        " { project { status } errors { code } } }",
        lambda world, actor: {"id": world.ids["answered_task"], "r": [world.ids["response"]]},
        allowed(OFFICE, ok(project={"status": "ACTIVE"})),
    ),
    (
        "addProjectMilestone",
        'mutation($id: ID!) { addProjectMilestone(id: $id, title: "验收", dueOn: "2030-01-01")'
        " { milestone { title } errors { code } } }",
        _id("project"),
        allowed(
            REPORTERS | {"other_representative"},
            ok(milestone={"title": "验收"}),
            other_representative=refused("NOT_FOUND", milestone=None),
        ),
    ),
    (
        "completeProjectMilestone",
        "mutation($id: ID!) { completeProjectMilestone(id: $id)"
        " { milestone { title } errors { code } } }",
        _id("milestone"),
        allowed(
            REPORTERS | {"other_representative"},
            ok(milestone={"title": "采购"}),
            other_representative=refused("NOT_FOUND", milestone=None),
        ),
    ),
    (
        "postProjectUpdate",
        'mutation($id: ID!, $photos: [Upload!]) { postProjectUpdate(id: $id, text: "已完成勘查",'
        " photos: $photos) { update { text photos { width height } } errors { code } } }",
        # a progress photo (a 40×30 JPEG with a GPS position) as a multipart upload
        lambda world, actor: {
            "id": world.ids["project"],
            "photos": [upload(jpeg_with_gps((40, 30)), "进展.jpg")],
        },
        allowed(
            REPORTERS | {"other_representative"},
            ok(update={"text": "已完成勘查", "photos": [{"width": 40, "height": 30}]}),
            other_representative=refused("NOT_FOUND", update=None),
        ),
    ),
    (
        "completeNeedsProject",
        "mutation($id: ID!) { completeNeedsProject(id: $id)"
        " { project { status } errors { code } } }",
        _id("bare_project"),
        allowed(OFFICE, ok(project={"status": "COMPLETED"})),
    ),
    (
        "cancelNeedsProject",
        'mutation($id: ID!) { cancelNeedsProject(id: $id, reason: "场地无法落实")'
        " { project { status } errors { code } } }",
        _id("bare_project"),
        allowed(OFFICE, ok(project={"status": "CANCELLED"})),
    ),
    (
        "linkNeedsProjectGrant",
        "mutation($id: ID!, $g: ID) { linkNeedsProjectGrant(id: $id, grantId: $g)"
        " { project { grantTitle grantAmounts } errors { code } } }",
        lambda world, actor: {"id": world.ids["bare_project"], "g": world.ids["awarded_grant"]},
        allowed(OFFICE, ok(project={"grantTitle": "广场座椅", "grantAmounts": [300000, 0]})),
    ),
    (
        "createCommunityResource",
        'mutation { createCommunityResource(title: "多功能活动室", kind: ROOM,'
        " categories: [CULTURE]) { resource { title } errors { code } } }",
        None,
        allowed(OFFICE, ok(resource={"title": "多功能活动室"})),
    ),
):
    register(Operation(name, document, variables=variables, answers=answers, markers=_markers))

# Deliberation, and grids with hazard reports, register their operations in their own modules.
import tests.governance.deliberation.operations  # noqa: E402
import tests.governance.hazards.operations  # noqa: E402
import tests.governance.photos.operations  # noqa: E402, F401
