"""Staff confirm a suggested resource for a need (确认匹配) and withdraw it: over GraphQL and
on the need's page. Refusals are coded and change nothing; the partner behind a confirmed
commitment is told once; the public reads the resource's name, never who confirmed it."""

from django.test import Client
from strawberry.relay import to_base64

from commonweal.governance.needs.models import CommunityResource, NeedMatch, NeedStatus
from commonweal.partners.models import ResourceCommitment
from commonweal.platform.notifications.models import Notification
from tests.fixtures import gql, host_of
from tests.governance.needs.fixtures import need_in
from tests.isolation import database_state
from tests.partners.fixtures import in_schema

SUGGESTIONS = "query($id: ID!) { needSuggestions(id: $id) { resource { resourceId title } } }"
CONFIRM = """mutation($id: ID!, $r: ID!) { confirmNeedMatch(id: $id, resourceId: $r) {
  match { id title provider reason withdrawnAt } errors { code field } } }"""
WITHDRAW = """mutation($id: ID!) { withdrawNeedMatch(id: $id) {
  match { title withdrawnAt } errors { code } } }"""
MATCHES = "query($id: ID!) { need(id: $id) { confirmedMatches { title provider } } }"


def _commitment(people, title="上门安装户外座椅", schedule="每周六上午 时间广场座椅"):
    return ResourceCommitment.objects.create(
        partnership=people.partner,
        kind="service",
        title=title,
        quantity=4,
        unit="张",
        schedule=schedule,
    )


def _need_id(need):
    return to_base64("Need", need.pk)


def _told(user):
    return Notification.objects.filter(kind="need.matched", user=user).count()


def test_staff_confirm_a_suggested_commitment_and_its_partner_is_told_once(fengshu, people):
    need = need_in(fengshu, NeedStatus.ACCEPTED, people, title="时间广场缺少座椅")
    with in_schema(fengshu):
        commitment = _commitment(people)
    staff = gql(fengshu, people.staff)
    suggested = staff.execute(SUGGESTIONS, {"id": _need_id(need)})["data"]["needSuggestions"]
    (resource_id,) = [
        s["resource"]["resourceId"]
        for s in suggested
        if s["resource"]["title"] == "上门安装户外座椅"
    ]
    confirmed = staff.execute(CONFIRM, {"id": _need_id(need), "r": resource_id})
    payload = confirmed["data"]["confirmNeedMatch"]
    assert payload["errors"] == []
    match = payload["match"]
    assert (match["title"], match["provider"], match["withdrawnAt"]) == (
        "上门安装户外座椅",
        "四川佳宏物业",
        None,
    )
    assert match["reason"]  # the words shared with the need, as the suggestion showed them
    with in_schema(fengshu):
        row = NeedMatch.objects.get()
        assert (row.source, row.key, row.partnership_id, row.confirmed_by_id) == (
            "partner",
            commitment.pk,
            people.partner.pk,
            people.staff.pk,
        )
        assert row.reason == match["reason"] and row.confirmed_at is not None
    assert (_told(people.representative), _told(people.other_representative)) == (1, 0)

    # the same resource again: refused, nothing changes, nobody is told twice
    before = database_state()
    again = staff.execute(CONFIRM, {"id": _need_id(need), "r": resource_id})
    assert again["data"]["confirmNeedMatch"] == {
        "match": None,
        "errors": [{"code": "ALREADY_MATCHED", "field": "resourceId"}],
    }
    assert database_state() == before
    assert _told(people.representative) == 1

    # everyone reading the need sees the resource's name and provider, nothing of a person
    for reader in (gql(fengshu), gql(fengshu, people.resident)):
        assert reader.execute(MATCHES, {"id": _need_id(need)})["data"]["need"] == {
            "confirmedMatches": [{"title": "上门安装户外座椅", "provider": "四川佳宏物业"}]
        }


def test_refused_confirmations_are_coded_and_change_nothing(fengshu, jiahonglu, people):
    declined = need_in(fengshu, NeedStatus.DECLINED, people)
    closed = need_in(fengshu, NeedStatus.CLOSED, people)
    accepted = need_in(fengshu, NeedStatus.ACCEPTED, people)
    with in_schema(fengshu):
        room = CommunityResource.objects.create(
            title="社区活动室", kind="room", categories=["facilities"]
        )
        unavailable = CommunityResource.objects.create(
            title="维修中的会议室", kind="room", categories=["facilities"], available=False
        )
    with in_schema(jiahonglu):
        elsewhere = CommunityResource.objects.create(
            title="佳宏路活动室", kind="room", categories=["facilities"]
        )
    ours = to_base64("CommunityResource", f"c_fengshu:{room.pk}")
    staff = gql(fengshu, people.staff)
    before = database_state()
    cases = [
        (declined, ours, "INVALID_TRANSITION"),
        (closed, ours, "INVALID_TRANSITION"),
        # another community's resource, even when its key exists here too
        (accepted, to_base64("CommunityResource", f"c_jiahonglu:{elsewhere.pk}"), "NOT_FOUND"),
        (accepted, to_base64("CommunityResource", f"c_fengshu:{unavailable.pk}"), "NOT_FOUND"),
        (accepted, to_base64("CommunityResource", "c_fengshu:999999"), "NOT_FOUND"),
        (accepted, to_base64("Need", f"c_fengshu:{accepted.pk}"), "NOT_FOUND"),
    ]
    for need, resource, code in cases:
        answer = staff.execute(CONFIRM, {"id": _need_id(need), "r": resource})
        assert answer["data"]["confirmNeedMatch"]["match"] is None, (need.status, code)
        assert [e["code"] for e in answer["data"]["confirmNeedMatch"]["errors"]] == [code]
    # people outside the office may not confirm at all
    for user in (people.resident, people.representative, people.grid_worker, None):
        answer = gql(fengshu, user).execute(CONFIRM, {"id": _need_id(accepted), "r": ours})
        assert answer["data"] is None or answer["data"]["confirmNeedMatch"] is None
        assert answer["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "UNAUTHENTICATED")
    assert database_state() == before


def test_staff_withdraw_a_match_and_may_confirm_it_again(fengshu, people):
    need = need_in(fengshu, NeedStatus.IN_PROGRESS, people)
    with in_schema(fengshu):
        room = CommunityResource.objects.create(
            title="社区活动室", kind="room", categories=["facilities"]
        )
    resource = to_base64("CommunityResource", f"c_fengshu:{room.pk}")
    admin = gql(fengshu, people.admin)
    match = admin.execute(CONFIRM, {"id": _need_id(need), "r": resource})["data"][
        "confirmNeedMatch"
    ]["match"]
    assert match["provider"] == "社区"
    # a community resource has no partner to tell
    assert Notification.objects.filter(kind="need.matched").count() == 0

    before = database_state()
    refused = gql(fengshu, people.resident).execute(WITHDRAW, {"id": match["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert database_state() == before

    withdrawn = admin.execute(WITHDRAW, {"id": match["id"]})["data"]["withdrawNeedMatch"]
    assert withdrawn["errors"] == [] and withdrawn["match"]["withdrawnAt"] is not None
    with in_schema(fengshu):
        row = NeedMatch.objects.get()
        assert (row.withdrawn_by_id, row.withdrawn_at is not None) == (people.admin.pk, True)
    assert gql(fengshu).execute(MATCHES, {"id": _need_id(need)})["data"]["need"] == {
        "confirmedMatches": []
    }
    before = database_state()
    twice = admin.execute(WITHDRAW, {"id": match["id"]})["data"]["withdrawNeedMatch"]
    assert twice == {"match": None, "errors": [{"code": "NOT_FOUND"}]}
    assert database_state() == before
    # withdrawn, it may be confirmed again
    again = admin.execute(CONFIRM, {"id": _need_id(need), "r": resource})
    assert again["data"]["confirmNeedMatch"]["errors"] == []
    with in_schema(fengshu):
        assert NeedMatch.objects.filter(withdrawn_at__isnull=True).count() == 1


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_need_page_confirms_shows_and_withdraws_a_match(fengshu, people):
    need = need_in(fengshu, NeedStatus.ACCEPTED, people, title="时间广场缺少座椅")
    with in_schema(fengshu):
        commitment = _commitment(people)
    host = host_of(fengshu)
    staff = _client(people.staff)
    page = staff.get(need.path, HTTP_HOST=host).content.decode()
    assert "上门安装户外座椅" in page and "确认匹配" in page

    # a resident may not post the form: 403, nothing changes
    before = database_state()
    form = {"source": "partner", "key": str(commitment.pk)}
    posted = _client(people.resident).post(f"{need.path}match/", form, HTTP_HOST=host)
    assert posted.status_code == 403
    assert database_state() == before

    posted = staff.post(f"{need.path}match/", form, HTTP_HOST=host)
    assert posted.status_code == 302 and posted["Location"] == need.path
    with in_schema(fengshu):
        match = NeedMatch.objects.get()
    assert _told(people.representative) == 1
    page = staff.get(need.path, HTTP_HOST=host).content.decode()
    assert "已确认匹配" in page and "撤回匹配" in page

    # the public page names the resource and its provider, offers no staff buttons
    public = _client().get(need.path, HTTP_HOST=host).content.decode()
    assert "已确认匹配" in public and "上门安装户外座椅" in public and "四川佳宏物业" in public
    assert "确认匹配</button>" not in public and "撤回匹配" not in public
    assert "社工李强" not in public

    # confirming it again is refused in words and changes nothing
    before = database_state()
    staff.post(f"{need.path}match/", form, HTTP_HOST=host)
    assert database_state() == before

    staff.post(f"{need.path}matches/{match.pk}/withdraw/", {}, HTTP_HOST=host)
    with in_schema(fengshu):
        match.refresh_from_db()
    assert match.withdrawn_at is not None and match.withdrawn_by_id == people.staff.pk
    assert "已确认匹配" not in _client().get(need.path, HTTP_HOST=host).content.decode()
