"""The deliberation pages as residents, staff and the chair use them; writes go through the
services and a refused or foreign request changes nothing."""

import csv
import io
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from commonweal.governance.deliberation.models import (
    Attendance,
    Decision,
    Meeting,
    Proposal,
    Vote,
)
from tests.fixtures import host_of
from tests.governance.deliberation.fixtures import meeting, open_item, propose, set_rules, vote_with
from tests.isolation import database_state
from tests.partners.fixtures import in_schema


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(community, path, user=None):
    return _client(user).get(path, HTTP_HOST=host_of(community))


def _post(community, path, data, user=None):
    return _client(user).post(path, data, HTTP_HOST=host_of(community))


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_propose_support_review_vote_minutes_and_decision_through_the_pages(fengshu, council):
    set_rules(fengshu, support_threshold=1, quorum=1)
    response = _post(
        fengshu,
        "/deliberation/proposals/new/",
        {
            "title": "三号院停车位重新划线",
            "background": "划线模糊",
            "proposal": "重新划线",
            "scope": "place",
            "place": "三号院",
        },
        council.proposer,
    )
    with in_schema(fengshu):
        proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.path
    supporter = council.members[0]
    page = _get(fengshu, proposal.path, supporter).content.decode()
    assert f'action="{proposal.path}support/"' in page
    _post(fengshu, f"{proposal.path}support/", {}, supporter)
    with in_schema(fengshu):
        assert Proposal.objects.get().status == "in_review"
    starts = timezone.now() + timedelta(days=1)
    response = _post(
        fengshu,
        "/deliberation/meetings/new/",
        {"title": "居民议事会", "kind": "council", "starts_at": _local(starts), "place": "议事厅"},
        council.staff,
    )
    with in_schema(fengshu):
        held = Meeting.objects.get()
    assert response["Location"] == held.path and held.chair_id == council.staff.pk
    _post(fengshu, f"{proposal.path}accept/", {"meeting": held.pk}, council.staff)
    with in_schema(fengshu):
        assert Proposal.objects.get().status == "on_agenda"
        item = held.items.get()
        item.vote_opens_at = timezone.now() - timedelta(minutes=1)
        item.vote_closes_at = timezone.now() + timedelta(hours=1)
        item.save()
    _post(fengshu, f"{held.path}invite/", {"contact": supporter.email}, council.staff)
    with in_schema(fengshu):
        assert list(held.invitations.values_list("user_id", flat=True)) == [supporter.pk]
    _post(fengshu, f"{held.path}attend/", {"contact": supporter.email}, council.staff)
    _post(fengshu, f"{held.path}attend/", {"name": "王婆婆"}, council.staff)
    with in_schema(fengshu):
        assert sorted(Attendance.objects.values_list("name", flat=True)) == [
            "王婆婆",
            "议事会成员0",
        ]
    page = _get(fengshu, held.path, supporter).content.decode()
    assert 'name="choice" value="for"' in page
    _post(fengshu, f"{held.path}vote/", {"item": item.pk, "choice": "for"}, supporter)
    _post(fengshu, f"{held.path}vote/", {"item": item.pk, "choice": "against"}, supporter)
    with in_schema(fengshu):
        assert list(Vote.objects.values_list("voter_id", "choice")) == [(supporter.pk, "for")]
    _post(fengshu, f"{held.path}close/", {"item": item.pk}, council.staff)
    _post(fengshu, f"{held.path}held/", {}, council.staff)
    _post(fengshu, f"{held.path}minutes/", {"minutes": "到会 2 人，表决通过。"}, council.staff)
    assert "表决通过。" not in _get(fengshu, held.path).content.decode()
    _post(fengshu, f"{held.path}signoff/", {}, council.staff)
    public = _get(fengshu, held.path).content.decode()
    assert "到会 2 人，表决通过。" in public and "王婆婆" not in public
    due = timezone.localdate() + timedelta(days=7)
    _post(
        fengshu,
        f"{held.path}decide/",
        {"item": item.pk, "title": "重新划线", "owner": supporter.email, "due_on": str(due)},
        council.staff,
    )
    with in_schema(fengshu):
        decision = Decision.objects.get()
    assert decision.owners == [supporter.pk]
    _post(fengshu, f"{decision.path}complete/", {"note": "划线完成"}, supporter)
    _post(fengshu, f"{decision.path}rate/", {"score": "5"}, council.proposer)
    with in_schema(fengshu):
        decision.refresh_from_db()
        assert (decision.status, decision.progress, decision.ratings.get().score) == (
            "done",
            "划线完成",
            5,
        )
        assert Proposal.objects.get().status == "decided"


def test_residents_cannot_review_and_outsiders_change_nothing(fengshu, jiahonglu, council):
    proposal = propose(fengshu, council.proposer)
    held = meeting(fengshu, council.staff)
    before = database_state()
    assert _post(fengshu, f"{proposal.path}review/", {}, council.members[0]).status_code == 403
    assert _post(fengshu, f"{held.path}held/", {}, council.members[0]).status_code == 403
    assert _post(fengshu, "/deliberation/meetings/new/", {}, council.members[0]).status_code == 403
    anonymous = _post(fengshu, f"{proposal.path}support/", {})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert database_state() == before


def test_a_refusal_is_told_in_words_and_changes_nothing(fengshu, council):
    proposal = propose(fengshu, council.proposer)
    before = database_state()
    response = _client(council.staff)
    answer = response.post(
        f"{proposal.path}decline/", {"reason": " "}, HTTP_HOST=host_of(fengshu), follow=True
    )
    assert answer.status_code == 200
    assert database_state() == before
    with in_schema(fengshu):
        assert Proposal.objects.get().status == "proposed"


def test_the_public_record_exports_tallies_and_follow_up_without_names(fengshu, council):
    set_rules(fengshu, quorum=1)
    propose(fengshu, council.proposer, title="三号院停车位重新划线")
    held = meeting(fengshu, council.staff, title="居民议事会")
    item = open_item(fengshu, council.staff, held, title="是否重新划线")
    vote_with(
        fengshu, item, present=council.members[:3], staff=council.staff, against=1, **{"for": 2}
    )
    response = _get(fengshu, "/deliberation/record.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["类型", "标题", "状态", "日期", "联名人数", "表决", "进展"]
    assert [r[:3] + r[4:6] for r in rows[1:]] == [
        ["议题", "三号院停车位重新划线", "征集联名中", "0", ""],
        [
            "议事会议",
            "居民议事会 · 是否重新划线",
            "待召开",
            "",
            "赞成 2 / 反对 1 / 弃权 0，到会 3 人：通过",
        ],
    ]
    assert "议事会成员" not in response.content.decode("utf-8-sig")
