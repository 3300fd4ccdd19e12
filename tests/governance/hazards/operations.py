"""Grids and hazard reports in the operation registry (see tests/operations.py).

Community A has a grid, reports in each state the mutations start from (the resident filed
them), a report closed as not a hazard (private: only the office and the reporter see it), and
a gas department with its contact e-mail (office only). The department's link is the credential
of `checkInHazardReferral`: anyone holding it may answer; B's admin, holding a link signed for
B, is refused.
"""

from django.core import signing
from django.db import connection

from commonweal.governance.hazards.models import CampaignItem
from commonweal.governance.hazards.services import (
    campaigns,
    departments,
    escalation,
    grids,
    households,
)
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.services.states import state_add
from commonweal.platform.notifications.models import Notification
from tests.operations import (
    EVERYONE,
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

HIDDEN_REPORT = "甲方被判定非隐患的报告"
CAMPAIGN = "甲方燃气安全入户检查"
DEPARTMENT_EMAIL = "gas-dept@fengshu.example.cn"
OUTLINE = [(30.600, 104.100), (30.600, 104.110), (30.610, 104.110), (30.610, 104.100)]
SECOND_OUTLINE = [(30.620, 104.100), (30.620, 104.110), (30.630, 104.110), (30.630, 104.100)]
BUILDING = "甲方华府专属楼栋"


@setup("hazards")
def _hazards(world: World) -> None:
    community, staff, resident = world.community, world.people["staff"], world.people["resident"]
    connection.set_tenant(community)
    grid = grids.grid_draw(actor=staff, name="红枫第一网格", rings=[OUTLINE], households=2)
    campaign = campaigns.campaign_start(actor=staff, title=CAMPAIGN, unit="household", grids=[grid])

    def report(description, *verbs):
        made = services.report_file(
            actor=resident,
            community=community,
            category="gas",
            description=description,
            lat=30.605,
            lng=104.105,
        )
        for verb in verbs:
            made = verb(actor=staff, community=community, report=made)
        return made

    # A state the community added: waiting for parts, after confirmation, on to fixed.
    state_add(
        actor=staff,
        name="待采购配件",
        kind="open",
        after="in_progress",
        sources=["confirmed"],
        targets=["fixed"],
    )
    # Door numbers are the office's: recorded on a second grid (the first one's campaign, in
    # the matrix, still counts its two households).
    second = grids.grid_draw(actor=staff, name="红枫第二网格", rings=[SECOND_OUTLINE])
    households.households_import(actor=staff, grid=second, text=f"{BUILDING},1单元,101\n")
    hidden = report(HIDDEN_REPORT)
    services.report_reject(actor=staff, community=community, report=hidden, reason="正常气味")
    department = departments.department_create(
        actor=staff, name="燃气公司", email=DEPARTMENT_EMAIL, categories=["gas"]
    )
    referred = escalation.blow_whistle(
        actor=staff,
        community=community,
        report=report("楼道燃气味"),
        reason="燃气",
        department=department,
    )
    world.ids |= {
        "hazard_grid": global_id("HazardGrid", grid.pk),
        "hazard_grid_with_households": global_id("HazardGrid", second.pk),
        "hazard_campaign": global_id("HazardCampaign", campaign.pk),
        "hazard_campaign_item": global_id(
            "HazardCampaignItem", CampaignItem.objects.filter(campaign=campaign).first().pk
        ),
        "submitted": global_id("HazardReport", report("三单元燃气味").pk),
        "second_submitted": global_id("HazardReport", report("三单元又有燃气味").pk),
        "confirmed": global_id(
            "HazardReport", report("已核实的燃气味", services.report_confirm).pk
        ),
        "fixed": global_id(
            "HazardReport",
            report("已整改的燃气味", services.report_confirm, services.report_fix).pk,
        ),
        "hidden": global_id("HazardReport", hidden.pk),
        "referral_token": departments.token_for(referred, department),
        "foreign_token": signing.dumps(
            {"s": world.other_community.schema_name, "r": referred.pk, "d": department.pk},
            salt=departments.SALT,
        ),
    }
    Notification.objects.filter(kind__startswith="hazard.").delete()


RENAMED = ["待核实", "已核实", "处置中", "已吹哨", "已整改", "无法整改", "重复上报", "非隐患"]


def _markers(world: World) -> set[str]:
    return {HIDDEN_REPORT, DEPARTMENT_EMAIL, CAMPAIGN, BUILDING}


def _id(key):
    return lambda world, actor: {"id": world.ids[key]}


# --- reads (isolation) -----------------------------------------------------------------------

register(
    Operation(
        "hazardReports",
        "query { hazardReports(first: 50) { edges { node { description state } } } }",
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "hazardReport",
        "query($id: ID!) { hazardReport(id: $id) { description reportedByYou } }",
        variables=_id("hidden"),
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "similarHazardReports",
        "query { similarHazardReports(category: GAS, lat: 30.605, lng: 104.105)"
        " { report { description } distanceM } }",
        markers=_markers,
    )
)
register(
    Operation(
        "hazardGrids",
        "query { hazardGrids { name isMicro outline { lat lng } holes { lat } } }",
        markers=_markers,
    )
)
register(
    Operation(
        "hazardStatistics",
        "query { hazardStatistics { total byCategory { name count } byGrid { name count }"
        " months { month received fixed } } }",
        markers=_markers,
    )
)
register(
    Operation(
        "hazardDepartments",
        "query { hazardDepartments { name email } }",
        markers=_markers,
        insider_sees_markers=True,
    )
)

register(
    Operation(
        "hazardCampaigns",
        "query { hazardCampaigns { title progress { gridName total pending } } }",
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(
    Operation(
        "hazardCampaignItems",
        "query($c: ID!) { hazardCampaignItems(campaignId: $c, first: 5)"
        " { edges { node { label outcome } } } }",
        variables=lambda world, actor: {"c": world.ids["hazard_campaign"]},
        markers=_markers,
    )
)
register(
    Operation(
        "hazardHeatMap",
        "query { hazardHeatMap { total maxCount cells { count } } }",
        markers=_markers,
    )
)
register(Operation("hazardStates", "query { hazardStates { state kind name } }", markers=_markers))
register(
    Operation(
        "hazardGridBuildings",
        "query($g: ID!) { hazardGridBuildings(gridId: $g) { name households } }",
        variables=lambda world, actor: {"g": world.ids["hazard_grid_with_households"]},
        markers=_markers,
        insider_sees_markers=True,
    )
)
register(Operation("hazardFlow", "query { hazardFlow { code kind name } }", markers=_markers))
register(
    Operation(
        "hazardAddedStates",
        "query { hazardAddedStates { code name sources targets } }",
        markers=_markers,
    )
)

# --- writes (matrix and isolation) -------------------------------------------------------------

REPORT = "{ report { state } errors { code } }"


def _state(state):
    return ok(report={"state": state})


for name, document, variables, answers, extra in (
    (
        "fileHazardReport",
        'mutation { fileHazardReport(input: {category: FIRE_EXIT, description: "消防通道堆物",'
        f" lat: 30.605, lng: 104.105}}) {REPORT} }}",
        None,
        allowed(MEMBERS, _state("SUBMITTED")),
        {},
    ),
    (
        "meTooHazardReport",
        "mutation($id: ID!) { meTooHazardReport(id: $id)"
        " { report { meTooCount } errors { code } } }",
        _id("submitted"),
        allowed(
            MEMBERS,
            ok(report={"meTooCount": 1}),
            resident=refused("OWN_REPORT", report=None),
        ),
        {},
    ),
    (
        "confirmHazardReport",
        f"mutation($id: ID!) {{ confirmHazardReport(id: $id) {REPORT} }}",
        _id("submitted"),
        allowed(OFFICE, _state("CONFIRMED")),
        {},
    ),
    (
        "startHazardReport",
        f"mutation($id: ID!) {{ startHazardReport(id: $id) {REPORT} }}",
        _id("confirmed"),
        allowed(OFFICE, _state("IN_PROGRESS")),
        {},
    ),
    (
        "fixHazardReport",
        f'mutation($id: ID!) {{ fixHazardReport(id: $id, note: "已更换阀门") {REPORT} }}',
        _id("confirmed"),
        allowed(OFFICE, _state("FIXED")),
        {},
    ),
    (
        "closeHazardReport",
        "mutation($id: ID!) { closeHazardReport(id: $id, outcome: NOT_A_HAZARD,"
        f' reason: "正常气味") {REPORT} }}',
        _id("submitted"),
        allowed(OFFICE, _state("NOT_A_HAZARD")),
        {},
    ),
    (
        "markHazardReportDuplicate",
        "mutation($id: ID!, $o: ID!) { markHazardReportDuplicate(id: $id, originalId: $o)"
        f" {REPORT} }}",
        lambda world, actor: {"id": world.ids["second_submitted"], "o": world.ids["submitted"]},
        allowed(OFFICE, _state("DUPLICATE")),
        {},
    ),
    (
        "blowHazardWhistle",
        'mutation($id: ID!) { blowHazardWhistle(id: $id, reason: "隐患严重")'
        " { report { level } errors { code } } }",
        _id("submitted"),
        allowed(OFFICE, ok(report={"level": "COMMUNITY"})),
        {},
    ),
    (
        "reopenHazardReport",
        f'mutation($id: ID!) {{ reopenHazardReport(id: $id, reason: "又漏气了") {REPORT} }}',
        _id("fixed"),
        allowed(
            MEMBERS,
            refused("NOT_YOUR_REPORT", report=None),
            resident=_state("IN_PROGRESS"),
        ),
        {},
    ),
    (
        "checkInHazardReferral",
        'mutation($t: String!) { checkInHazardReferral(token: $t, note: "已派人")'
        " { reportState firstTime errors { code } } }",
        lambda world, actor: {"t": world.ids["referral_token"]},
        allowed(EVERYONE, ok(reportState="IN_PROGRESS", firstTime=True)),
        {
            "outsider_variables": lambda world: {"t": world.ids["foreign_token"]},
            "refused_with": "INVALID_LINK",
        },
    ),
    (
        "drawHazardGrid",
        'mutation { drawHazardGrid(input: {name: "枫林苑微网格", outline: [{lat: 30.601,'
        " lng: 104.101}, {lat: 30.601, lng: 104.102}, {lat: 30.602, lng: 104.102}]})"
        " { grid { name isMicro } errors { code } } }",
        None,
        allowed(OFFICE, ok(grid={"name": "枫林苑微网格", "isMicro": False})),
        {},
    ),
    (
        "setHazardGridMember",
        "mutation($g: ID!, $m: ID!) { setHazardGridMember(gridId: $g, memberId: $m,"
        " role: WORKER) { role errors { code } } }",
        lambda world, actor: {
            "g": world.ids["hazard_grid"],
            "m": world.member_id(world.people["resident"]),
        },
        allowed(OFFICE, ok(role="WORKER")),
        {},
    ),
    (
        "createHazardDepartment",
        'mutation { createHazardDepartment(name: "城管执法中队", email: "cg@example.cn",'
        " categories: [ROAD]) { department { name } errors { code } } }",
        None,
        allowed(OFFICE, ok(department={"name": "城管执法中队"})),
        {},
    ),
    (
        "setHazardRules",
        "mutation { setHazardRules(limits: [4, 8, 16, 24], rewardPoints: 10, dailyCap: 30)"
        " { limits errors { code } } }",
        None,
        allowed(OFFICE, ok(limits=[4, 8, 16, 24])),
        {},
    ),
    (
        "startHazardCampaign",
        'mutation($g: ID!) { startHazardCampaign(input: {title: "文明创建", unit: HOUSEHOLD,'
        " gridIds: [$g]}) { campaign { title progress { total } } errors { code } } }",
        lambda world, actor: {"g": world.ids["hazard_grid"]},
        allowed(OFFICE, ok(campaign={"title": "文明创建", "progress": [{"total": 2}]})),
        {},
    ),
    (
        "recordHazardVisit",
        "mutation($i: ID!) { recordHazardVisit(id: $i, outcome: DONE)"
        " { item { outcome } changed errors { code } } }",
        lambda world, actor: {"i": world.ids["hazard_campaign_item"]},
        allowed(OFFICE, ok(item={"outcome": "DONE"}, changed=True)),
        {},
    ),
    (
        "closeHazardCampaign",
        "mutation($c: ID!) { closeHazardCampaign(id: $c) { campaign { status } errors { code } } }",
        lambda world, actor: {"c": world.ids["hazard_campaign"]},
        allowed(OFFICE, ok(campaign={"status": "CLOSED"})),
        {},
    ),
    (
        "renameHazardState",
        'mutation { renameHazardState(state: REFERRED, name: "已吹哨")'
        " { states { name } errors { code } } }",
        None,
        allowed(OFFICE, ok(states=[{"name": n} for n in RENAMED])),
        {},
    ),
    (
        "addHazardState",
        'mutation { addHazardState(input: {name: "已整改待验收", kind: "fixed", after: "fixed",'
        ' sources: ["in_progress"]}) { state { code kind } errors { code } } }',
        None,
        allowed(OFFICE, ok(state={"code": "added_2", "kind": "FIXED"})),
        {},
    ),
    (
        "moveHazardReportToState",
        'mutation($id: ID!) { moveHazardReportToState(id: $id, state: "added_1")'
        " { report { state addedState } errors { code } } }",
        _id("confirmed"),
        allowed(OFFICE, ok(report={"state": "IN_PROGRESS", "addedState": "added_1"})),
        {},
    ),
    (
        "importHazardHouseholds",
        'mutation($g: ID!) { importHazardHouseholds(gridId: $g, csv: "华府1栋,1单元,101")'
        " { newHouseholds saved errors { code } } }",
        lambda world, actor: {"g": world.ids["hazard_grid"]},
        allowed(OFFICE, ok(newHouseholds=1, saved=True)),
        {},
    ),
    (
        "addHazardHousehold",
        'mutation($g: ID!) { addHazardHousehold(gridId: $g, building: "华府2栋", door: "201")'
        " { building { name households } errors { code } } }",
        lambda world, actor: {"g": world.ids["hazard_grid"]},
        allowed(OFFICE, ok(building={"name": "华府2栋", "households": ["201"]})),
        {},
    ),
    (
        "setHazardHoliday",
        'mutation { setHazardHoliday(day: "2027-01-01", name: "元旦") { day errors { code } } }',
        None,
        allowed(OFFICE, ok(day="2027-01-01")),
        {},
    ),
):
    register(
        Operation(name, document, variables=variables, answers=answers, markers=_markers, **extra)
    )
