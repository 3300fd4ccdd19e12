"""The time bank over GraphQL: the volunteer's view, the merchant's and the office's."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from strawberry.relay import to_base64

from commonweal.platform.kernel.roles import Role
from commonweal.timebank import codes
from commonweal.timebank.models import Task
from tests.fixtures import StatementsRun, gql, make_member
from tests.timebank.fixtures import in_schema, make_task, signed_up
from tests.timebank.test_redemptions import make_offer

TASKS = """query { volunteerTasks(first: 100) { edges { node { id title points slotsLeft
  eligibleTeams { name } } } } }"""
ME = """query { myVolunteer { balance hours team { name } history { kind amount memo }
  upcoming { task { title } } records { hours task { title } } redemptions { code status } } }"""
REGISTER = """mutation($name: String!) { registerVolunteer(realName: $name, skills: ["宣传"]) {
  registered errors { code field } } }"""
SIGN_UP = "mutation($id: ID!) { signUpForTask(id: $id) { signUp { status } errors { code } } }"
CHECK_IN = """mutation($code: String!) { checkIn(code: $code) { result { points hours creditedNow
  method } errors { code } } }"""
REDEEM = """mutation($id: ID!) { redeemOffer(id: $id) { redemption { code status points }
  errors { code } } }"""
VERIFY = (
    "mutation($code: String!) { verifyRedemption(code: $code) { item points errors { code } } }"
)
BALANCE = """query { exchangeBalance { months { issued redeemed held expired outstanding }
  teams { team issued spent balance } merchants { merchant redeemed held exchanges } } }"""


def test_a_volunteer_registers_signs_up_checks_in_and_redeems(tb):
    resident = make_member(tb.community, Role.RESIDENT, name="新志愿者")
    client = gql(tb.community, resident)
    result = client.execute(REGISTER, {"name": "周小梅"})
    assert result["data"]["registerVolunteer"] == {"registered": True, "errors": []}
    again = client.execute(REGISTER, {"name": "周小梅"})["data"]["registerVolunteer"]
    assert again["errors"] == [{"code": "ALREADY_REGISTERED", "field": None}]

    task = make_task(tb.community, tb.staff)
    task_id = to_base64("VolunteerTask", task.pk)
    assert client.execute(SIGN_UP, {"id": task_id})["data"]["signUpForTask"] == {
        "signUp": {"status": "ACTIVE"},
        "errors": [],
    }
    code = codes.issue(task, step_seconds=45)
    first = client.execute(CHECK_IN, {"code": code})["data"]["checkIn"]
    replay = client.execute(CHECK_IN, {"code": code})["data"]["checkIn"]
    assert first["result"] == {"points": 50, "hours": "2.00", "creditedNow": True, "method": "SCAN"}
    assert replay["result"]["creditedNow"] is False
    forged = client.execute(CHECK_IN, {"code": code[:-2] + "zz"})["data"]["checkIn"]
    assert forged == {"result": None, "errors": [{"code": "CODE_FORGED"}]}

    partnership, rep = tb.partner("华西奶业")
    offer = make_offer(tb, rep, partnership, item="鲜牛奶一箱", price=30)
    redeemed = client.execute(REDEEM, {"id": to_base64("RedemptionOffer", offer.pk)})
    redemption = redeemed["data"]["redeemOffer"]["redemption"]
    assert (redemption["status"], redemption["points"]) == ("HELD", 30)

    _other, other_rep = tb.partner("伊利奶业")
    refused = gql(tb.community, other_rep).execute(VERIFY, {"code": redemption["code"]})
    assert refused["data"]["verifyRedemption"]["errors"] == [{"code": "CODE_UNKNOWN"}]
    done = gql(tb.community, rep).execute(VERIFY, {"code": redemption["code"]})
    assert done["data"]["verifyRedemption"] == {"item": "鲜牛奶一箱", "points": 30, "errors": []}

    me = client.execute(ME)["data"]["myVolunteer"]
    assert (me["balance"], me["hours"]) == (20, "2.00")
    assert [(h["kind"], h["amount"]) for h in me["history"]] == [
        ("points_held", -30),
        ("points_issued", 50),
    ]
    assert me["redemptions"][0]["status"] == "COMPLETED"

    books = gql(tb.community, tb.staff).execute(BALANCE)["data"]["exchangeBalance"]
    assert books["months"] == [
        {"issued": 50, "redeemed": 30, "held": 0, "expired": 0, "outstanding": 20}
    ]
    assert books["merchants"] == [
        {"merchant": "华西奶业", "redeemed": 30, "held": 0, "exchanges": 1}
    ]
    assert gql(tb.community, resident).execute(BALANCE)["data"]["exchangeBalance"] is None


def test_residents_cannot_publish_and_anonymous_cannot_sign_up(tb):
    create = """mutation { createVolunteerTask(input: {title: "巡逻", placeName: "川师",
      slots: 3, hours: "1", category: SAFETY_PATROL}, startsAt: "2030-01-01T09:00:00+08:00",
      endsAt: "2030-01-01T10:00:00+08:00") { task { id } errors { code } } }"""
    refused = gql(tb.community, tb.resident).execute(create)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    made = gql(tb.community, tb.grid_worker).execute(create)["data"]["createVolunteerTask"]
    assert made["errors"] == [] and made["task"]["id"]
    task = make_task(tb.community, tb.staff, starts_in=3)
    anonymous = gql(tb.community).execute(SIGN_UP, {"id": to_base64("VolunteerTask", task.pk)})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    with in_schema(tb.community):
        assert Task.objects.count() == 2


def _tasks(tb, n):
    with in_schema(tb.community):
        start = timezone.now() + timedelta(hours=1)
        Task.objects.bulk_create(
            Task(
                title=f"任务{i}",
                place_name="大观湖",
                slots=5,
                points=50,
                hours=2,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                status="published",
                status_changed_at=start,
            )
            for i in range(n)
        )
        for task in Task.objects.all()[:3]:
            task.eligible_teams.set([tb.team])


def _statements(client) -> tuple[int, list]:
    with StatementsRun(connection) as run:
        result = client.execute(TASKS)
    return len(run), result["data"]["volunteerTasks"]["edges"]


def test_the_task_list_costs_the_same_at_10_and_200_tasks(tb):
    _tasks(tb, 10)
    signed_up(tb.community, _first(tb), tb.volunteer)
    client = gql(tb.community, tb.volunteer)
    client.execute(TASKS)  # warm: session and membership
    at_10, edges = _statements(client)
    assert len(edges) == 10
    assert sorted(e["node"]["slotsLeft"] for e in edges) == [4] + [5] * 9
    _tasks(tb, 190)
    at_200, edges = _statements(client)
    assert len(edges) == 100
    assert at_200 == at_10


def _first(tb):
    with in_schema(tb.community):
        return Task.objects.order_by("pk").first()


def test_certificates_verify_on_the_platform_endpoint(tb):
    task = make_task(tb.community, tb.staff, hours="3")
    signed_up(tb.community, task, tb.volunteer)
    earn_code = codes.issue(task, step_seconds=45)
    gql(tb.community, tb.volunteer).execute(CHECK_IN, {"code": earn_code})
    issued = gql(tb.community, tb.volunteer).execute(
        "mutation { issueServiceCertificate { certificate { verificationCode hours realName }"
        " errors { code } } }"
    )["data"]["issueServiceCertificate"]["certificate"]
    assert (issued["hours"], issued["realName"]) == ("3.00", "王秀英")
    query = "query($c: String!) { verifyServiceCertificate(code: $c) { nameMasked hours tasks } }"
    found = gql(None).execute(query, {"c": issued["verificationCode"]})["data"]
    assert found["verifyServiceCertificate"] == {"nameMasked": "王**", "hours": "3.00", "tasks": 1}
    tampered = issued["verificationCode"][:-1] + (
        "0" if issued["verificationCode"][-1] != "0" else "1"
    )
    assert gql(None).execute(query, {"c": tampered})["data"]["verifyServiceCertificate"] is None
