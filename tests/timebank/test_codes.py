"""The signed rotating check-in code, on its own."""

import pytest

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank import codes
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import Task

T0 = 1_780_000_020.0  # on a 45-second step boundary + 20 s


def _task(pk, salt="a1b2c3d4e5f60718"):
    return Task(pk=pk, code_salt=salt)


def _refusal(code, task, at, **kw):
    with pytest.raises(DomainError) as refusal:
        codes.read(code, task=task, step_seconds=45, at=at, **kw)
    return refusal.value.code


@pytest.mark.parametrize("later", [0, 44, 45, 89])
def test_the_current_and_previous_step_are_accepted(later):
    task = _task(7)
    code = codes.issue(task, step_seconds=45, at=T0)
    step = codes.read(code, task=task, step_seconds=45, at=T0 + later - (T0 % 45)).step
    assert step == int(T0 // 45)


def test_an_older_or_future_code_is_expired():
    task = _task(7)
    code = codes.issue(task, step_seconds=45, at=T0)
    start = T0 - T0 % 45
    assert _refusal(code, task, start + 90) == E.CODE_EXPIRED
    assert _refusal(code, task, start - 1) == E.CODE_EXPIRED


def test_a_tampered_signature_step_or_garbage_is_forged():
    task = _task(7)
    code = codes.issue(task, step_seconds=45, at=T0)
    task_id, step, signature = code.split(".")
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    assert _refusal(f"{task_id}.{step}.{flipped}", task, T0) == E.CODE_FORGED
    assert _refusal(f"{task_id}.{int(step) + 1}.{signature}", task, T0 + 45) == E.CODE_FORGED
    assert _refusal("hello", task, T0) == E.CODE_FORGED
    # same id, another salt (a task rebuilt elsewhere): forged
    assert _refusal(code, _task(7, salt="ffffffffffffffff"), T0) == E.CODE_FORGED


def test_another_tasks_genuine_code_is_told_apart_from_a_forgery():
    mine, theirs = _task(7), _task(8)
    their_code = codes.issue(theirs, step_seconds=45, at=T0)
    lookup = {8: theirs}.get
    assert _refusal(their_code, mine, T0, other_task=lookup) == E.CODE_OTHER_TASK
    forged = their_code[:-1] + ("0" if their_code[-1] != "0" else "1")
    assert _refusal(forged, mine, T0, other_task=lookup) == E.CODE_FORGED
