"""The office's partner work in the workbench (工作台): applications to decide and overdue
commitments. Only the community's admins and staff; everyone else is refused before any
read, and a decision goes through the same services (and TRANSITIONS) as GraphQL."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonweal.partners import selectors
from commonweal.partners.models import Partnership, PartnershipStatus, PartnershipTransition
from commonweal.partners.notify import workbench_path
from commonweal.partners.pages.forms import DecisionForm, put_back
from commonweal.partners.services import partnerships
from commonweal.platform.kernel.errors import DomainError
from commonweal.workbench.access import office_only

S = PartnershipStatus
TO_REVIEW = (S.APPLIED, S.UNDER_REVIEW)
# The workbench's partner queues: (status filter, title); counts come from one query.
QUEUES = {
    "review": (TO_REVIEW, gettext_lazy("Applications to review")),
    "waiting": ((S.INFO_REQUESTED,), gettext_lazy("Waiting for the applicant's answer")),
    "approved": ((S.APPROVED,), gettext_lazy("Approved, to activate")),
}
# What each decision may be taken on, and whether it needs the reason box filled.
ACTIONS = {
    S.APPLIED: ("approve", "request_information", "reject"),
    S.UNDER_REVIEW: ("approve", "request_information", "reject"),
    S.INFO_REQUESTED: ("reject",),
    S.APPROVED: ("activate",),
}


def queue_counts() -> dict[str, int]:
    counts = selectors.status_counts()
    return {key: sum(counts[s] for s in statuses) for key, (statuses, _title) in QUEUES.items()}


@office_only
def applications(request):
    queue = request.GET.get("queue") if request.GET.get("queue") in QUEUES else "review"
    statuses, title = QUEUES[queue]
    counts = queue_counts()
    rows = [
        {
            "title": p.organisation.legal_name,
            "url": workbench_path(p),
            "meta": " · ".join(
                part
                for part in (
                    str(p.organisation.get_kind_display()),
                    _("applied %(date)s")
                    % {"date": timezone.localtime(p.applied_at).strftime("%Y-%m-%d")},
                    p.call.title if p.call else "",
                )
                if part
            ),
            "end": p.get_status_display(),
        }
        for p in Partnership.objects.filter(status__in=statuses)
        .select_related("organisation", "call")
        .order_by("applied_at", "pk")
    ]
    return render(
        request,
        "partners/office/applications.html",
        {
            "community": request.tenant,
            "rows": rows,
            "queue": queue,
            "title": title,
            "queues": [(key, t, counts[key], key == queue) for key, (_s, t) in QUEUES.items()],
        },
    )


def _decide(request, partnership, decision: str, reason: str):
    community, actor = request.tenant, request.user
    with transaction.atomic():
        if decision == "approve":
            if partnership.status == S.APPLIED:
                # Deciding from the workbench is a review: recorded as such first.
                partnership = partnerships.partnership_start_review(
                    community=community, actor=actor, partnership=partnership
                )
            return partnerships.partnership_approve(
                community=community, actor=actor, partnership=partnership, note=reason
            )
        if decision == "reject":
            return partnerships.partnership_reject(
                community=community, actor=actor, partnership=partnership, reason=reason
            )
        if decision == "request_information":
            return partnerships.partnership_request_information(
                community=community, actor=actor, partnership=partnership, question=reason
            )
        return partnerships.partnership_activate(
            community=community, actor=actor, partnership=partnership, note=reason
        )


DONE = {
    "approve": gettext_lazy("Approved. Activate the partnership when the agreement is signed."),
    "reject": gettext_lazy("Rejected; the applicant is told the reason."),
    "request_information": gettext_lazy("Question sent; the applicant is told."),
    "activate": gettext_lazy("Active: the partner is now in the public directory."),
}


@office_only
def application(request, pk: int):
    partnership = Partnership.objects.select_related("organisation", "call").filter(pk=pk).first()
    if partnership is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            _decide(request, partnership, decision, form.cleaned_data["reason"])
        except DomainError as error:
            put_back(form, error)
        else:
            messages.success(request, str(DONE[decision]))
            return redirect(workbench_path(partnership))
    organisation = partnership.organisation
    return render(
        request,
        "partners/office/application.html",
        {
            "community": request.tenant,
            "partnership": partnership,
            "organisation": organisation,
            "representatives": list(organisation.representatives.select_related("user")),
            "transitions": list(
                PartnershipTransition.objects.filter(partnership=partnership)
                .select_related("actor")
                .order_by("at", "pk")
            ),
            "actions": ACTIONS.get(partnership.status, ()),
            "form": form,
        },
    )


@office_only
def overdue(request):
    return render(
        request,
        "partners/office/overdue.html",
        {"community": request.tenant, "commitments": selectors.commitments_due()},
    )
