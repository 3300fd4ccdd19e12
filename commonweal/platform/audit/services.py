"""Writing the audit log. Callers are the two doors writes come through: the mutation helper
(after the body succeeded, inside its transaction, so a write that rolls back leaves no row)
and Django admin (its own LogEntry, copied here)."""

import json

from django.db import connection

from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.kernel.observability import CLIENT_IP, REQUEST_ID

SECRET_WORDS = ("password", "secret", "token", "content")


def _community() -> str:
    schema = getattr(connection, "schema_name", "public")
    return "" if schema == "public" else schema


def _plain(value):
    """Arguments as JSON can hold them; secrets and file contents are not kept."""
    if isinstance(value, dict):
        return {
            k: ("***" if any(w in k.lower() for w in SECRET_WORDS) else _plain(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "__dict__") and not hasattr(value, "_meta"):
        return _plain({k: v for k, v in vars(value).items() if not k.startswith("_")})
    return str(value)


def record(*, actor, channel: str, action: str, target: str = "", changes=None) -> AuditEntry:
    changes = _plain(changes or {})
    json.dumps(changes)  # fail here, not in the database, if something slipped through
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor or "")[:200],
        community=_community(),
        channel=channel,
        action=action[:120],
        target=target[:200],
        changes=changes,
        ip=CLIENT_IP.get(),
        request_id=REQUEST_ID.get(),
    )


def record_admin_change(sender, instance, created, raw=False, **_kwargs) -> None:
    """post_save of Django admin's LogEntry: what the admin saved, as the admin describes it."""
    if not created or raw:
        return
    verb = {1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, "change")
    model = instance.content_type.model if instance.content_type_id else ""
    try:
        message = json.loads(instance.change_message or "[]")
    except ValueError:
        message = instance.change_message
    record(
        actor=instance.user,
        channel="admin",
        action=f"{verb} {model}",
        target=f"{instance.object_repr} (#{instance.object_id})",
        changes={"admin": message},
    )
