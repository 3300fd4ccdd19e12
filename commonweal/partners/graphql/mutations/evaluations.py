"""How a partner is judged: a resident rates a service they received; the office evaluates
a period and awards recognitions."""

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PartnerError,
    context,
    office,
    partnership_of,
)
from commonweal.partners.graphql.types import (
    EvaluationType,
    FulfilmentType,
    RecognitionType,
    ServiceRatingType,
)
from commonweal.partners.services import evaluations
from commonweal.platform.accounts.roles import Role
from commonweal.platform.graphql.errors import refusals_in_payload
from commonweal.platform.graphql.ids import pk_of
from commonweal.platform.graphql.permissions import HasRole, for_mutation


@strawberry.type
class ServiceRatingPayload:
    rating: ServiceRatingType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class EvaluationPayload:
    evaluation: EvaluationType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class RecognitionPayload:
    recognition: RecognitionType | None = None
    errors: list[PartnerError] = strawberry.field(default_factory=list)


@strawberry.type
class EvaluationMutation:
    @strawberry.mutation(
        description="Rate a service you received (1–5), once.",
        extensions=[for_mutation(HasRole(*Role))],
    )
    @refusals_in_payload(ServiceRatingPayload, PartnerError)
    def rate_service(
        self, info: Info, fulfilment_id: relay.GlobalID, score: int, comment: str = ""
    ) -> ServiceRatingPayload:
        _community, user = context(info)
        rating = evaluations.rating_give(
            actor=user,
            fulfilment_id=pk_of(fulfilment_id, FulfilmentType, NOT_FOUND),
            score=score,
            comment=comment,
        )
        return ServiceRatingPayload(rating=rating)

    @strawberry.mutation(description="Evaluate a partner for a period.", extensions=office())
    @refusals_in_payload(EvaluationPayload, PartnerError)
    def evaluate_partner(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        period_start: date,
        period_end: date,
        staff_score: int,
        comment: str = "",
    ) -> EvaluationPayload:
        community, user = context(info)
        evaluation = evaluations.evaluation_make(
            community=community,
            actor=user,
            partnership=partnership_of(partner_id),
            period_start=period_start,
            period_end=period_end,
            staff_score=staff_score,
            comment=comment,
        )
        return EvaluationPayload(evaluation=evaluation)

    @strawberry.mutation(description="Recognise a partner, e.g. 最美商家.", extensions=office())
    @refusals_in_payload(RecognitionPayload, PartnerError)
    def recognise_partner(
        self,
        info: Info,
        partner_id: relay.GlobalID,
        title: str,
        awarded_on: date,
        citation: str = "",
    ) -> RecognitionPayload:
        community, user = context(info)
        recognition = evaluations.recognition_award(
            community=community,
            actor=user,
            partnership=partnership_of(partner_id),
            title=title,
            citation=citation,
            awarded_on=awarded_on,
        )
        return RecognitionPayload(recognition=recognition)
