"""The need, task and project state machines: every allowed move, every refused one, and a
refused move changes nothing."""

import pytest

from commonweal.governance.needs.models import (
    Need,
    NeedStatus,
    NeedTransition,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
)
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.governance.needs.services.needs import TRANSITIONS
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.models import SearchDocument
from tests.governance.needs.fixtures import need_in, published_task, raise_need
from tests.partners.fixtures import in_schema

N = NeedStatus
STARTS = [N.SUBMITTED, N.ACCEPTED, N.WISH, N.IN_PROGRESS, N.RESOLVED, N.CLOSED, N.DECLINED]


@pytest.mark.parametrize("verb", sorted(TRANSITIONS))
def test_every_need_move_from_every_state(fengshu, people, verb):
    for start in STARTS:
        _try_move(fengshu, people, verb, start)


def _try_move(fengshu, people, verb, start):
    # given a need in `start`
    need = need_in(fengshu, start, people)
    rule = TRANSITIONS[verb]
    with in_schema(fengshu):
        log_before = NeedTransition.objects.filter(need=need).count()
        if verb == "merge":
            other = need_services._create(
                actor=people.staff,
                title="另一个",
                description="另一个需求",
                category="facilities",
                place="",
                lat=None,
                lng=None,
            )
            act = lambda: need_services.need_merge(  # noqa: E731
                actor=people.staff, community=fengshu, need=need, into=other
            )
        else:
            act = lambda: need_services._move(  # noqa: E731
                actor=people.staff, community=fengshu, need=need, verb=verb, reason="原因"
            )
        # when staff try the verb
        if start in rule.sources:
            act()
            # then it moves and is recorded once
            need.refresh_from_db()
            assert need.status == rule.target
            last = NeedTransition.objects.filter(need=need).last()
            assert (last.from_status, last.to_status, last.actor_id) == (
                start,
                rule.target,
                people.staff.pk,
            )
        else:
            with pytest.raises(DomainError) as refused:
                act()
            # then it is refused with a code and nothing changed
            assert refused.value.code == "INVALID_TRANSITION"
            need.refresh_from_db()
            assert need.status == start
            assert NeedTransition.objects.filter(need=need).count() == log_before


def test_declining_needs_a_reason_and_changes_nothing_without(fengshu, people):
    need = raise_need(fengshu, people.resident)
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        need_services.need_decline(actor=people.staff, community=fengshu, need=need, reason=" ")
    assert (refused.value.code, refused.value.field) == ("REASON_REQUIRED", "reason")
    with in_schema(fengshu):
        assert Need.objects.get(pk=need.pk).status == N.SUBMITTED


def test_accepted_needs_are_public_documents_without_personal_data(fengshu, people):
    need = need_in(fengshu, N.SUBMITTED, people)
    assert not SearchDocument.objects.filter(kind="need", key=str(need.pk), visible=True).exists()
    with in_schema(fengshu):
        need_services.need_accept(actor=people.staff, community=fengshu, need=need)
    document = SearchDocument.objects.get(kind="need", key=str(need.pk))
    assert document.visible is True
    assert document.title == "时间银行广场缺少座椅"
    assert document.url == f"/needs/{need.pk}/"
    text = " ".join([document.title, document.body, *document.tags])
    assert "张伟" not in text and people.resident.email not in text
    with in_schema(fengshu):
        need_services.need_decline(
            actor=people.staff, community=fengshu, need=need, reason="不属于社区职责"
        )
    assert SearchDocument.objects.get(kind="need", key=str(need.pk)).visible is False


def test_a_task_from_needs_to_a_completed_project_resolves_the_needs(fengshu, people):
    # given an accepted need and a published task carrying it
    need = need_in(fengshu, N.ACCEPTED, people)
    task = published_task(fengshu, people, need)
    with in_schema(fengshu):
        assert Need.objects.get(pk=need.pk).status == N.IN_PROGRESS
        # when the property company responds and staff choose it
        response = task_services.task_respond(
            actor=people.representative,
            community=fengshu,
            task=task,
            partnership=people.partner,
            offer="我们免费安装 4 张座椅",
        )
        other = task_services.task_respond(
            actor=people.other_representative,
            community=fengshu,
            task=task,
            partnership=people.other_partner,
            offer="提供座椅，收取成本费",
        )
        project = task_services.task_choose(
            actor=people.staff, community=fengshu, task=task, response_ids=[response.pk]
        )
        assert Task.objects.get(pk=task.pk).status == TaskStatus.AWARDED
        other.refresh_from_db()
        response.refresh_from_db()
        assert (response.status, other.status) == ("chosen", "not_chosen")
        assert list(project.partnerships.values_list("pk", flat=True)) == [people.partner.pk]
        milestone = project_services.milestone_add(
            actor=people.staff, community=fengshu, project=project, title="采购", due_on=task.due_on
        )
        # then it cannot complete while a milestone is open
        with pytest.raises(DomainError) as refused:
            project_services.project_complete(
                actor=people.staff, community=fengshu, project=project
            )
        assert refused.value.code == "MILESTONES_OPEN"
        project_services.milestone_complete(
            actor=people.representative, community=fengshu, milestone=milestone
        )
        project_services.project_complete(actor=people.staff, community=fengshu, project=project)
        # and completing it resolves the need
        assert Project.objects.get(pk=project.pk).status == ProjectStatus.COMPLETED
        resolved = Need.objects.get(pk=need.pk)
        assert resolved.status == N.RESOLVED
        assert resolved.resolved_at == resolved.status_changed_at


def test_only_published_tasks_take_responses_and_only_once_per_partner(fengshu, people):
    task = published_task(fengshu, people)
    with in_schema(fengshu):
        task_services.task_respond(
            actor=people.representative,
            community=fengshu,
            task=task,
            partnership=people.partner,
            offer="承接",
        )
        with pytest.raises(DomainError) as refused:
            task_services.task_respond(
                actor=people.representative,
                community=fengshu,
                task=task,
                partnership=people.partner,
                offer="再次承接",
            )
        assert refused.value.code == "ALREADY_RESPONDED"
        task_services.task_cancel(actor=people.staff, community=fengshu, task=task, reason="取消")
        with pytest.raises(DomainError) as closed:
            task_services.task_respond(
                actor=people.other_representative,
                community=fengshu,
                task=task,
                partnership=people.other_partner,
                offer="承接",
            )
        assert closed.value.code == "INVALID_TRANSITION"
        assert task.responses.count() == 1


def test_a_representative_answers_only_for_their_own_partnership(fengshu, people):
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        task_services.represented_partnership(
            actor=people.representative, partnership_id=people.other_partner.pk
        )
    assert refused.value.code == "NOT_FOUND"


def test_merging_moves_the_people_behind_a_duplicate_once_each(fengshu, people):
    keep = need_in(fengshu, N.ACCEPTED, people)
    duplicate = raise_need(fengshu, people.neighbour, title="广场没有座椅")
    with in_schema(fengshu):
        need_services.need_second(actor=people.resident, community=fengshu, need=duplicate)
        need_services.need_merge(actor=people.staff, community=fengshu, need=duplicate, into=keep)
        keep.refresh_from_db()
        duplicate.refresh_from_db()
        # the neighbour (raiser) joins; the resident already raised `keep` and is not added
        assert sorted(keep.supports.values_list("user_id", flat=True)) == [people.neighbour.pk]
        assert keep.support_count == 1
        assert (duplicate.status, duplicate.merged_into_id) == (N.MERGED, keep.pk)


def test_only_the_people_behind_a_resolved_need_rate_it_once(fengshu, people):
    need = need_in(fengshu, N.ACCEPTED, people)
    with in_schema(fengshu):
        need_services.need_second(actor=people.neighbour, community=fengshu, need=need)
        for verb in ("start", "resolve"):
            need = need_services._move(actor=people.staff, community=fengshu, need=need, verb=verb)
        rating = need_services.need_rate(
            actor=people.neighbour, community=fengshu, need=need, score=5
        )
        assert (rating.user_id, rating.score) == (people.neighbour.pk, 5)
        with pytest.raises(DomainError) as twice:
            need_services.need_rate(actor=people.neighbour, community=fengshu, need=need, score=1)
        assert twice.value.code == "ALREADY_RATED"
        with pytest.raises(DomainError) as stranger:
            need_services.need_rate(actor=people.staff, community=fengshu, need=need, score=4)
        assert stranger.value.code == "NOT_ELIGIBLE_TO_RATE"
        with pytest.raises(DomainError) as bad:
            need_services.need_rate(actor=people.resident, community=fengshu, need=need, score=6)
        assert (bad.value.code, bad.value.field) == ("INVALID_RATING", "score")
        assert list(need.ratings.values_list("score", flat=True)) == [5]
