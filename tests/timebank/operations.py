"""The time bank in the operation registry (see tests/operations.py).

Community A has a team, a registered volunteer (whose real name is private) signed up for a
running task and a future one, with 100 points and 2 hours earned on a third task; a draft
task (private); the representative's partner offers 义剪 for 30 points and the volunteer holds
a code for it. The other partner's representative must not verify that code, and the
outsider must see nothing private and change nothing.
"""

from datetime import time, timedelta

from django.utils import timezone

from commonweal.timebank import codes
from commonweal.timebank.models import Redemption, VolunteerProfile
from commonweal.timebank.services import checkins, offers, redemptions, series, signups, tasks
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
from tests.partners.fixtures import in_schema

PRIVATE = {"draft": "甲方草稿志愿任务", "real_name": "甲方志愿者真名"}
ORGANISERS = OFFICE | {"representative", "other_representative"}
MERCHANTS = OFFICE | {"representative", "other_representative"}


def _task(world, title, starts_in_hours, publish=True, **fields):
    now = timezone.now()
    return tasks.task_create(
        community=world.community,
        actor=world.people["staff"],
        title=title,
        place_name="大观湖小广场",
        slots=10,
        hours="2",
        starts_at=now + timedelta(hours=starts_in_hours),
        ends_at=now + timedelta(hours=starts_in_hours + 2),
        publish=publish,
        **fields,
    )


@setup("timebank", needs=("partners",))
def _timebank(world: World) -> None:
    community, volunteer = world.community, world.people["volunteer"]
    with in_schema(community):
        from commonweal.timebank.services.volunteers import team_create

        team = team_create(actor=world.people["staff"], name="春熙嬢嬢")
        VolunteerProfile.objects.create(user=volunteer, team=team, real_name=PRIVATE["real_name"])
        running = _task(world, "燃气安全入户", -0.25)
        future = _task(world, "周六上午 安全巡逻", 72)
        earned = _task(world, "大观湖环境整治", -0.5, points=100)  # 70 left after the hold
        draft = _task(world, PRIVATE["draft"], 48, publish=False)
        for task in (running, future, earned):
            signups.sign_up(community=community, actor=volunteer, task=task)
        checkins.check_in(
            community=community, actor=volunteer, code=codes.issue(earned, step_seconds=45)
        )
        partnership = world.ids["partnership"]
        offer = offers.offer_create(
            community=community,
            actor=world.people["representative"],
            partnership_id=partnership.pk,
            item="义剪一次",
            price=30,
            stock=10,
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=30),
        )
        held = redemptions.redeem(community=community, actor=volunteer, offer=offer)
        day = timezone.localdate() + timedelta(days=2)
        weekly = series.series_create(
            community=community,
            actor=world.people["staff"],
            title="每周环境整治",
            place_name="大观湖小广场",
            slots=10,
            hours="2",
            weekdays=[day.weekday()],
            start_time=time(9),
            end_time=time(11),
            first_day=day,
            last_day=day,
        )
        weekly_day = weekly.tasks.get()
    world.ids |= {
        "series_task": global_id("VolunteerTask", weekly_day.pk),
        "running_task": running,
        "earned_task": earned,
        "task_running": global_id("VolunteerTask", running.pk),
        "task_future": global_id("VolunteerTask", future.pk),
        "task_draft": global_id("VolunteerTask", draft.pk),
        "offer": global_id("RedemptionOffer", offer.pk),
        "redemption": global_id("MyRedemption", held.pk),
        "redemption_pk": held.pk,
        "partnership_pk": str(partnership.pk),
        "volunteer_pk": str(volunteer.pk),
    }


def _markers(world: World) -> set[str]:
    return set(PRIVATE.values()) | {world.ids["task_draft"]}


def _operation(name, document, variables=None, answers=None, **kwargs) -> None:
    register(
        Operation(name, document, variables=variables, answers=answers, markers=_markers, **kwargs)
    )


def _ids(**names):
    return lambda world, actor: {key: world.ids[value] for key, value in names.items()}


def _code_of(task_key):
    def variables(world, actor):
        with in_schema(world.community):
            return {"code": codes.issue(world.ids[task_key], step_seconds=45)}

    return variables


def _held_code(world, actor):
    with in_schema(world.community):
        code = Redemption.objects.get(pk=world.ids["redemption_pk"]).code
    return {"code": code}


# --- queries (isolation only) ---------------------------------------------------------------

_operation(
    "volunteerTasks",
    "query { volunteerTasks(first: 50) { edges { node { id title status slotsLeft } } } }",
)
_operation(
    "volunteerTask",
    "query($id: ID!) { volunteerTask(id: $id) { id title status } }",
    _ids(id="task_draft"),
    insider_sees_markers=True,
)
_operation("volunteerTeams", "query { volunteerTeams { id name } }")
_operation(
    "redemptionOffers",
    "query { redemptionOffers(first: 20) { edges { node { id item price stock merchantName } } } }",
)
_operation(
    "myVolunteer",
    "query { myVolunteer { realName balance hours history { memo amount }"
    " redemptions { code } upcoming { task { title } } } }",
)
_operation(
    "organisedVolunteerTasks",
    "query { organisedVolunteerTasks(first: 50) { edges { node { id title status } } } }",
    insider_sees_markers=True,
)
_operation(
    "taskCheckInCode",
    "query($id: ID!) { taskCheckInCode(id: $id) { code url secondsLeft } }",
    _ids(id="task_running"),
)
_operation(
    "merchantRedemptions",
    "query { merchantRedemptions(first: 20) { edges { node { id points status } } } }",
)
_operation(
    "exchangeBalance",
    "query { exchangeBalance { months { issued held } teams { team balance }"
    " merchants { merchant held } } }",
)
_operation("volunteerLeaderboard", "query { volunteerLeaderboard { name hours } }")
_operation(
    "verifyServiceCertificate",
    'query { verifyServiceCertificate(code: "fengshu.1.0000") { nameMasked hours } }',
)

# --- volunteers and teams -------------------------------------------------------------------

_operation(
    "registerVolunteer",
    'mutation { registerVolunteer(realName: "新志愿者") { registered errors { code } } }',
    answers=allowed(
        MEMBERS,
        ok(registered=True),
        volunteer=refused("ALREADY_REGISTERED", registered=None),
    ),
)
_operation(
    "updateMyVolunteer",
    'mutation { updateMyVolunteer(skills: ["理发", "陪诊"], onLeaderboard: true)'
    " { skills onLeaderboard errors { code } } }",
    answers=allowed(
        MEMBERS,
        refused("NOT_REGISTERED", skills=None, onLeaderboard=None),
        volunteer=ok(skills=["理发", "陪诊"], onLeaderboard=True),
    ),
)
_operation(
    "createVolunteerTeam",
    'mutation { createVolunteerTeam(name: "督院雏鹰") { team { name } errors { code } } }',
    answers=allowed(OFFICE, ok(team={"name": "督院雏鹰"})),
)

# --- tasks ----------------------------------------------------------------------------------

_TASK_INPUT = (
    '{title: "文明劝导", placeName: "佳宏路口", slots: 5, hours: "1.5", category: CIVILITY}'
)
_WINDOW = 'startsAt: "2099-01-03T09:00:00+08:00", endsAt: "2099-01-03T11:00:00+08:00"'
_operation(
    "createVolunteerTask",
    f"mutation {{ createVolunteerTask(input: {_TASK_INPUT}, {_WINDOW})"
    " { task { title status points } errors { code } } }",
    answers=allowed(
        ORGANISERS,
        ok(task={"title": "文明劝导", "status": "DRAFT", "points": 50}),
        representative=refused("NOT_ORGANISER", task=None),
        other_representative=refused("NOT_ORGANISER", task=None),
    ),
)
_operation(
    "createRecurringVolunteerTask",
    f"mutation {{ createRecurringVolunteerTask(input: {_TASK_INPUT}, weekdays: [5],"
    ' startTime: "09:00:00", endTime: "11:30:00", firstDay: "2099-01-03")'
    " { tasks { title } errors { code } } }",
    answers=allowed(
        ORGANISERS,
        ok(tasks=[]),
        representative=refused("NOT_ORGANISER", tasks=None),
        other_representative=refused("NOT_ORGANISER", tasks=None),
    ),
)
for _field, _target, _args, _status in [
    ("publishVolunteerTask", "task_draft", "", "PUBLISHED"),
    ("completeVolunteerTask", "task_running", "", "COMPLETED"),
    ("cancelVolunteerTask", "task_future", ', reason: "暴雨预警"', "CANCELLED"),
]:
    _operation(
        _field,
        f"mutation($id: ID!) {{ {_field}(id: $id{_args})"
        " { task { status } errors { code } } }",
        _ids(id=_target),
        allowed(
            ORGANISERS,
            ok(task={"status": _status}),
            representative=refused("NOT_FOUND", task=None),
            other_representative=refused("NOT_FOUND", task=None),
        ),
    )

_operation(
    "stopTaskSeries",
    'mutation($id: ID!) { stopTaskSeries(id: $id, reason: "广场改造，活动暂停")'
    " { cancelled { status } errors { code } } }",
    _ids(id="series_task"),
    allowed(
        ORGANISERS,
        ok(cancelled=[{"status": "CANCELLED"}]),
        representative=refused("NOT_FOUND", cancelled=None),
        other_representative=refused("NOT_FOUND", cancelled=None),
    ),
)

# --- sign-ups and check-ins -------------------------------------------------------------------

_operation(
    "signUpForTask",
    "mutation($id: ID!) { signUpForTask(id: $id) { signUp { status } errors { code } } }",
    _ids(id="task_future"),
    allowed({"volunteer"}, ok(signUp={"status": "ACTIVE"})),
)
_operation(
    "cancelTaskSignUp",
    "mutation($id: ID!) { cancelTaskSignUp(id: $id) { signUp { status } errors { code } } }",
    _ids(id="task_future"),
    allowed({"volunteer"}, ok(signUp={"status": "CANCELLED"})),
)
_operation(
    "checkIn",
    "mutation($code: String!) { checkIn(code: $code) { result { points creditedNow method }"
    " errors { code } } }",
    _code_of("running_task"),
    allowed({"volunteer"}, ok(result={"points": 50, "creditedNow": True, "method": "SCAN"})),
)
_operation(
    "checkOut",
    "mutation($code: String!) { checkOut(code: $code) { result { points creditedNow }"
    " errors { code } } }",
    _code_of("earned_task"),
    allowed({"volunteer"}, ok(result={"points": 100, "creditedNow": False})),
)
_operation(
    "checkInOnBehalf",
    "mutation($task: ID!, $volunteer: ID!) { checkInOnBehalf(taskId: $task,"
    " volunteerId: $volunteer) { result { method points } errors { code } } }",
    _ids(task="task_running", volunteer="volunteer_pk"),
    allowed(
        ORGANISERS,
        ok(result={"method": "PROXY", "points": 50}),
        representative=refused("NOT_FOUND", result=None),
        other_representative=refused("NOT_FOUND", result=None),
    ),
)

# --- the exchange ---------------------------------------------------------------------------

_operation(
    "createRedemptionOffer",
    'mutation($p: ID!) { createRedemptionOffer(partnershipId: $p, item: "缝补一次", price: 80,'
    ' stock: 5, validFrom: "2026-01-01", validUntil: "2099-12-31")'
    " { offer { item price } errors { code } } }",
    _ids(p="partnership_pk"),
    allowed(
        MERCHANTS,
        ok(offer={"item": "缝补一次", "price": 80}),
        other_representative=refused("NOT_A_PARTNER", offer=None),
    ),
)
_operation(
    "withdrawRedemptionOffer",
    "mutation($id: ID!) { withdrawRedemptionOffer(id: $id) { offer { item } errors { code } } }",
    _ids(id="offer"),
    allowed(
        MERCHANTS,
        ok(offer={"item": "义剪一次"}),
        other_representative=refused("NOT_FOUND", offer=None),
    ),
)
_operation(
    "redeemOffer",
    "mutation($id: ID!) { redeemOffer(id: $id) { redemption { status points } errors { code } } }",
    _ids(id="offer"),
    allowed({"volunteer"}, ok(redemption={"status": "HELD", "points": 30})),
)
_operation(
    "cancelRedemption",
    "mutation($id: ID!) { cancelRedemption(id: $id) { redemption { status } errors { code } } }",
    _ids(id="redemption"),
    allowed({"volunteer"}, ok(redemption={"status": "CANCELLED"})),
)
_operation(
    "verifyRedemption",
    "mutation($code: String!) { verifyRedemption(code: $code) { item points errors { code } } }",
    _held_code,
    allowed(
        {"representative", "other_representative"},
        ok(item="义剪一次", points=30),
        other_representative=refused("CODE_UNKNOWN", item=None, points=None),
    ),
)
_operation(
    "issueServiceCertificate",
    "mutation { issueServiceCertificate { certificate { hours tasks } errors { code } } }",
    answers=allowed({"volunteer"}, ok(certificate={"hours": "2.00", "tasks": 1})),
)
