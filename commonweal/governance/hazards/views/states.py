"""The office renames report states for the community and adds states of its own to the flow
(see services/states.py for what an added state may be)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.governance.hazards import states
from commonweal.governance.hazards.models import CustomState, StateKind
from commonweal.governance.hazards.services.states import (
    ENTERED_FROM,
    LEADS_TO,
    state_add,
    state_rename,
)
from commonweal.governance.hazards.views.common import attempt, page_context, refusal


def _add(request) -> bool:
    data = request.POST
    return attempt(
        request,
        lambda: state_add(
            actor=request.user,
            name=data.get("name", ""),
            name_en=data.get("name_en", ""),
            kind=data.get("kind", ""),
            after=data.get("after", ""),
            sources=data.getlist("sources"),
            targets=data.getlist("targets"),
        ),
        _("The state is added to the flow."),
    )


def state_names(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    posted = {}
    if request.method == "POST":
        if request.POST.get("action") == "add":
            if _add(request):
                return redirect("/hazards/states/")
            posted = request.POST  # refused: the form keeps what was typed
        else:
            state = request.POST.get("state", "")
            attempt(
                request,
                lambda: state_rename(
                    actor=request.user, state=state, name=request.POST.get("name", "")
                ),
                _("The state's name is saved."),
            )
            return redirect("/hazards/states/")
    flow = states.flow()
    names = {code: name for code, _kind, name in flow}
    added = list(CustomState.objects.all())
    open_added = [s.code for s in added if s.kind == StateKind.OPEN]
    return render(
        request,
        "hazards/states.html",
        {
            "community": community,
            "states": states.states(),
            "flow": flow,
            "added": [
                (
                    s,
                    [names.get(c, c) for c in s.sources],
                    [names.get(c, c) for c in s.targets],
                    names.get(s.after, s.after),
                )
                for s in added
            ],
            "entered_from": [(c, names[c]) for c in [*ENTERED_FROM, *open_added]],
            "leads_to": [(c, names[c]) for c in LEADS_TO],
            "posted": posted,
            "posted_sources": posted.getlist("sources") if posted else [],
            "posted_targets": posted.getlist("targets") if posted else [],
        },
    )
