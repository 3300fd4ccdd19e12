"""Who is told: the invited (members, and the representatives of invited partners) of the
invitation and of agenda changes; those present and the people behind a proposal, of results."""

from commonweal.governance.deliberation.services import meetings as meeting_services
from commonweal.governance.deliberation.services import proposals as proposal_services
from commonweal.platform.notifications.models import Notification
from tests.fixtures import make_user
from tests.governance.deliberation.fixtures import meeting, propose, set_rules
from tests.partners.fixtures import in_schema, make_organisation, make_partnership


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def test_invitations_agenda_changes_and_results_reach_the_right_people(fengshu, council):
    set_rules(fengshu, support_threshold=1)
    representative = make_user(name="佳宏物业代表")
    partner = make_partnership(
        fengshu, organisation=make_organisation(representative, name="四川佳宏物业")
    )
    invitee = council.members[0]
    held = meeting(fengshu, council.staff, chair=council.admin)
    proposal = propose(fengshu, council.proposer)
    with in_schema(fengshu):
        proposal = proposal_services.proposal_support(
            actor=council.members[1], community=fengshu, proposal=proposal
        )
        meeting_services.meeting_invite(
            actor=council.staff,
            community=fengshu,
            meeting=held,
            users=[invitee],
            partnerships=[partner],
        )
        # inviting again tells nobody twice
        meeting_services.meeting_invite(
            actor=council.staff, community=fengshu, meeting=held, users=[invitee]
        )
        proposal_services.proposal_accept(
            actor=council.staff, community=fengshu, proposal=proposal, meeting=held
        )
        meeting_services.attendance_record(
            actor=council.staff, community=fengshu, meeting=held, user=council.members[2]
        )
        meeting_services.meeting_hold(actor=council.staff, community=fengshu, meeting=held)
        meeting_services.minutes_write(
            actor=council.staff, community=fengshu, meeting=held, minutes="通过"
        )
        meeting_services.minutes_sign_off(actor=council.admin, community=fengshu, meeting=held)
    assert _told("deliberation.invited") == sorted([invitee.pk, representative.pk])
    assert _told("deliberation.agenda") == sorted([invitee.pk, representative.pk])
    assert _told("deliberation.results") == sorted(
        [council.proposer.pk, council.members[1].pk, council.members[2].pk]
    )
