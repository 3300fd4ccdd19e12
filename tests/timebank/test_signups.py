"""一键参与: slots, teams, cancelling before the start, and thirty at once for ten slots."""

import pytest

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import SignUp, SignUpStatus
from commonweal.timebank.services import signups
from tests.fixtures import make_user
from tests.timebank.fixtures import (
    TimeBank,
    at_once,
    in_schema,
    make_task,
    make_volunteer,
    racing_community,
    signed_up,
)


def test_a_volunteer_signs_up_once_and_the_last_slot_goes_to_one(tb):
    task = make_task(tb.community, tb.staff, slots=1, starts_in=3)
    late = make_volunteer(tb.community, team=tb.team)
    signed_up(tb.community, task, tb.volunteer, tb.volunteer)  # twice is once
    with in_schema(tb.community):
        with pytest.raises(DomainError) as refusal:
            signups.sign_up(community=tb.community, actor=late, task=task)
        assert refusal.value.code == E.TASK_FULL
        assert SignUp.objects.filter(task=task).count() == 1
        assert signups.slots_left(task) == 0


def test_only_registered_volunteers_of_an_eligible_team_sign_up(tb):
    task = make_task(tb.community, tb.staff, starts_in=3, team_ids=[tb.other_team.pk])
    with in_schema(tb.community):
        with pytest.raises(DomainError) as refusal:
            signups.sign_up(community=tb.community, actor=tb.volunteer, task=task)
        assert refusal.value.code == E.NOT_ELIGIBLE
        with pytest.raises(DomainError) as refusal:
            signups.sign_up(community=tb.community, actor=make_user(), task=task)
        assert refusal.value.code == E.NOT_REGISTERED


def test_cancel_before_the_start_frees_the_slot_and_not_after(tb):
    later = make_task(tb.community, tb.staff, slots=1, starts_in=3)
    running = make_task(tb.community, tb.staff, slots=1, starts_in=-0.5)
    signed_up(tb.community, later, tb.volunteer)
    signed_up(tb.community, running, tb.volunteer)
    with in_schema(tb.community):
        signups.sign_up_cancel(community=tb.community, actor=tb.volunteer, task=later)
        assert signups.slots_left(later) == 1
        with pytest.raises(DomainError) as refusal:
            signups.sign_up_cancel(community=tb.community, actor=tb.volunteer, task=running)
        assert refusal.value.code == E.ALREADY_STARTED
        states = dict(SignUp.objects.values_list("task_id", "status"))
    assert states == {later.pk: SignUpStatus.CANCELLED, running.pk: SignUpStatus.ACTIVE}


def test_draft_tasks_take_no_sign_ups(tb):
    task = make_task(tb.community, tb.staff, publish=False, starts_in=3)
    with in_schema(tb.community), pytest.raises(DomainError) as refusal:
        signups.sign_up(community=tb.community, actor=tb.volunteer, task=task)
    assert refusal.value.code == E.NOT_FOUND


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_sign_ups_for_ten_slots_give_exactly_ten():
    with racing_community("signuprace") as community:
        bank = TimeBank(community)
        task = make_task(community, bank.staff, slots=10, starts_in=3)
        people = [make_volunteer(community, team=bank.team) for _ in range(30)]

        outcomes = at_once(
            community,
            [
                (lambda p=p: signups.sign_up(community=community, actor=p, task=task).status)
                for p in people
            ],
        )

        assert outcomes.count(SignUpStatus.ACTIVE) == 10
        assert outcomes.count(E.TASK_FULL) == 20
        with in_schema(community):
            assert SignUp.objects.filter(task=task, status=SignUpStatus.ACTIVE).count() == 10
