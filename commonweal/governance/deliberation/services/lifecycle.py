"""The one gate every status change of a proposal, meeting or decision goes through.

The same contract as needs' gate: the caller's transaction holds the row lock (`lock`), the verb
is checked against the lifecycle's table, the status is set and a transition row appended — so
a refused move changes nothing and an accepted one is recorded with the change it made.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode, not_found
from commonweal.governance.needs.services.lifecycle import Move, move_table
from commonweal.platform.kernel.errors import DomainError

__all__ = ["Move", "lock", "move", "move_table", "refuse_state"]


def lock(model: type[models.Model], pk) -> models.Model:
    row = model.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise not_found()
    return row


def refuse_state(row) -> DomainError:
    return DomainError(
        DeliberationErrorCode.INVALID_TRANSITION,
        _("This cannot be done in its current state (%(state)s).")
        % {"state": row.get_status_display()},
    )


def move(row, *, table: dict[str, Move], verb: str, actor, reason: str = "", log, log_field: str):
    """Apply `verb` to `row` (already locked by the caller with `lock`)."""
    rule = table[verb]
    reason = (reason or "").strip()
    if row.status not in rule.sources:
        raise refuse_state(row)
    if rule.reason_required and not reason:
        raise DomainError(
            DeliberationErrorCode.REASON_REQUIRED, _("Please give a reason."), field="reason"
        )
    now = timezone.now()
    previous = row.status
    row.status = rule.target
    row.status_changed_at = now
    row.save(update_fields=["status", "status_changed_at"])
    log.objects.create(
        **{log_field: row},
        from_status=previous,
        to_status=rule.target,
        actor=actor,
        reason=reason,
        at=now,
    )
    return row
