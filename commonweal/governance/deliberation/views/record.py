"""The public record as a CSV (UTF-8 with a BOM, so Excel reads the Chinese): one row per
public proposal, per agenda item of a meeting (with its recorded tally and outcome) and per
decision (with its follow-up). What the pages show anyone, nothing more: no names."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.models import AgendaItem, MeetingStatus
from commonweal.governance.deliberation.views.common import page_context

# Anonymous readers' view: the record never depends on who downloads it.
PUBLIC = frozenset()


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def record_csv(request):
    page_context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deliberation-record.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Kind"), _("Title"), _("Status"), _("Date"), _("Supporters"), _("Tally"), _("Progress")]
    )
    for proposal in selectors.proposals_for(actor=None, roles=PUBLIC).order_by("created_at", "id"):
        writer.writerow(
            [
                _("Proposal (议题)"),
                proposal.title,
                proposal.get_status_display(),
                _day(proposal.created_at),
                proposal.support_count,
                "",
                proposal.status_reason,
            ]
        )
    items = (
        AgendaItem.objects.select_related("meeting")
        .prefetch_related("options")
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .order_by("meeting__starts_at", "meeting_id", "position", "id")
    )
    for item in items:
        tally = ""
        options = list(item.options.all())
        if item.tallied_at and options:
            # 方案一 5 / 方案二 1 / 方案三 1, 7 present: Adopted
            counts = " / ".join(f"{o.label} {o.votes}" for o in options)
            present = _("%(p)s present") % {"p": item.present}
            tally = f"{counts}, {present}: {item.get_outcome_display()}"
        elif item.tallied_at:
            tally = _("%(f)s for / %(a)s against / %(s)s abstain, %(p)s present: %(o)s") % {
                "f": item.votes_for,
                "a": item.votes_against,
                "s": item.votes_abstain,
                "p": item.present,
                "o": item.get_outcome_display(),
            }
        writer.writerow(
            [
                _("Meeting (议事会议)"),
                f"{item.meeting.title} · {item.title}",
                item.meeting.get_status_display(),
                _day(item.meeting.starts_at),
                "",
                tally,
                "",
            ]
        )
    for decision in selectors.decisions().order_by("due_on", "id"):
        writer.writerow(
            [
                _("Decision (决议)"),
                decision.title,
                decision.get_status_display(),
                decision.due_on.isoformat(),
                "",
                "",
                decision.progress,
            ]
        )
    return response
