"""The public record in search: proposals (not those merged away or declined), meetings (not
cancelled; minutes once published) and decisions. Called by the services inside the
transaction that changes the item, so search and data cannot disagree after a commit."""

from django.utils import translation

from commonweal.governance.deliberation.models import (
    Decision,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalStatus,
)
from commonweal.search.documents import DocumentKind, index_document, remove_document

HIDDEN_PROPOSALS = frozenset({ProposalStatus.MERGED, ProposalStatus.DECLINED})


def _label(row) -> str:
    with translation.override("zh-hans"):
        return str(row.get_status_display())


def sync_proposal(community, proposal: Proposal) -> None:
    kind = DocumentKind.DELIBERATION_PROPOSAL
    if proposal.status in HIDDEN_PROPOSALS:
        remove_document(community=community, kind=kind, key=proposal.pk)
        return
    index_document(
        community=community,
        kind=kind,
        key=proposal.pk,
        title=proposal.title,
        body="\n".join([proposal.background, proposal.proposal, proposal.place]),
        tags=[_label(proposal)],
        url=proposal.path,
    )


def sync_meeting(community, meeting: Meeting) -> None:
    kind = DocumentKind.DELIBERATION_MEETING
    if meeting.status == MeetingStatus.CANCELLED:
        remove_document(community=community, kind=kind, key=meeting.pk)
        return
    minutes = meeting.minutes if meeting.status == MeetingStatus.PUBLISHED else ""
    with translation.override("zh-hans"):
        kind_name = str(meeting.get_kind_display())
    index_document(
        community=community,
        kind=kind,
        key=meeting.pk,
        title=meeting.title,
        body="\n".join([meeting.place, minutes]),
        tags=[kind_name, _label(meeting)],
        url=meeting.path,
    )


def sync_decision(community, decision: Decision) -> None:
    index_document(
        community=community,
        kind=DocumentKind.DELIBERATION_DECISION,
        key=decision.pk,
        title=decision.title,
        body="\n".join([decision.description, decision.progress]),
        tags=[_label(decision)],
        url=decision.path,
    )
