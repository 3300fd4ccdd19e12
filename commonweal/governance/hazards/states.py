"""The community's names for report states (`ReportStateName`), read wherever a state is shown.

Within one request the names are read once per schema (a list of a hundred reports costs one
query, not a hundred); outside a request (jobs, the shell) every read asks the database. The
copy is dropped when the request ends, so a rename — or a rolled-back one — is never seen
stale by the next request. Kinds (open / closed / fixed) are fixed by the lifecycle; states the
community added (`CustomState`) are read in the same query, with their kind.
"""

import threading

from django.core.signals import request_finished, request_started
from django.db import connection
from django.utils.translation import get_language

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


def _read() -> dict[str, tuple[str, str, str]]:
    """code → (name, English name, kind) of renamed built-in states ("" kind) and added ones,
    in one query."""
    from django.db.models import CharField, Value

    from commonweal.governance.hazards.models import CustomState, ReportStateName

    blank = Value("", output_field=CharField())
    renamed = ReportStateName.objects.values_list("state", "name", blank, blank)
    added = CustomState.objects.values_list("code", "name", "name_en", "kind")
    return {code: (name, en, kind) for code, name, en, kind in renamed.union(added, all=True)}


def _names() -> dict[str, tuple[str, str, str]]:
    cache = getattr(_local, "names", None)
    schema = connection.schema_name
    if cache is not None and schema in cache:
        return cache[schema]
    names = _read()
    if cache is not None:
        cache[schema] = names
    return names


def custom_names() -> dict[str, str]:
    """The community's names of renamed built-in states (code → name)."""
    return {code: name for code, (name, _en, kind) in _names().items() if not kind}


def forget() -> None:
    cache = getattr(_local, "names", None)
    if cache is not None:
        cache.pop(connection.schema_name, None)


def state_name(state: str) -> str:
    known = _names().get(state)
    if known:
        name, english, _kind = known
        return english if english and (get_language() or "").startswith("en") else name
    if state in ReportState.values:
        return str(ReportState(state).label)
    return state  # an added state read before its row exists: never expected


def kind_of(state: str) -> str:
    """open, closed or fixed, for a built-in or an added state ("" when unknown)."""
    if state in ReportState.values:
        return str(STATE_KINDS[state])
    known = _names().get(state)
    return known[2] if known else ""


def states() -> list[tuple[str, str, str, str]]:
    """Every built-in state: (code, kind, default name, the community's name or "")."""
    names = custom_names()
    return [
        (value, str(STATE_KINDS[value]), str(label), names.get(value, ""))
        for value, label in ReportState.choices
    ]


def flow() -> list[tuple[str, str, str]]:
    """Every state the community's reports may be in, built-in and added, in the order of the
    flow (an added state right after the one it is placed after): (code, kind, name)."""
    from commonweal.governance.hazards.models import CustomState

    order = list(ReportState.values)
    for code, after in CustomState.objects.values_list("code", "after"):
        order.insert(order.index(after) + 1 if after in order else len(order), code)
    return [(code, kind_of(code), state_name(code)) for code in order]
