"""Proposal pages: the public record's front page, proposing, a proposal with 联名 and the
council's review."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.forms import AcceptForm, ProposalForm, ReasonForm
from commonweal.governance.deliberation.models import (
    MeetingStatus,
    ProposalScope,
    ProposalStatus,
    ProposalSupport,
)
from commonweal.governance.deliberation.services import proposals as services
from commonweal.governance.deliberation.services.rules import rules
from commonweal.governance.deliberation.views.common import (
    attempt,
    page_context,
    refusal,
    row_or_404,
)
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES


def index(request):
    community, roles = page_context(request)
    status = request.GET.get("status") or ""
    proposals = selectors.proposals_for(actor=request.user, roles=roles)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    chips = [(_("All"), "/deliberation/", not status)] + [
        (label, f"/deliberation/?status={value}", status == value)
        for value, label in ProposalStatus.choices
        if value in services.PUBLIC_STATUSES
    ]
    return render(
        request,
        "deliberation/index.html",
        {
            "community": community,
            "rules": rules(),
            "proposals": proposals.order_by("-created_at", "-id")[:100],
            "meetings": selectors.meetings().order_by("-starts_at", "-id")[:20],
            "decisions": selectors.decisions().order_by("due_on", "id")[:50],
            "chips": chips,
            "is_office": bool(roles & OFFICE_ROLES),
            "may_propose": bool(roles) and services.may_propose(roles),
        },
    )


def _need_for(request, roles):
    """The need a proposal is made from (`?need=<id>`), if the caller may see it; 404 else."""
    from commonweal.governance.needs import selectors as needs_selectors

    raw = request.GET.get("need") or request.POST.get("need") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    try:
        return needs_selectors.access_need(actor=request.user, roles=roles, need_id=int(raw))
    except NotFound:
        raise Http404 from None


def proposal_new(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    need = _need_for(request, roles)
    initial = {}
    if need is not None:
        initial = {
            "title": need.title[:80],
            "background": need.description,
            "place": need.place[:80],
            "scope": ProposalScope.PLACE if need.place else ProposalScope.COMMUNITY,
        }
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        made = []
        if attempt(
            request,
            lambda: made.append(
                services.proposal_submit(
                    actor=request.user,
                    community=community,
                    roles=roles,
                    need=need,
                    **form.cleaned_data,
                )
            ),
            _("Your proposal is published; neighbours can now support it (联名)."),
        ):
            return redirect(made[0].path)
    return render(request, "deliberation/proposal_new.html", {"form": form, "need": need})


def proposal_detail(request, pk):
    community, roles = page_context(request)
    proposal = row_or_404(
        selectors.access_proposal, actor=request.user, roles=roles, proposal_id=pk
    )
    user = request.user
    supported = user.is_authenticated and (
        ProposalSupport.objects.filter(proposal=proposal, user=user).exists()
    )
    is_office = bool(roles & OFFICE_ROLES)
    open_meetings = selectors.meetings().filter(
        status__in=(MeetingStatus.SCHEDULED, MeetingStatus.HELD)
    )
    return render(
        request,
        "deliberation/proposal.html",
        {
            "community": community,
            "proposal": proposal,
            "rules": rules(),
            "mine": user.is_authenticated and proposal.proposed_by_id == user.pk,
            "supported": supported,
            "may_support": bool(roles)
            and not supported
            and proposal.proposed_by_id != user.pk
            and proposal.status in services.OPEN_STATUSES,
            "is_office": is_office,
            "reviewable": is_office and proposal.status in services.OPEN_STATUSES,
            "accept_form": AcceptForm(meetings=open_meetings) if is_office else None,
            "reason_form": ReasonForm(),
            "transitions": proposal.transitions.all(),
            "items": proposal.agenda_items.select_related("meeting"),
        },
    )


@require_POST
def proposal_act(request, pk, verb):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=verb != "support"):
        return refused
    proposal = row_or_404(
        selectors.access_proposal, actor=request.user, roles=roles, proposal_id=pk
    )
    common = {"actor": request.user, "community": community, "proposal": proposal}
    if verb == "support":
        attempt(
            request,
            lambda: services.proposal_support(**common),
            _("Thank you: your name is on it (联名)."),
        )
    elif verb == "review":
        attempt(
            request, lambda: services.proposal_send_to_review(**common), _("Taken into review.")
        )
    elif verb == "accept":
        form = AcceptForm(
            request.POST,
            meetings=selectors.meetings().filter(
                status__in=(MeetingStatus.SCHEDULED, MeetingStatus.HELD)
            ),
        )
        if form.is_valid():
            meeting = selectors.meetings().get(pk=form.cleaned_data["meeting"])
            attempt(
                request,
                lambda: services.proposal_accept(**common, meeting=meeting),
                _("On the agenda."),
            )
    elif verb == "decline":
        reason = request.POST.get("reason", "")
        attempt(
            request,
            lambda: services.proposal_decline(**common, reason=reason),
            _("Declined; the reason is published."),
        )
    else:
        raise Http404
    return redirect(proposal.path)
