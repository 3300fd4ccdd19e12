from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from commonweal.platform.kernel.jobs import app, platform_task

# Registers the notification e-mail job with the worker (this module is autodiscovered).
from commonweal.platform.notifications.tasks import email_notification  # noqa: F401


def notify_overdue_commitments(community, today=None) -> int:
    """Notify once per overdue commitment of `community`; returns how many were notified."""
    from commonweal.partners.models import PartnershipStatus, ResourceCommitment
    from commonweal.partners.notify import notify_overdue

    today = today or timezone.localdate()
    connection.set_tenant(community)
    try:
        with transaction.atomic():
            overdue = list(
                ResourceCommitment.objects.select_for_update(of=("self",))
                .select_related("partnership__organisation")
                .filter(
                    due_on__lt=today,
                    overdue_notified_at__isnull=True,
                    delivered_quantity__lt=F("quantity"),
                    partnership__status=PartnershipStatus.ACTIVE,
                )
            )
            for commitment in overdue:
                notify_overdue(community=community, commitment=commitment)
            ResourceCommitment.objects.filter(pk__in=[c.pk for c in overdue]).update(
                overdue_notified_at=timezone.now()
            )
        return len(overdue)
    finally:
        connection.set_schema_to_public()


@app.periodic(cron="0 8 * * *")
@platform_task(queueing_lock="partners.overdue_commitments")
def find_overdue_commitments(timestamp: int) -> int:
    from commonweal.tenants.models import Community, CommunityStatus

    total = 0
    for community in Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk"):
        total += notify_overdue_commitments(community)
    return total
