"""Needs operations in the cross-community isolation harness (tests/isolation.py).

A's private data: a need still awaiting triage and the residents behind an offline need. B's
admin, on A's host, must see neither and change nothing; every write is refused.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from commonweal.governance.needs.models import Need, Task
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import tasks as task_services
from tests.isolation import Operation, global_id, register

SECRET_NEED = "甲方未受理的需求"
SECRET_RESIDENTS = "甲方坝坝会居民名单"


def _in_target(world, make):
    connection.set_tenant(world.target)
    try:
        return make()
    finally:
        connection.set_schema_to_public()


def _secret_need(world) -> Need:
    def make():
        found = Need.objects.filter(title=SECRET_NEED).first()
        if found:
            return found
        return need_services.need_record_offline(
            actor=world.target_staff,
            community=world.target,
            title=SECRET_NEED,
            description="楼道堆放杂物",
            category="safety",
            origin="courtyard_meeting",
            residents_note=SECRET_RESIDENTS,
        )

    return _in_target(world, make)


def _draft_task(world) -> Task:
    def make():
        found = Task.objects.first()
        if found:
            return found
        need = need_services.need_raise(
            actor=world.target_resident,
            community=world.target,
            title="公开需求",
            description="需要座椅",
            category="facilities",
        )
        need_services.need_accept(actor=world.target_staff, community=world.target, need=need)
        return task_services.task_create(
            actor=world.target_staff,
            community=world.target,
            need_ids=[need.pk],
            title="甲方草稿任务",
            description="安装座椅",
            due_on=timezone.localdate() + timedelta(days=7),
        )

    return _in_target(world, make)


def _markers(world) -> set[str]:
    _secret_need(world)
    return {SECRET_NEED, SECRET_RESIDENTS}


def _need_id(world) -> dict:
    return {"id": global_id("Need", _secret_need(world).pk)}


def _task_id(world) -> dict:
    return {"id": global_id("NeedsTask", _draft_task(world).pk)}


NEED_FIELDS = "{ id title status residentsNote }"


def _with_secrets(world) -> dict:
    """Made before the operation runs, so the insider's answer can show them."""
    _secret_need(world)
    _draft_task(world)
    return {}


register(
    Operation(
        "needs",
        f"query {{ needs(first: 50) {{ edges {{ node {NEED_FIELDS} }} }} }}",
        variables_factory=_with_secrets,
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "need",
        f"query($id: ID!) {{ need(id: $id) {NEED_FIELDS} }}",
        variables_factory=_need_id,
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
        variables_factory=_need_id,
    )
)
register(Operation("resources", "query { resources { title provider } }"))
register(Operation("communityResources", "query { communityResources(first: 5) { totalCount } }"))
register(
    Operation(
        "needsTasks",
        "query { needsTasks(first: 10) { edges { node { title status } } } }",
        variables_factory=_with_secrets,
        markers=lambda world: {_draft_task(world).title},
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "needsTask",
        "query($id: ID!) { needsTask(id: $id) { title } }",
        variables_factory=_task_id,
        markers=lambda world: {_draft_task(world).title},
        insider_sees_markers=True,
    )
)
register(Operation("needsProjects", "query { needsProjects(first: 5) { totalCount } }"))
register(Operation("needsBoard", "query { needsBoard { month received } }"))

INPUT = '{title: "乙方写入", description: "不应成功", category: SAFETY}'
for name, document, variables in [
    ("raiseNeed", f"raiseNeed(input: {INPUT})", None),
    (
        "recordOfflineNeed",
        f'recordOfflineNeed(input: {INPUT}, origin: PHONE, residentsNote: "x")',
        None,
    ),
    ("secondNeed", "secondNeed(id: $id)", _need_id),
    ("acceptNeed", "acceptNeed(id: $id)", _need_id),
    ("declineNeed", 'declineNeed(id: $id, reason: "乙方")', _need_id),
    ("mergeNeed", "mergeNeed(id: $id, into: $id)", _need_id),
    ("markNeedWish", "markNeedWish(id: $id)", _need_id),
    ("adoptWish", "adoptWish(id: $id)", _need_id),
    ("resolveNeed", "resolveNeed(id: $id)", _need_id),
    ("closeNeed", "closeNeed(id: $id)", _need_id),
    ("rateNeed", "rateNeed(id: $id, score: 5)", _need_id),
    ("publishNeedsTask", "publishNeedsTask(id: $id)", _task_id),
    ("cancelNeedsTask", 'cancelNeedsTask(id: $id, reason: "乙方")', _task_id),
    (
        "respondToNeedsTask",
        'respondToNeedsTask(id: $id, partnerId: $id, offer: "乙方")',
        _task_id,
    ),
    ("chooseTaskResponses", "chooseTaskResponses(id: $id, responseIds: [$id])", _task_id),
    (
        "addProjectMilestone",
        'addProjectMilestone(id: $id, title: "x", dueOn: "2030-01-01")',
        _task_id,
    ),
    ("completeProjectMilestone", "completeProjectMilestone(id: $id)", _task_id),
    ("postProjectUpdate", 'postProjectUpdate(id: $id, text: "乙方")', _task_id),
    ("completeNeedsProject", "completeNeedsProject(id: $id)", _task_id),
    (
        "createCommunityResource",
        'createCommunityResource(title: "乙方", kind: ROOM, categories: [OTHER])',
        None,
    ),
]:
    register(
        Operation(
            name,
            (
                f"mutation($id: ID!) {{ {document} {{ errors {{ code }} }} }}"
                if variables
                else f"mutation {{ {document} {{ errors {{ code }} }} }}"
            ),
            variables_factory=variables or (lambda world: {}),
            kind="mutation",
            refused_with="FORBIDDEN",
            markers=_markers,
        )
    )
register(
    Operation(
        "createNeedsTask",
        'mutation($id: ID!) { createNeedsTask(input: {needIds: [$id], title: "乙方",'
        ' description: "乙方", dueOn: "2030-01-01"}) { errors { code } } }',
        variables_factory=_need_id,
        kind="mutation",
        refused_with="FORBIDDEN",
        markers=_markers,
    )
)
