"""The office renames report states for the community (kinds stay fixed)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.governance.hazards import states
from commonweal.governance.hazards.services.states import state_rename
from commonweal.governance.hazards.views.common import attempt, page_context, refusal


def state_names(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    if request.method == "POST":
        state = request.POST.get("state", "")
        attempt(
            request,
            lambda: state_rename(
                actor=request.user, state=state, name=request.POST.get("name", "")
            ),
            _("The state's name is saved."),
        )
        return redirect("/hazards/states/")
    return render(
        request,
        "hazards/states.html",
        {"community": community, "states": states.states()},
    )
