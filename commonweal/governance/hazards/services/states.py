"""Renaming report states for the community (the kinds stay fixed: see `states`)."""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards import states
from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import ReportState, ReportStateName
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel.errors import DomainError


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
