from commonweal.platform.audit.models import AuditEntry
from commonweal.privacy.registry import person_rows

# The row stays (who did what is the community's record); the person's name inside it goes.
person_rows(AuditEntry, mentions=("actor",), scrub=("actor_name", "target", "changes"))
