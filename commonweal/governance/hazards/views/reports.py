"""Hazard pages: the list (public, mine, my queue), reporting on a phone with a map tap, a
report's page with "me too", handling for grid workers and staff, and reopening."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.forms import NoteForm, ReasonForm, ReportForm
from commonweal.governance.hazards.models import OPEN_STATES, Department, ReportState
from commonweal.governance.hazards.services import escalation
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.views.common import attempt, page_context, refusal
from commonweal.governance.photos import pages as photo_pages
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.welfaremap.coordinates import from_gcj02, to_gcj02


def report_list(request):
    community, roles = page_context(request)
    view = request.GET.get("view") or "all"
    reports = selectors.reports_for(actor=request.user, roles=roles)
    handler = bool(roles & OFFICE_ROLES) or bool(selectors.my_grid_ids(request.user))
    if view == "mine" and request.user.is_authenticated:
        reports = reports.filter(reporter=request.user)
    elif view == "queue" and handler:
        handled = selectors.handled_by(actor=request.user, roles=roles)
        reports = reports.filter(pk__in=handled.values("pk"), state__in=OPEN_STATES)
    else:
        view = "all"
    chips = [(_("All reports"), "?view=all", view == "all")]
    if request.user.is_authenticated:
        chips.append((_("My reports"), "?view=mine", view == "mine"))
    if handler:
        chips.append((_("To handle"), "?view=queue", view == "queue"))
    return render(
        request,
        "hazards/list.html",
        {
            "community": community,
            "reports": reports.select_related("grid").order_by("-created_at", "-id")[:100],
            "chips": chips,
            "view": view,
            "is_office": bool(roles & OFFICE_ROLES),
            "works_grids": handler,
        },
    )


def _gcj02(data) -> tuple[float | None, float | None]:
    """The form's point in GCJ-02: the phone's own position comes as WGS-84."""
    lat, lng = data.get("lat"), data.get("lng")
    if lat is None or lng is None:
        return None, None
    return to_gcj02(lat, lng, data.get("system") or "gcj02")


def report_new(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    form = ReportForm(request.POST or None, request.FILES or None)
    form.fields["where"].centre_on(centre=(community.centre_lat, community.centre_lng))
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lat, lng = _gcj02(data)
        if not data["confirmed"] and lat is not None:
            similar = list(
                services.similar_open_reports(category=data["category"], lat=lat, lng=lng)[:5]
            )
        if not similar:
            filed = []

            def file_it():
                filed.append(
                    services.report_file(
                        actor=request.user,
                        community=community,
                        category=data["category"],
                        description=data["description"],
                        lat=lat,
                        lng=lng,
                        place=data["place"],
                        anonymous=data["anonymous"],
                    )
                )
                photo_pages.attach_to_report(
                    data["photos"], actor=request.user, roles=roles, report=filed[0]
                )

            if attempt(request, file_it, _("Thank you: your report was sent to the grid worker.")):
                return redirect(filed[0].path)
        form.data = form.data.copy()
        form.data["confirmed"] = "on"
    return render(
        request,
        "hazards/new.html",
        {"community": community, "form": form, "similar": similar},
    )


def _report_or_404(request, roles, pk, *, handling=False):
    try:
        return selectors.access_report(
            actor=request.user, roles=roles, report_id=pk, handling=handling
        )
    except NotFound as missing:
        raise Http404 from missing


def report_detail(request, pk: int):
    community, roles = page_context(request)
    report = _report_or_404(request, roles, pk)
    user = request.user
    mine = user.is_authenticated and report.reporter_id == user.pk
    handler = user.is_authenticated and selectors.may_handle(actor=user, roles=roles, report=report)
    said = user.is_authenticated and report.me_too.filter(user=user).exists()
    return render(
        request,
        "hazards/detail.html",
        {
            "community": community,
            "report": report,
            "mine": mine,
            "may_me_too": user.is_authenticated
            and bool(roles)
            and not mine
            and not said
            and report.state in OPEN_STATES,
            "handler": handler,
            "note_form": NoteForm() if handler else None,
            "reason_form": ReasonForm(),
            "departments": Department.objects.filter(is_subdistrict=False) if handler else [],
            "may_reopen": mine and report.state == ReportState.FIXED,
            "transitions": report.transitions.order_by("at", "pk"),
            "escalations": report.escalations.order_by("due_at", "pk") if handler else [],
            **_photos(request, roles, report),
        },
    )


def _photos(request, roles, report) -> dict:
    """The reporter's photos and the fix's, each strip with its "add" form for who may."""
    shown = photo_pages.strip(request, roles, report.photos.all())
    return {
        "photos": [s for s in shown if not s.photo.of_the_fix],
        "fix_photos": [s for s in shown if s.photo.of_the_fix],
        "photo_add_url": photo_pages.add_url(request, roles, report=report),
        "fix_photo_add_url": photo_pages.add_url(request, roles, report=report, of_the_fix=True)
        if report.state == ReportState.FIXED
        else "",
    }


HANDLING = {
    "confirm": (lambda r, a, c, d: services.report_confirm(actor=a, community=c, report=r)),
    "start": (lambda r, a, c, d: services.report_start(actor=a, community=c, report=r)),
    "fix": (
        lambda r, a, c, d: services.report_fix(
            actor=a, community=c, report=r, note=d.get("note", "")
        )
    ),
    "unable": (
        lambda r, a, c, d: services.report_give_up(
            actor=a, community=c, report=r, reason=d.get("reason", "")
        )
    ),
    "reject": (
        lambda r, a, c, d: services.report_reject(
            actor=a, community=c, report=r, reason=d.get("reason", "")
        )
    ),
    "whistle": (
        lambda r, a, c, d: escalation.blow_whistle(
            actor=a,
            community=c,
            report=r,
            reason=d.get("reason", ""),
            department=Department.objects.filter(pk=d.get("department") or 0).first(),
        )
    ),
}
DONE = {
    "confirm": gettext_lazy("Confirmed. The reporter has been told."),
    "start": gettext_lazy("Marked as being handled."),
    "fix": gettext_lazy("Marked as fixed. The reporter has been told."),
    "unable": gettext_lazy("Closed as unable to fix."),
    "reject": gettext_lazy("Closed as not a hazard."),
    "whistle": gettext_lazy("Whistle blown: the report moved up."),
    "me-too": gettext_lazy("Thank you: your “me too” was counted."),
    "reopen": gettext_lazy("Reopened: the grid worker has been told."),
}


@require_POST
def report_act(request, pk: int, verb: str):
    community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    data = request.POST
    if verb in HANDLING:
        report = _report_or_404(request, roles, pk, handling=True)
        fix_photos = request.FILES.getlist("photos")

        def action():
            HANDLING[verb](report, request.user, community, data)
            if verb == "fix":  # the photos of the fix, in the same transaction as the fix
                photo_pages.attach_to_report(
                    fix_photos, actor=request.user, roles=roles, report=report, of_the_fix=True
                )

    elif verb in ("me-too", "reopen"):
        report = _report_or_404(request, roles, pk)

        def action():
            if verb == "me-too":
                services.report_me_too(actor=request.user, community=community, report=report)
            else:
                services.report_reopen(
                    actor=request.user,
                    community=community,
                    report=report,
                    reason=data.get("reason", ""),
                )

    else:
        raise Http404
    attempt(request, action, str(DONE[verb]))
    return redirect(report.path)


def report_statistics(request):
    from commonweal.governance.hazards.stats import figures
    from commonweal.governance.needs.chart import board_chart
    from commonweal.welfaremap.views import tile_config

    community, _roles = page_context(request)
    found = figures()
    datum = tile_config()["datum"]
    centre = (float(community.centre_lat or 30.6598), float(community.centre_lng or 104.0633))
    heat = {
        "tiles": tile_config(),
        "url": "/hazards/heat.json",
        "centre": list(from_gcj02(*centre, datum)),
    }
    return render(
        request,
        "hazards/stats.html",
        {
            "community": community,
            "figures": found,
            "chart": board_chart(found.months),
            "heat": heat,
        },
    )
