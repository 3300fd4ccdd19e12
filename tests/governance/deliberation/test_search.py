"""The public record is searchable: proposals (not merged away or declined), meetings (minutes
once published, never a cancelled meeting) and decisions."""

from datetime import timedelta

from django.utils import timezone

from commonweal.governance.deliberation.services import decisions as decision_services
from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.search.models import SearchDocument
from tests.governance.deliberation.fixtures import meeting, propose, set_rules
from tests.partners.fixtures import in_schema


def _visible(kind):
    return sorted(
        SearchDocument.objects.filter(kind=kind, visible=True).values_list("title", flat=True)
    )


def test_public_proposals_meetings_and_decisions_are_search_documents(fengshu, council):
    set_rules(fengshu, quorum=1)
    kept = propose(fengshu, council.proposer, title="三号院停车位重新划线")
    declined = propose(fengshu, council.proposer, title="不予立项的议题")
    with in_schema(fengshu):
        proposal_services.proposal_decline(
            actor=council.staff, community=fengshu, proposal=declined, reason="不属于社区事务"
        )
    assert _visible("deliberation_proposal") == ["三号院停车位重新划线"]
    held = meeting(fengshu, council.staff, title="居民议事会")
    cancelled = meeting(fengshu, council.staff, title="取消的会议")
    with in_schema(fengshu):
        meeting_services.meeting_cancel(
            actor=council.staff, community=fengshu, meeting=cancelled, reason="暴雨"
        )
        item = meeting_services.item_add(
            actor=council.staff, community=fengshu, meeting=held, title="通报"
        )
        meeting_services.meeting_hold(actor=council.staff, community=fengshu, meeting=held)
        meeting_services.minutes_write(
            actor=council.staff, community=fengshu, meeting=held, minutes="决定重新划线"
        )
    assert _visible("deliberation_meeting") == ["居民议事会"]
    document = SearchDocument.objects.get(kind="deliberation_meeting", visible=True)
    assert "决定重新划线" not in document.body and document.url == held.path
    with in_schema(fengshu):
        meeting_services.minutes_sign_off(actor=council.staff, community=fengshu, meeting=held)
        decision_services.decision_create(
            actor=council.staff,
            community=fengshu,
            item=item,
            title="重新划线",
            owners=[council.staff],
            due_on=timezone.localdate() + timedelta(days=3),
        )
    assert (
        "决定重新划线" in SearchDocument.objects.get(kind="deliberation_meeting", visible=True).body
    )
    assert _visible("deliberation_decision") == ["重新划线"]
    assert kept.path == SearchDocument.objects.get(kind="deliberation_proposal", visible=True).url
