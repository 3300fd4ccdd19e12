"""The community's names for report states (`ReportStateName`), read wherever a state is shown.

Within one request the names are read once per schema (a list of a hundred reports costs one
query, not a hundred); outside a request (jobs, the shell) every read asks the database. The
copy is dropped when the request ends, so a rename — or a rolled-back one — is never seen
stale by the next request. Kinds (open / closed / fixed) are fixed by the lifecycle.
"""

import threading

from django.core.signals import request_finished, request_started
from django.db import connection

from commonweal.governance.hazards.models import STATE_KINDS, ReportState

_local = threading.local()


def _request_started(**kwargs) -> None:
    _local.names = {}


def _request_finished(**kwargs) -> None:
    _local.names = None


def connect() -> None:
    """Called once from the app's `ready()`."""
    request_started.connect(_request_started, dispatch_uid="hazards.states.start")
    request_finished.connect(_request_finished, dispatch_uid="hazards.states.finish")


def custom_names() -> dict[str, str]:
    from commonweal.governance.hazards.models import ReportStateName

    cache = getattr(_local, "names", None)
    schema = connection.schema_name
    if cache is not None and schema in cache:
        return cache[schema]
    names = dict(ReportStateName.objects.values_list("state", "name"))
    if cache is not None:
        cache[schema] = names
    return names


def forget() -> None:
    cache = getattr(_local, "names", None)
    if cache is not None:
        cache.pop(connection.schema_name, None)


def state_name(state: str) -> str:
    return custom_names().get(state) or str(ReportState(state).label)


def states() -> list[tuple[str, str, str, str]]:
    """Every state: (code, kind, default name, the community's name or "")."""
    names = custom_names()
    return [
        (value, str(STATE_KINDS[value]), str(label), names.get(value, ""))
        for value, label in ReportState.choices
    ]
