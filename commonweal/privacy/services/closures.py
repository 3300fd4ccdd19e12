"""A community's deletion: scheduled by a platform admin, carried out by a job once the grace
period is over, cancellable until then. Meanwhile its pages say it is closing, so members can
download their data (下载我的数据) and its admins the community's (社区数据导出).

Deleting drops the community's schema and its platform rows (domain, memberships, search
documents); the closure row and the audit log, which name the schema, stay.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.text import too_long
from commonweal.privacy.error_codes import PrivacyErrorCode
from commonweal.privacy.models import CommunityClosure

GRACE_PERIOD = timedelta(days=30)
MIN_GRACE_DAYS = 7
MAX_GRACE_DAYS = 365
MAX_REASON = 2000


def pending_closure(community) -> CommunityClosure | None:
    if community is None:
        return None
    return CommunityClosure.objects.filter(
        community=community, cancelled_at__isnull=True, deleted_at__isnull=True
    ).first()


def closure_schedule(*, actor, community, reason: str = "", grace_days: int = 30):
    if grace_days < MIN_GRACE_DAYS:
        raise DomainError(
            PrivacyErrorCode.GRACE_TOO_SHORT,
            _("Give members at least %(days)d days to download their data.")
            % {"days": MIN_GRACE_DAYS},
            field="grace_days",
        )
    if grace_days > MAX_GRACE_DAYS:
        raise DomainError(
            PrivacyErrorCode.GRACE_TOO_LONG,
            _("A deletion is scheduled at most %(days)d days ahead.") % {"days": MAX_GRACE_DAYS},
            field="grace_days",
        )
    if len(reason or "") > MAX_REASON:
        raise too_long("reason", MAX_REASON)
    if pending_closure(community) is not None:
        raise DomainError(
            PrivacyErrorCode.CLOSURE_PENDING, _("This community's deletion is already scheduled.")
        )
    return CommunityClosure.objects.create(
        community=community,
        schema_name=community.schema_name,
        community_name=community.name,
        reason=reason,
        scheduled_by=actor,
        due_at=timezone.now() + timedelta(days=grace_days),
    )


def closure_cancel(*, actor, community) -> CommunityClosure:
    closure = pending_closure(community)
    if closure is None:
        raise DomainError(
            PrivacyErrorCode.NO_PENDING_CLOSURE, _("No deletion is scheduled for this community.")
        )
    closure.cancelled_at, closure.cancelled_by = timezone.now(), actor
    closure.save(update_fields=["cancelled_at", "cancelled_by"])
    return closure


def _delete_community(closure: CommunityClosure) -> None:
    from commonweal.platform.audit.services import record

    community = closure.community
    with connection.cursor() as cursor:
        # As the schemas' owner (migration tenants 0003): the application's role runs no DDL.
        cursor.execute("SELECT public.commonweal_drop_community_schema(%s)", [closure.schema_name])
    closure.deleted_at = timezone.now()
    closure.save(update_fields=["deleted_at"])
    # Its domain, memberships, invitations, search documents and hosting go with it.
    community.delete()
    record(
        actor=None,
        channel="job",
        action="deleteCommunity",
        target=f"{closure.community_name} ({closure.schema_name})",
        changes={"closure": closure.pk, "dueAt": closure.due_at.isoformat()},
    )


def closures_run_due(now=None) -> list[str]:
    """Delete every community whose grace period is over; returns their schema names."""
    now = now or timezone.now()
    done = []
    due = CommunityClosure.objects.filter(
        due_at__lte=now, cancelled_at__isnull=True, deleted_at__isnull=True
    ).values_list("pk", flat=True)
    for closure_id in list(due):
        with transaction.atomic():
            closure = (
                CommunityClosure.objects.select_for_update(of=("self",))
                .select_related("community")
                .filter(pk=closure_id, cancelled_at__isnull=True, deleted_at__isnull=True)
                .first()
            )
            if closure is None or closure.community is None:
                continue  # cancelled meanwhile
            connection.set_schema_to_public()
            _delete_community(closure)
            done.append(closure.schema_name)
    return done
