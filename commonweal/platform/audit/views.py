import csv
import json

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.audit.selectors import audit_of
from commonweal.platform.kernel.roles import Role

COLUMNS = ["at", "actor_name", "channel", "action", "target", "changes", "ip", "request_id"]


class _Echo:
    def write(self, value):
        return value


def audit_csv(request):
    """The community's whole log as CSV (UTF-8 with BOM, so Excel reads the Chinese)."""
    if Role.ADMIN not in roles_in_current_community(request):
        raise PermissionDenied
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(COLUMNS)
        for entry in audit_of(request.tenant).iterator(chunk_size=500):
            yield writer.writerow(
                [
                    entry.at.isoformat(),
                    entry.actor_name,
                    entry.channel,
                    entry.action,
                    entry.target,
                    json.dumps(entry.changes, ensure_ascii=False),
                    entry.ip or "",
                    entry.request_id,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
