"""Renaming report states for the community, and adding states of its own to the flow.

An added state (`CustomState`) has one of the three kinds and a built-in base of that kind (see
`lifecycle.BASE`), so escalation, Open311 and the statistics keep working from the base. To
keep the rewards sound it is entered only after confirmation, from open states; an open one
leads back to built-in states after confirmation (being handled, referred, fixed, unable to
fix); a closed or fixed one is an end (a fixed one may still be reopened by the reporter).
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards import states
from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import (
    CustomState,
    HazardSettings,
    ReportState,
    ReportStateName,
    StateKind,
)
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.text import check_text

S = ReportState
# Built-in states an added state may be entered from, and those an open added state leads to.
ENTERED_FROM = (S.CONFIRMED, S.IN_PROGRESS, S.REFERRED)
LEADS_TO = (S.IN_PROGRESS, S.REFERRED, S.FIXED, S.UNABLE)
MOST_ADDED = 20


def state_rename(*, actor, state: str, name: str) -> str:
    """Give `state` the community's `name`; an empty name restores the default. Returns the
    name now shown."""
    if state not in ReportState.values:
        raise DomainError(HazardErrorCode.INVALID_STATE, _("Choose a known state."), field="state")
    name = required_text(name, field="name", limit=40, required=False)
    if name:
        ReportStateName.objects.update_or_create(state=state, defaults={"name": name})
    else:
        ReportStateName.objects.filter(state=state).delete()
    states.forget()
    return states.state_name(state)


def _codes(values, *, allowed, field, code, message) -> list[str]:
    chosen = []
    for value in values or []:
        if not isinstance(value, str) or value not in allowed:
            raise DomainError(code, message, field=field)
        if value not in chosen:
            chosen.append(value)
    return chosen


def state_add(
    *, actor, name: str, kind: str, after: str, sources, targets=(), name_en: str = ""
) -> CustomState:
    """Add a state of `kind` to the flow, listed after `after`, entered from `sources` and (if
    open) leading to `targets`. Refused whole, with a coded error, when any part is wrong."""
    name = required_text(name, field="name", limit=40, code=HazardErrorCode.NAME_REQUIRED)
    name_en = required_text(name_en, field="nameEn", limit=40, required=False)
    check_text(name, field="name", multiline=False)
    check_text(name_en, field="nameEn", multiline=False)
    if kind not in StateKind.values:
        raise DomainError(
            HazardErrorCode.UNKNOWN_KIND, _("Choose open, closed or fixed."), field="kind"
        )
    # One added state at a time: the code, the name check and the cap read a settled list.
    HazardSettings.current()
    HazardSettings.objects.select_for_update().get(pk=1)
    states.forget()
    flow = states.flow()
    if len(flow) - len(ReportState.values) >= MOST_ADDED:
        raise DomainError(
            HazardErrorCode.TOO_MANY_STATES,
            _("At most %(n)d states can be added.") % {"n": MOST_ADDED},
        )
    shown = {shown_name.casefold() for _code, _kind, shown_name in flow}
    with translation.override("zh-hans"):
        shown |= {str(label).casefold() for label in ReportState.labels}
    if name.casefold() in shown or (name_en and name_en.casefold() in shown):
        raise DomainError(
            HazardErrorCode.DUPLICATE_NAME, _("A state already has this name."), field="name"
        )
    if after not in {code for code, _kind, _name in flow}:
        raise DomainError(HazardErrorCode.INVALID_STATE, _("Choose a known state."), field="after")
    open_added = [code for code, k, _n in flow if k == StateKind.OPEN and code not in S.values]
    sources = _codes(
        sources,
        allowed=[*ENTERED_FROM, *open_added],
        field="sources",
        code=HazardErrorCode.INVALID_SOURCE,
        message=_("A state can be entered only from open states after confirmation."),
    )
    if not sources:
        raise DomainError(
            HazardErrorCode.NO_WAY_IN,
            _("Choose the states from which a report comes into it."),
            field="sources",
        )
    targets = _codes(
        targets,
        allowed=LEADS_TO if kind == StateKind.OPEN else (),
        field="targets",
        code=HazardErrorCode.INVALID_TARGET,
        message=_(
            "An open state leads to being handled, referred, fixed or unable to fix; a closed"
            " or fixed state is an end."
        ),
    )
    if kind == StateKind.OPEN and not targets:
        raise DomainError(
            HazardErrorCode.NO_WAY_OUT,
            _("Choose the states a report goes on to from it."),
            field="targets",
        )
    added = CustomState.objects.create(
        code=f"added_{CustomState.objects.count() + 1}",
        name=name,
        name_en=name_en,
        kind=kind,
        after=after,
        sources=sources,
        targets=targets,
    )
    states.forget()
    return added
