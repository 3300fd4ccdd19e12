"""议议题: scheduling, invitations, the agenda, attendance, votes and the minutes."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.deliberation.graphql.mutations import shared
from commonweal.governance.deliberation.graphql.mutations.shared import DeliberationError
from commonweal.governance.deliberation.graphql.types import (
    AgendaItemType,
    MeetingKindEnum,
    MeetingType,
    VoteChoiceEnum,
    VoteOptionType,
)
from commonweal.governance.deliberation.services import invitations as invitation_services
from commonweal.governance.deliberation.services import meetings as services
from commonweal.governance.deliberation.services import options as option_services
from commonweal.governance.deliberation.services import votes as vote_services
from commonweal.partners.models import Partnership
from commonweal.platform.kernel.graphql.mutations import (
    ANYONE,
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)

MeetingPayload = payload(
    "MeetingPayload", DeliberationError, meeting=(MeetingType, "The meeting as it now stands.")
)
AgendaItemPayload = payload(
    "AgendaItemPayload", DeliberationError, item=(AgendaItemType, "The agenda item as it stands.")
)
InvitedPayload = payload(
    "MeetingInvitedPayload", DeliberationError, invited=(int, "How many were newly invited.")
)
AttendancePayload = payload(
    "AttendancePayload", DeliberationError, present=(int, "How many are now recorded present.")
)
VotePayload = payload("VotePayload", DeliberationError, choice=(VoteChoiceEnum, "Your vote."))
OptionVotePayload = payload(
    "OptionVotePayload", DeliberationError, option=(VoteOptionType, "The option you chose.")
)
ConfirmationPayload = payload(
    "MeetingConfirmationPayload",
    DeliberationError,
    meeting_title=(str, "The meeting confirmed."),
    first_time=(bool, "False when the department had confirmed already (nothing changed)."),
)


@strawberry.type
class MeetingMutation:
    @mutation(
        MeetingPayload,
        allow=OFFICE,
        description="Schedule a meeting; a joint meeting (联席会) is chaired by the partner whose"
        " turn it is, and its active partners are invited.",
    )
    def schedule_meeting(
        self,
        info: Info,
        title: Annotated[str, arg("Title (≤ 80).")],
        kind: Annotated[MeetingKindEnum, arg("Council, courtyard or joint meeting.")],
        starts_at: Annotated[datetime, arg("When it starts (in the future).")],
        place: Annotated[str, arg("Where (or give an online link).")] = "",
        online_link: Annotated[str, arg("https:// link of an online meeting.")] = "",
        chair_id: Annotated[
            relay.GlobalID | None, arg("The chair (Member); you by default; not for joint.")
        ] = None,
    ) -> MeetingPayload:
        who = caller(info)
        chair = shared.member(who, chair_id) if chair_id is not None else None
        return MeetingPayload(
            meeting=services.meeting_schedule(
                actor=who.user,
                community=who.community,
                title=title,
                kind=kind,
                starts_at=starts_at,
                place=place,
                online_link=online_link,
                chair=chair,
            )
        )

    @mutation(
        MeetingPayload, allow=OFFICE, description="Cancel a scheduled meeting, with a reason."
    )
    def cancel_meeting(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The meeting.")],
        reason: Annotated[str, arg("Why, as published.")],
    ) -> MeetingPayload:
        who = caller(info)
        return MeetingPayload(
            meeting=services.meeting_cancel(
                actor=who.user, community=who.community, meeting=shared.meeting(id), reason=reason
            )
        )

    @mutation(
        InvitedPayload,
        allow=OFFICE,
        description="Invite members, partners and departments (职能部门); a department is"
        " e-mailed a signed link to confirm its attendance (报到) without an account.",
    )
    def invite_to_meeting(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The meeting.")],
        member_ids: Annotated[list[relay.GlobalID], arg("Members (Member) to invite.")] = (),
        partner_ids: Annotated[list[relay.GlobalID], arg("Partners (Partner) to invite.")] = (),
        department_ids: Annotated[
            list[relay.GlobalID], arg("Departments (HazardDepartment) to invite.")
        ] = (),
    ) -> InvitedPayload:
        who = caller(info)
        meeting = shared.meeting(id)
        users = [shared.member(who, m) for m in member_ids[:200]]
        partners = []
        for global_id in partner_ids[:200]:
            partner = Partnership.objects.filter(pk=shared.pk(global_id, "Partner")).first()
            if partner is None:
                raise shared.not_found()
            partners.append(partner)
        departments = [shared.department(d) for d in department_ids[:50]]
        return InvitedPayload(
            invited=services.meeting_invite(
                actor=who.user,
                community=who.community,
                meeting=meeting,
                users=users,
                partnerships=partners,
                departments=departments,
            )
        )

    @mutation(
        AgendaItemPayload,
        allow=OFFICE,
        description="Add an agenda item: a proposal on the agenda, a need, task or project (joint"
        " meetings), or a free item; with a vote when its opening and closing times are given,"
        " among `options` instead of for/against/abstain when those are given.",
    )
    def add_agenda_item(
        self,
        info: Info,
        meeting_id: Annotated[relay.GlobalID, arg("The meeting.")],
        title: Annotated[str, arg("Title (the proposal's when empty).")] = "",
        proposal_id: Annotated[relay.GlobalID | None, arg("The proposal.")] = None,
        vote_opens_at: Annotated[datetime | None, arg("When voting opens.")] = None,
        vote_closes_at: Annotated[datetime | None, arg("When voting closes.")] = None,
        need_id: Annotated[relay.GlobalID | None, arg("A need (Need), joint meetings.")] = None,
        task_id: Annotated[relay.GlobalID | None, arg("A task (NeedsTask), joint.")] = None,
        project_id: Annotated[relay.GlobalID | None, arg("A project (NeedsProject).")] = None,
        options: Annotated[
            list[str] | None, arg("2–6 options (方案) to vote among, each ≤ 40.")
        ] = None,
    ) -> AgendaItemPayload:
        who = caller(info)
        proposal = shared.proposal(who, proposal_id) if proposal_id is not None else None
        return AgendaItemPayload(
            item=services.item_add(
                actor=who.user,
                community=who.community,
                meeting=shared.meeting(meeting_id),
                proposal=proposal,
                **shared.source(who, need_id, task_id, project_id),
                title=title,
                vote_opens_at=vote_opens_at,
                vote_closes_at=vote_closes_at,
                options=(options or [])[:20],
            )
        )

    @mutation(
        AgendaItemPayload,
        allow=OFFICE,
        description="Set (replace) the options (方案) an item's vote is among, until the vote"
        " opens; an empty list puts it back to for/against/abstain.",
    )
    def set_vote_options(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The agenda item.")],
        options: Annotated[list[str], arg("2–6 options, each ≤ 40; [] for none.")],
    ) -> AgendaItemPayload:
        who = caller(info)
        return AgendaItemPayload(
            item=option_services.options_set(
                actor=who.user, community=who.community, item=shared.item(id), labels=options[:20]
            )
        )

    @mutation(
        AgendaItemPayload,
        allow=OFFICE,
        description="Write an item's discussion notes; set its vote times before anyone votes.",
    )
    def update_agenda_item(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The agenda item.")],
        notes: Annotated[str, arg("Discussion notes (≤ 5,000).")],
        vote_opens_at: Annotated[datetime | None, arg("When voting opens.")] = None,
        vote_closes_at: Annotated[datetime | None, arg("When voting closes.")] = None,
        options: Annotated[
            list[str] | None, arg("Replace the vote's options until it opens ([] for none).")
        ] = None,
    ) -> AgendaItemPayload:
        who = caller(info)
        return AgendaItemPayload(
            item=services.item_update(
                options=options[:20] if options is not None else None,
                actor=who.user,
                community=who.community,
                item=shared.item(id),
                notes=notes,
                vote_opens_at=vote_opens_at,
                vote_closes_at=vote_closes_at,
            )
        )

    @mutation(
        AttendancePayload,
        allow=OFFICE,
        description="Record someone present: a member, or by name someone without a phone.",
    )
    def record_attendance(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The meeting.")],
        member_id: Annotated[relay.GlobalID | None, arg("The member (Member) present.")] = None,
        name: Annotated[str, arg("Name of someone present without an account.")] = "",
    ) -> AttendancePayload:
        who = caller(info)
        meeting = shared.meeting(id)
        user = shared.member(who, member_id) if member_id is not None else None
        services.attendance_record(
            actor=who.user, community=who.community, meeting=meeting, user=user, name=name
        )
        return AttendancePayload(present=meeting.attendance.count())

    @mutation(
        VotePayload,
        allow=MEMBERS,
        description="Vote on an agenda item while its vote is open (members recorded present).",
    )
    def cast_vote(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The agenda item.")],
        choice: Annotated[VoteChoiceEnum, arg("For, against or abstain.")],
    ) -> VotePayload:
        who = caller(info)
        vote = vote_services.vote_cast(
            actor=who.user, community=who.community, item=shared.item(id), choice=choice
        )
        return VotePayload(choice=VoteChoiceEnum(vote.choice))

    @mutation(
        OptionVotePayload,
        allow=MEMBERS,
        description="Vote for one of an item's options while its vote is open (members recorded"
        " present; one vote per member).",
    )
    def cast_option_vote(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The agenda item.")],
        option_id: Annotated[relay.GlobalID, arg("The option (VoteOption) chosen.")],
    ) -> OptionVotePayload:
        who = caller(info)
        item = shared.item(id)
        option_pk = shared.pk(option_id, "VoteOption")
        vote = vote_services.vote_cast(
            actor=who.user,
            community=who.community,
            item=item,
            option_id=int(option_pk) if str(option_pk).isdigit() else -1,
        )
        return OptionVotePayload(option=vote.option)

    @mutation(
        ConfirmationPayload,
        allow=ANYONE,
        description="报到: an invited department confirms its attendance through the signed link"
        " it was e-mailed (no account needed).",
    )
    def confirm_meeting_attendance(
        self,
        info: Info,
        token: Annotated[str, arg("The token of the link.")],
        note: Annotated[str, arg("Who will come, or a word (≤ 500).")] = "",
    ) -> ConfirmationPayload:
        who = caller(info)
        invitation, first = invitation_services.attendance_confirm(
            community=who.community, token=token, note=note
        )
        return ConfirmationPayload(meeting_title=invitation.meeting.title, first_time=first)

    @mutation(
        AgendaItemPayload,
        allow=OFFICE,
        description="Close a vote (now, if early) and record its tally and the rule's outcome.",
    )
    def close_vote(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The agenda item.")]
    ) -> AgendaItemPayload:
        who = caller(info)
        return AgendaItemPayload(
            item=vote_services.vote_tally(
                actor=who.user, community=who.community, item=shared.item(id)
            )
        )

    @mutation(MeetingPayload, allow=OFFICE, description="Record that the meeting was held.")
    def mark_meeting_held(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The meeting.")]
    ) -> MeetingPayload:
        who = caller(info)
        return MeetingPayload(
            meeting=services.meeting_hold(
                actor=who.user, community=who.community, meeting=shared.meeting(id)
            )
        )

    @mutation(
        MeetingPayload, allow=OFFICE, description="Write the minutes (会议纪要) of a held meeting."
    )
    def write_minutes(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The meeting.")],
        minutes: Annotated[str, arg("The minutes (≤ 10,000).")],
    ) -> MeetingPayload:
        who = caller(info)
        return MeetingPayload(
            meeting=services.minutes_write(
                actor=who.user, community=who.community, meeting=shared.meeting(id), minutes=minutes
            )
        )

    @mutation(
        MeetingPayload,
        allow=MEMBERS,
        description="The chair signs the minutes off, which publishes them with the tallies.",
    )
    def sign_off_minutes(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The meeting.")]
    ) -> MeetingPayload:
        who = caller(info)
        return MeetingPayload(
            meeting=services.minutes_sign_off(
                actor=who.user, community=who.community, meeting=shared.meeting(id)
            )
        )
