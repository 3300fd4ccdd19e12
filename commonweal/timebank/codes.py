"""Signed, rotating check-in codes.

A code is `<task id>.<time step>.<signature>`: the organiser's screen shows a new one every
`code_step_seconds` (30–60 s). The signature is an HMAC (SECRET_KEY, salted per task) of the
task id and the step, so a code cannot be made without the server's key, names exactly one
task, and goes stale: the current step and the one before are accepted (a scan started just
before the screen changed still counts), nothing older, nothing from the future.

`read()` checks only the code itself; whether the task is open, the window and the sign-up
are the check-in service's business.
"""

import hmac
import time
from dataclasses import dataclass

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode

SALT = "commonweal.timebank.check-in"
STEPS_ACCEPTED = 2  # this step and the previous one


def step_of(at: float, step_seconds: int) -> int:
    return int(at // step_seconds)


def _signature(task, step: int) -> str:
    return salted_hmac(SALT, f"{task.pk}:{task.code_salt}:{step}", algorithm="sha256").hexdigest()[
        :24
    ]


def issue(task, *, step_seconds: int, at: float | None = None) -> str:
    """The code shown on the organiser's screen now (or at `at`, a Unix time)."""
    step = step_of(time.time() if at is None else at, step_seconds)
    return f"{task.pk}.{step}.{_signature(task, step)}"


def seconds_left(*, step_seconds: int, at: float | None = None) -> int:
    now = time.time() if at is None else at
    return int(step_seconds - now % step_seconds) or step_seconds


@dataclass(frozen=True)
class Code:
    task_id: int
    step: int
    signature: str


def parse(code: str) -> Code:
    """Split a code; anything malformed is refused as forged."""
    parts = (code or "").strip().split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[2]) > 64:
        raise _forged()
    return Code(int(parts[0]), int(parts[1]), parts[2])


def read(code: str, *, task, step_seconds: int, at: float | None = None, other_task=None) -> Code:
    """Check `code` against `task` at `at`: refuses a forged, other task's or stale code.
    `other_task(pk)` finds the task a code names when it is not `task`, so that a genuine
    code of another task is told apart from a forgery."""
    parsed = parse(code)
    if parsed.task_id != task.pk:
        named = other_task(parsed.task_id) if other_task else None
        if named is not None and hmac.compare_digest(
            _signature(named, parsed.step), parsed.signature
        ):
            raise DomainError(
                TimebankErrorCode.CODE_OTHER_TASK,
                _("This code belongs to another task."),
                field="code",
            )
        raise _forged()
    if not hmac.compare_digest(_signature(task, parsed.step), parsed.signature):
        raise _forged()
    now_step = step_of(time.time() if at is None else at, step_seconds)
    if not now_step - STEPS_ACCEPTED < parsed.step <= now_step:
        raise DomainError(
            TimebankErrorCode.CODE_EXPIRED,
            _("This code has expired: scan the code on the organiser's screen again."),
            field="code",
        )
    return parsed


def _forged() -> DomainError:
    return DomainError(
        TimebankErrorCode.CODE_FORGED, _("This is not a valid check-in code."), field="code"
    )
