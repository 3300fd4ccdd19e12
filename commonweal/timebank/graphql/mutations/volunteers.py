"""Becoming a volunteer, one's details and certificates, and teams."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.graphql.mutations.shared import VOLUNTEERS
from commonweal.timebank.graphql.types import CertificateType, TeamType, TimebankError
from commonweal.timebank.services import certificates, volunteers

VolunteerPayload = payload(
    "RegisterVolunteerPayload",
    TimebankError,
    team=(TeamType, "Your team, if any."),
    registered=(bool, "True once you are a volunteer."),
)
ProfilePayload = payload(
    "UpdateMyVolunteerPayload",
    TimebankError,
    team=(TeamType, "Your team, if any."),
    skills=(list[str], "Your skills as kept."),
    on_leaderboard=(bool, "Whether you are listed on the leaderboard."),
)
TeamPayload = payload("VolunteerTeamPayload", TimebankError, team=(TeamType, "The team."))
CertificatePayload = payload(
    "ServiceCertificatePayload", TimebankError, certificate=(CertificateType, "The certificate.")
)


@strawberry.type
class VolunteerMutation:
    @mutation(
        VolunteerPayload,
        allow=MEMBERS,
        description="一键注册: a member of the community becomes one of its volunteers.",
    )
    def register_volunteer(
        self,
        info: Info,
        real_name: Annotated[str, arg("Your real name; private, printed on certificates.")] = "",
        team_id: Annotated[relay.GlobalID | None, arg("The team you join.")] = None,
        skills: Annotated[list[str] | None, arg("Your skills.")] = None,
        on_leaderboard: Annotated[bool, arg("Be listed on the leaderboard.")] = False,
    ) -> VolunteerPayload:
        who = caller(info)
        profile = volunteers.volunteer_register(
            community=who.community,
            actor=who.user,
            real_name=real_name,
            team_id=pk_of(team_id, TeamType, E) if team_id else None,
            skills=skills or [],
            on_leaderboard=on_leaderboard,
        )
        return VolunteerPayload(team=profile.team, registered=True)

    @mutation(
        ProfilePayload,
        allow=MEMBERS,
        description="Change your volunteer details; what you leave out stays as it is.",
    )
    def update_my_volunteer(
        self,
        info: Info,
        real_name: Annotated[str | None, arg("Your real name; private.")] = None,
        team_id: Annotated[relay.GlobalID | None, arg("The team you move to.")] = None,
        skills: Annotated[list[str] | None, arg("Your skills (replaces the list).")] = None,
        on_leaderboard: Annotated[bool | None, arg("Be listed on the leaderboard.")] = None,
    ) -> ProfilePayload:
        profile = volunteers.volunteer_update(
            actor=caller(info).user,
            real_name=real_name,
            team_id=pk_of(team_id, TeamType, E) if team_id else None,
            skills=skills,
            on_leaderboard=on_leaderboard,
        )
        return ProfilePayload(
            team=profile.team, skills=profile.skills, on_leaderboard=profile.on_leaderboard
        )

    @mutation(TeamPayload, allow=OFFICE, description="Create a volunteer team (志愿服务队).")
    def create_volunteer_team(
        self,
        info: Info,
        name: Annotated[str, arg("Name, e.g. 督院雏鹰.")],
        description: Annotated[str, arg("What the team does.")] = "",
    ) -> TeamPayload:
        who = caller(info)
        return TeamPayload(
            team=volunteers.team_create(actor=who.user, name=name, description=description)
        )

    @mutation(CertificatePayload, allow=VOLUNTEERS, description="Issue your 志愿服务证明.")
    def issue_service_certificate(
        self,
        info: Info,
        period_from: Annotated[date | None, arg("First day; null: your first service.")] = None,
        period_to: Annotated[date | None, arg("Last day; null: your latest service.")] = None,
    ) -> CertificatePayload:
        who = caller(info)
        made = certificates.certificate_issue(
            community=who.community, actor=who.user, period_from=period_from, period_to=period_to
        )
        code = certificates.verification_code(who.community, made)
        return CertificatePayload(
            certificate=CertificateType(
                real_name=made.real_name,
                organisation=made.organisation,
                hours=made.hours,
                tasks=made.tasks,
                period_from=made.period_from,
                period_to=made.period_to,
                verification_code=code,
                url=f"/timebank/certificates/{made.pk}/",
            )
        )
