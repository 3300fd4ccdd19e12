"""The community's names for report states (`ReportStateName`), read wherever a state is shown.

Names are read once per schema and kept for `TTL` seconds, so a list of a hundred reports costs
one query, not a hundred; a rename clears this process's copy at once (other processes within
`TTL`). Kinds (open / closed / fixed) are fixed by the lifecycle and not renamed here.
"""

import time

from django.db import connection

from commonweal.governance.hazards.models import STATE_KINDS, ReportState

TTL = 30.0
_names: dict[str, tuple[float, dict[str, str]]] = {}


def custom_names() -> dict[str, str]:
    from commonweal.governance.hazards.models import ReportStateName

    schema = connection.schema_name
    cached = _names.get(schema)
    if cached is not None and time.monotonic() - cached[0] < TTL:
        return cached[1]
    names = dict(ReportStateName.objects.values_list("state", "name"))
    _names[schema] = (time.monotonic(), names)
    return names


def forget() -> None:
    _names.pop(connection.schema_name, None)


def state_name(state: str) -> str:
    return custom_names().get(state) or str(ReportState(state).label)


def states() -> list[tuple[str, str, str, str]]:
    """Every state: (code, kind, default name, the community's name or "")."""
    names = custom_names()
    return [
        (value, str(STATE_KINDS[value]), str(label), names.get(value, ""))
        for value, label in ReportState.choices
    ]
