"""Needs pages: the public board (我为群众办实事) and its CSV, raising a need, a need's page
with "me too", triage for staff and rating."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.needs import board, matching, selectors
from commonweal.governance.needs.chart import board_chart
from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.governance.needs.forms import (
    NeedForm,
    OfflineNeedForm,
    RatingForm,
    ReasonForm,
    TaskForm,
)
from commonweal.governance.needs.models import NeedCategory, NeedStatus
from commonweal.governance.needs.services import matches as match_services
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services import tasks as task_services
from commonweal.governance.needs.views.common import (
    attempt,
    need_or_404,
    page_context,
    refusal,
    represented,
)
from commonweal.governance.photos import pages as photo_pages
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.welfaremap.coordinates import to_gcj02


def needs_board(request):
    community, roles = page_context(request)
    status = request.GET.get("status") or ""
    category = request.GET.get("category") or ""
    needs = selectors.needs_for(actor=request.user, roles=roles)
    if status in NeedStatus.values:
        needs = needs.filter(status=status)
    if category in NeedCategory.values:
        needs = needs.filter(category=category)
    months = board.monthly_figures()
    shown = [
        (value, label)
        for value, label in NeedStatus.choices
        if roles & OFFICE_ROLES or value in need_services.PUBLIC_STATUSES
    ]
    status_chips = [(_("All"), "/needs/", not status)] + [
        (label, f"/needs/?status={value}", status == value) for value, label in shown
    ]
    return render(
        request,
        "needs/board.html",
        {
            "community": community,
            "needs": needs.order_by("-created_at", "-id")[:100],
            "tasks": selectors.tasks_for(roles=roles).filter(status="published")[:20],
            # A partner's representative first reads what fits their organisation.
            "fitting_tasks": matching.tasks_fitting(represented(request.user))[:20],
            "projects": selectors.projects().order_by("-started_at")[:20],
            "months": months[-12:],
            "chart": board_chart(months[-12:]),
            "status_chips": status_chips,
            "categories": NeedCategory.choices,
            "status": status,
            "category": category,
            "is_office": bool(roles & OFFICE_ROLES),
        },
    )


def _gcj02(data) -> tuple[float | None, float | None]:
    """The form's point in GCJ-02: the browser's own position comes as WGS-84."""
    lat, lng = data.get("lat"), data.get("lng")
    if lat is None or lng is None:
        return None, None
    return to_gcj02(lat, lng, data.get("system") or "gcj02")


def needs_board_csv(request):
    page_context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="needs-board.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 Chinese only with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Month"),
            _("Received"),
            _("Accepted"),
            _("Resolved"),
            _("Response rate"),
            _("Median days to resolve"),
            _("Satisfaction"),
            _("Ratings"),
        ]
    )
    for m in board.monthly_figures():
        writer.writerow(
            [
                m.month.strftime("%Y-%m"),
                m.received,
                m.accepted,
                m.resolved,
                "" if m.response_rate is None else f"{m.response_rate:.0%}",
                "" if m.median_days_to_resolve is None else m.median_days_to_resolve,
                "" if m.satisfaction is None else m.satisfaction,
                m.ratings,
            ]
        )
    return response


def need_new(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    offline = bool(roles & selectors.NEED_OFFICE)
    form_class = OfflineNeedForm if offline else NeedForm
    form = form_class(request.POST or None, request.FILES or None)
    form.fields["where"].centre_on(centre=(community.centre_lat, community.centre_lng))
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            duplicates = matching.likely_duplicates(
                title=data["title"],
                description=data["description"],
                category=data["category"],
                lat=_gcj02(data)[0],
                lng=_gcj02(data)[1],
            )
        if not duplicates:
            fields = {k: data[k] for k in ("title", "description", "category", "place")}
            # Stored in GCJ-02 whatever the picker's tiles or the phone's GPS gave.
            fields["lat"], fields["lng"] = _gcj02(data)
            created = []

            def raise_it():
                if offline and data.get("origin"):
                    created.append(
                        need_services.need_record_offline(
                            actor=request.user,
                            community=community,
                            origin=data["origin"],
                            residents_note=data["residents_note"],
                            **fields,
                        )
                    )
                else:
                    created.append(
                        need_services.need_raise(actor=request.user, community=community, **fields)
                    )
                photo_pages.attach_to_need(
                    data["photos"], actor=request.user, roles=roles, need=created[0]
                )

            if attempt(
                request,
                raise_it,
                _("Thank you: your need was raised. We will tell you at each step."),
            ):
                return redirect(f"/needs/{created[0].pk}/")
        form.data = form.data.copy()
        form.data["confirmed"] = "on"
    return render(
        request,
        "needs/new.html",
        {"community": community, "form": form, "duplicates": duplicates, "offline": offline},
    )


def need_detail(request, pk: int):
    community, roles = page_context(request)
    need = need_or_404(request, pk)
    is_office = bool(roles & OFFICE_ROLES)
    user = request.user
    mine = user.is_authenticated and need.raised_by_id == user.pk
    seconded = user.is_authenticated and need.supports.filter(user=user).exists()
    may_rate = (
        (mine or seconded)
        and need.status in need_services.RATEABLE_STATUSES
        and not need.ratings.filter(user=user).exists()
    )
    matches = list(match_services.live_matches(need))
    matched = {(m.source, m.key) for m in matches}
    return render(
        request,
        "needs/detail.html",
        {
            "community": community,
            "need": need,
            "transitions": need.transitions.order_by("at", "pk"),
            "mine": mine,
            "seconded": seconded,
            "may_second": user.is_authenticated
            and bool(roles)
            and not mine
            and not seconded
            and need.status in need_services.OPEN_STATUSES,
            # Residents' council deliberation (议事协商) takes up a need that is public and open.
            "may_propose": user.is_authenticated
            and bool(roles)
            and need.status in need_services.OPEN_STATUSES,
            "rating_form": RatingForm() if may_rate else None,
            "is_office": is_office,
            "reason_form": ReasonForm() if is_office else None,
            "task_form": TaskForm(
                initial={"title": need.title, "description": need.description},
                others=_other_taskable(need),
            )
            if is_office and need.status == NeedStatus.ACCEPTED
            else None,
            # each with whether it is already confirmed (then no button to confirm it again)
            "suggestions": [
                (s, (s.resource.source, s.resource.pk) in matched)
                for s in (matching.suggestions_for(need, limit=5) if is_office else [])
            ],
            "matches": matches,
            "may_match": is_office and need.status in match_services.MATCHABLE_STATUSES,
            "duplicates": matching.likely_duplicates(
                title=need.title,
                description=need.description,
                category=need.category,
                lat=need.lat,
                lng=need.lng,
                exclude=need.pk,
            )
            if is_office
            else [],
            "tasks": need.tasks.all(),
            "photos": photo_pages.strip(request, roles, need.photos.all()),
            "photo_add_url": photo_pages.add_url(request, roles, need=need),
        },
    )


def _other_taskable(need, limit: int = 30):
    """Accepted needs the same task could also answer: of the same kind first, newest first."""
    same_kind = Case(
        When(category=need.category, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        task_services.taskable_needs()
        .exclude(pk=need.pk)
        .order_by(same_kind, "-created_at", "-id")[:limit]
    )


@require_POST
def need_act(request, pk: int, verb: str):
    """A resident's or staff member's move on a need, posted from its page."""
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    office = bool(roles & OFFICE_ROLES)
    if verb not in ("second", "rate") and not office:
        raise PermissionDenied
    need = need_or_404(request, pk)
    actor = request.user
    reason = ReasonForm(request.POST)
    actions = {
        "second": (
            True,
            lambda: need_services.need_second(actor=actor, community=community, need=need),
            _("Thank you: you seconded this need."),
        ),
        "accept": (
            office,
            lambda: need_services.need_accept(actor=actor, community=community, need=need),
            _("Accepted into the needs list."),
        ),
        "wish": (
            office,
            lambda: need_services.need_mark_wish(actor=actor, community=community, need=need),
            _("Marked as a small wish."),
        ),
        "decline": (
            office,
            lambda: need_services.need_decline(
                actor=actor, community=community, need=need, reason=reason.data.get("reason", "")
            ),
            _("Declined; the raiser is told why."),
        ),
        "close": (
            office,
            lambda: need_services.need_close(actor=actor, community=community, need=need),
            _("Closed."),
        ),
        "rate": (True, lambda: _rate(request, community, need), _("Thank you for your rating.")),
    }
    if verb not in actions:
        raise Http404
    allowed, action, success = actions[verb]
    if not allowed:
        raise PermissionDenied
    attempt(request, action, success)
    return redirect(f"/needs/{need.pk}/")


def _rate(request, community, need):
    form = RatingForm(request.POST)
    if not form.is_valid():
        raise DomainError(NeedErrorCode.INVALID_RATING, _("Give 1 to 5 stars."), field="score")
    need_services.need_rate(
        actor=request.user,
        community=community,
        need=need,
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )
