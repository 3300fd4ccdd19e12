"""Meeting pages: scheduling, the meeting with its agenda, attendance, votes and tallies, the
minutes and their sign-off, and the decisions taken."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.forms import (
    AttendanceForm,
    DecisionForm,
    ItemForm,
    ItemUpdateForm,
    MeetingForm,
    MinutesForm,
    option_lines,
)
from commonweal.governance.deliberation.models import (
    Attendance,
    MeetingKind,
    MeetingStatus,
    Vote,
    VoteChoice,
)
from commonweal.governance.deliberation.services import decisions as decision_services
from commonweal.governance.deliberation.services import meetings as services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.governance.deliberation.services.options import locked as options_locked
from commonweal.governance.deliberation.services.rules import rules
from commonweal.governance.deliberation.views import invitations
from commonweal.governance.deliberation.views.agenda import item_sources, read_source, with_bars
from commonweal.governance.deliberation.views.common import (
    attempt,
    member_by_contact,
    page_context,
    refusal,
    row_or_404,
)
from commonweal.platform.kernel.roles import OFFICE_ROLES


def meeting_new(request):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = []
        if attempt(
            request,
            lambda: made.append(
                services.meeting_schedule(
                    actor=request.user, community=community, **form.cleaned_data
                )
            ),
            _("The meeting is scheduled."),
        ):
            return redirect(made[0].path)
    return render(request, "deliberation/meeting_new.html", {"form": form})


def meeting_detail(request, pk):
    community, roles = page_context(request)
    meeting = row_or_404(selectors.access_meeting, meeting_id=pk)
    user = request.user
    is_office = bool(roles & OFFICE_ROLES)
    items = list(
        meeting.items.select_related(
            "proposal", "need", "task", "project", "winning_option"
        ).prefetch_related("decisions", "options")
    )
    now = timezone.now()
    present = user.is_authenticated and (
        Attendance.objects.filter(meeting=meeting, user=user).exists()
    )
    mine = {
        vote.item_id: vote
        for vote in (
            Vote.objects.filter(item__meeting=meeting, voter=user).select_related("option")
            if user.is_authenticated
            else ()
        )
    }
    for item in items:
        item.voting_open = (
            item.vote_opens_at is not None
            and item.tallied_at is None
            and item.vote_opens_at <= now < item.vote_closes_at
            and meeting.status in services.OPEN_STATUSES
        )
        vote = mine.get(item.pk)
        item.your_vote = (
            (vote.option.label if vote.option_id else VoteChoice(vote.choice).label) if vote else ""
        )
        item.option_rows = with_bars(item)
        item.may_vote = item.voting_open and present and not item.your_vote
        item.may_edit = (
            is_office and meeting.status in services.OPEN_STATUSES and (item.tallied_at is None)
        )
        item.edit_form = (
            ItemUpdateForm(
                initial={
                    "notes": item.notes,
                    "options": "\n".join(o.label for o in item.option_rows),
                },
                auto_id=f"item{item.pk}_%s",
            )
            if item.may_edit
            else None
        )
        item.options_open = item.may_edit and not options_locked(item, now)
        item.may_close = (
            is_office
            and item.vote_opens_at is not None
            and item.tallied_at is None
            and item.vote_opens_at <= now
        )
    is_open = meeting.status in services.OPEN_STATUSES
    return render(
        request,
        "deliberation/meeting.html",
        {
            "community": community,
            "meeting": meeting,
            "items": items,
            "rules": rules(),
            "is_office": is_office,
            "is_chair": services.is_chair(user, meeting),
            "is_open": is_open,
            "present": present,
            "attendance_count": meeting.attendance.count(),
            "attendance": meeting.attendance.all() if is_office else (),
            "show_minutes": meeting.status == MeetingStatus.PUBLISHED or is_office,
            "item_form": ItemForm(
                sources=item_sources() if meeting.kind == MeetingKind.JOINT else ()
            )
            if is_office and is_open
            else None,
            "attendance_form": AttendanceForm() if is_office and is_open else None,
            "invite_form": invitations.invite_form() if is_office and is_open else None,
            "invited_count": meeting.invitations.count(),
            "invited_departments": meeting.invitations.filter(department__isnull=False)
            .select_related("department")
            .order_by("pk")
            if is_office
            else (),
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes})
            if is_office and meeting.status == MeetingStatus.HELD
            else None,
            "decision_form": DecisionForm() if is_office else None,
            "may_decide": is_office
            and meeting.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED),
            "choices": VoteChoice.choices,
        },
    )


def _item(meeting, request):
    try:
        return meeting.items.get(pk=int(request.POST.get("item", "")))
    except (ValueError, meeting.items.model.DoesNotExist) as missing:
        raise Http404 from missing


@require_POST
def meeting_act(request, pk, verb):
    community, roles = page_context(request)
    office_only = verb not in ("vote", "signoff")
    if refused := refusal(request, roles, office_only=office_only):
        return refused
    meeting = row_or_404(selectors.access_meeting, meeting_id=pk)
    actor = request.user
    common = {"actor": actor, "community": community}
    post = request.POST
    if verb == "vote":
        item = _item(meeting, request)
        choice, option = post.get("choice", ""), post.get("option", "")
        attempt(
            request,
            lambda: vote_services.vote_cast(
                **common,
                item=item,
                choice=choice,
                option_id=(int(option) if option.isdigit() else -1) if option else None,
            ),
            _("Your vote is recorded."),
        )
    elif verb == "close":
        item = _item(meeting, request)
        attempt(
            request,
            lambda: vote_services.vote_tally(**common, item=item),
            _("The vote is closed and tallied."),
        )
    elif verb == "attend":
        form = AttendanceForm(post)
        form.is_valid()
        data = form.cleaned_data

        def record():
            user = None
            if data.get("contact"):
                user = member_by_contact(community, data["contact"], field="contact")
            services.attendance_record(
                **common, meeting=meeting, user=user, name=data.get("name", "")
            )

        attempt(request, record, _("Recorded as present."))
    elif verb == "invite":
        invitations.invite(request, common, meeting)
    elif verb == "item":
        form = ItemForm(post, sources=item_sources() if meeting.kind == MeetingKind.JOINT else ())
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: services.item_add(
                    **common,
                    meeting=meeting,
                    title=data["title"],
                    vote_opens_at=data["vote_opens_at"],
                    vote_closes_at=data["vote_closes_at"],
                    options=option_lines(data["options"]),
                    **read_source(data.get("source", "")),
                ),
                _("Added to the agenda."),
            )
    elif verb == "update":
        item = _item(meeting, request)
        form = ItemUpdateForm(post)
        if form.is_valid():
            data = form.cleaned_data
            options = option_lines(data.pop("options")) if "options" in post else None
            attempt(
                request,
                lambda: services.item_update(**common, item=item, options=options, **data),
                _("The agenda item is saved."),
            )
    elif verb == "held":
        attempt(request, lambda: services.meeting_hold(**common, meeting=meeting), _("Held."))
    elif verb == "minutes":
        text = post.get("minutes", "")
        attempt(
            request,
            lambda: services.minutes_write(**common, meeting=meeting, minutes=text),
            _("The minutes are saved; the chair signs them off."),
        )
    elif verb == "signoff":
        attempt(
            request,
            lambda: services.minutes_sign_off(**common, meeting=meeting),
            _("The minutes are published."),
        )
    elif verb == "decide":
        item = _item(meeting, request)
        form = DecisionForm(post)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: decision_services.decision_create(
                    **common,
                    item=item,
                    title=data["title"],
                    owners=[member_by_contact(community, data["owner"], field="owner")],
                    due_on=data["due_on"],
                    make_task=data["make_task"],
                ),
                _("The decision is recorded."),
            )
    else:
        raise Http404
    return redirect(meeting.path)
