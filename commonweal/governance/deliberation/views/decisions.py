"""A decision's page: its follow-up (落议题) reported by its owners, and residents' ratings."""

from django.db.models import Avg, Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.forms import ProgressForm, RatingForm
from commonweal.governance.deliberation.models import DecisionRating, DecisionStatus
from commonweal.governance.deliberation.services import decisions as services
from commonweal.governance.deliberation.views.common import (
    attempt,
    page_context,
    refusal,
    row_or_404,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES


def decision_detail(request, pk):
    community, roles = page_context(request)
    decision = row_or_404(selectors.access_decision, decision_id=pk)
    user = request.user
    may_report = bool(roles & OFFICE_ROLES) or (
        user.is_authenticated and user.pk in decision.owners
    )
    rated = user.is_authenticated and (
        DecisionRating.objects.filter(decision=decision, user=user).exists()
    )
    return render(
        request,
        "deliberation/decision.html",
        {
            "community": community,
            "decision": decision,
            "overdue": decision.status != DecisionStatus.DONE
            and decision.due_on < timezone.localdate(),
            "may_report": may_report and decision.status != DecisionStatus.DONE,
            "progress_form": ProgressForm(),
            "rating_form": RatingForm()
            if roles and decision.status == DecisionStatus.DONE and not rated
            else None,
            "ratings": decision.ratings.aggregate(n=Count("id"), average=Avg("score")),
            "transitions": decision.transitions.all(),
        },
    )


@require_POST
def decision_act(request, pk, verb):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    decision = row_or_404(selectors.access_decision, decision_id=pk)
    common = {"actor": request.user, "community": community, "decision": decision}
    note = request.POST.get("note", "")
    if verb == "start":
        attempt(
            request,
            lambda: services.decision_start(**common, roles=roles, note=note),
            _("Under way."),
        )
    elif verb == "complete":
        attempt(
            request,
            lambda: services.decision_complete(**common, roles=roles, note=note),
            _("Reported done; residents can now rate it."),
        )
    elif verb == "rate":
        form = RatingForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: services.decision_rate(**common, **form.cleaned_data),
                _("Thank you for your rating."),
            )
    else:
        raise Http404
    return redirect(decision.path)
