"""The one gate every status change of a need, task or project goes through.

`move()` locks the row, checks the verb against the lifecycle's transition table, sets the new
status, and appends a transition row (who, when, why) — in the caller's transaction, so a
refused move changes nothing and an accepted one is recorded with the change it made.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.error_codes import NeedErrorCode, not_found
from commonweal.platform.kernel.errors import DomainError


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    reason_required: bool = False


def move_table(**verbs: tuple) -> dict[str, Move]:
    """`verb=({sources}, target[, reason_required])` → the lifecycle's transition table."""
    return {verb: Move(frozenset(spec[0]), *spec[1:]) for verb, spec in verbs.items()}


def lock(model: type[models.Model], pk) -> models.Model:
    row = model.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise not_found()
    return row


def move(
    row: models.Model,
    *,
    table: dict[str, Move],
    verb: str,
    actor,
    reason: str = "",
    log: type[models.Model],
    log_field: str,
) -> models.Model:
    """Apply `verb` to `row` (already locked by the caller with `lock`)."""
    rule = table[verb]
    reason = (reason or "").strip()
    if row.status not in rule.sources:
        raise DomainError(
            NeedErrorCode.INVALID_TRANSITION,
            _("This cannot be done in its current state (%(state)s).")
            % {"state": row.get_status_display()},
        )
    if rule.reason_required and not reason:
        raise DomainError(NeedErrorCode.REASON_REQUIRED, _("Please give a reason."), field="reason")
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
