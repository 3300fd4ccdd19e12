from django.db.models import QuerySet

from commonweal.platform.audit.models import AuditEntry


def audit_of(community) -> QuerySet[AuditEntry]:
    """The community's own log, newest first (callers check the reader is its admin)."""
    return AuditEntry.objects.filter(community=community.schema_name).order_by("-at", "-id")
