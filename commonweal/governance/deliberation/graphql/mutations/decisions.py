"""落议题: decisions with owners and due dates, followed to done and rated."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.deliberation.graphql.mutations import shared
from commonweal.governance.deliberation.graphql.mutations.shared import DeliberationError
from commonweal.governance.deliberation.graphql.types import DecisionType
from commonweal.governance.deliberation.services import decisions as services
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)

DecisionPayload = payload(
    "DecisionPayload", DeliberationError, decision=(DecisionType, "The decision as it stands.")
)
DecisionRatingPayload = payload(
    "DecisionRatingPayload", DeliberationError, score=(int, "The rating recorded (1–5).")
)


@strawberry.type
class DecisionMutation:
    @mutation(
        DecisionPayload,
        allow=OFFICE,
        description="Record a decision of an adopted item: owners, due date, optionally a task.",
    )
    def create_decision(
        self,
        info: Info,
        item_id: Annotated[relay.GlobalID, arg("The agenda item (AgendaItem).")],
        title: Annotated[str, arg("What was decided (≤ 80).")],
        owner_ids: Annotated[list[relay.GlobalID], arg("Who carries it out (Member).")],
        due_on: Annotated[date, arg("Due date (in the future).")],
        description: Annotated[str, arg("What is to be done (≤ 2,000).")] = "",
        make_task: Annotated[
            bool, arg("Also make a draft task from the proposal's need (任务清单).")
        ] = False,
    ) -> DecisionPayload:
        who = caller(info)
        return DecisionPayload(
            decision=services.decision_create(
                actor=who.user,
                community=who.community,
                item=shared.item(item_id),
                title=title,
                owners=[shared.member(who, o) for o in owner_ids[:20]],
                due_on=due_on,
                description=description,
                make_task=make_task,
            )
        )

    @mutation(DecisionPayload, allow=MEMBERS, description="Start carrying out (owners, office).")
    def start_decision(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The decision.")],
        note: Annotated[str, arg("Progress, in words.")] = "",
    ) -> DecisionPayload:
        who = caller(info)
        return DecisionPayload(
            decision=services.decision_start(
                actor=who.user,
                roles=shared.roles_of(who),
                community=who.community,
                decision=shared.decision(id),
                note=note,
            )
        )

    @mutation(DecisionPayload, allow=MEMBERS, description="Report it done (owners, office).")
    def complete_decision(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The decision.")],
        note: Annotated[str, arg("What was done.")] = "",
    ) -> DecisionPayload:
        who = caller(info)
        return DecisionPayload(
            decision=services.decision_complete(
                actor=who.user,
                roles=shared.roles_of(who),
                community=who.community,
                decision=shared.decision(id),
                note=note,
            )
        )

    @mutation(
        DecisionRatingPayload, allow=MEMBERS, description="Rate a decision carried out (满意度)."
    )
    def rate_decision(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The decision.")],
        score: Annotated[int, arg("1 to 5 stars.")],
        comment: Annotated[str, arg("A word on the result.")] = "",
    ) -> DecisionRatingPayload:
        who = caller(info)
        rating = services.decision_rate(
            actor=who.user,
            community=who.community,
            decision=shared.decision(id),
            score=score,
            comment=comment,
        )
        return DecisionRatingPayload(score=rating.score)
