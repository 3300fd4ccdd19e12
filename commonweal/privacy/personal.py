"""The privacy app's own rows, and Django admin's log (an app without a `personal.py`)."""

from django.contrib.admin.models import LogEntry

from commonweal.privacy.models import CommunityClosure, DataExport, Erasure
from commonweal.privacy.registry import person_rows

person_rows(DataExport, owner=("requested_by",))
person_rows(Erasure, owner=("user",))
person_rows(CommunityClosure, mentions=("scheduled_by", "cancelled_by"), scrub=("reason",))
person_rows(LogEntry, mentions=("user",), scrub=("object_repr", "change_message"))
