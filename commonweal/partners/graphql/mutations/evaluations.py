"""How a partner is judged: a resident rates a service they received; the office evaluates
a period and awards recognitions."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.partners.graphql.mutations.shared import (
    NOT_FOUND,
    PARTNER,
    PartnerError,
    partnership_of,
)
from commonweal.partners.graphql.types import (
    EvaluationType,
    FulfilmentType,
    RecognitionType,
    ServiceRatingType,
)
from commonweal.partners.services import evaluations
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)

ServiceRatingPayload = payload(
    "ServiceRatingPayload", PartnerError, rating=(ServiceRatingType, "Your rating as saved.")
)
EvaluationPayload = payload(
    "EvaluationPayload", PartnerError, evaluation=(EvaluationType, "The evaluation as saved.")
)
RecognitionPayload = payload(
    "RecognitionPayload", PartnerError, recognition=(RecognitionType, "The recognition as saved.")
)


@strawberry.type
class EvaluationMutation:
    @mutation(
        ServiceRatingPayload,
        allow=MEMBERS,
        description="Rate a service you received (1–5), once.",
    )
    def rate_service(
        self,
        info: Info,
        fulfilment_id: Annotated[relay.GlobalID, arg("The delivery you received.")],
        score: Annotated[int, arg("1 (poor) to 5 (excellent).")],
        comment: Annotated[str, arg("What you would tell others.")] = "",
    ) -> ServiceRatingPayload:
        rating = evaluations.rating_give(
            actor=caller(info).user,
            fulfilment_id=pk_of(fulfilment_id, FulfilmentType, NOT_FOUND),
            score=score,
            comment=comment,
        )
        return ServiceRatingPayload(rating=rating)

    @mutation(EvaluationPayload, allow=OFFICE, description="Evaluate a partner for a period.")
    def evaluate_partner(
        self,
        info: Info,
        partner_id: Annotated[relay.GlobalID, PARTNER],
        period_start: Annotated[date, arg("First day of the period.")],
        period_end: Annotated[date, arg("Last day of the period.")],
        staff_score: Annotated[int, arg("The office's score, 0–100.")],
        comment: Annotated[str, arg("The office's comment (not public).")] = "",
    ) -> EvaluationPayload:
        who = caller(info)
        evaluation = evaluations.evaluation_make(
            community=who.community,
            actor=who.user,
            partnership=partnership_of(who, partner_id),
            period_start=period_start,
            period_end=period_end,
            staff_score=staff_score,
            comment=comment,
        )
        return EvaluationPayload(evaluation=evaluation)

    @mutation(RecognitionPayload, allow=OFFICE, description="Recognise a partner, e.g. 最美商家.")
    def recognise_partner(
        self,
        info: Info,
        partner_id: Annotated[relay.GlobalID, PARTNER],
        title: Annotated[str, arg("The title awarded, e.g. 最美商家.")],
        awarded_on: Annotated[date, arg("When it was awarded.")],
        citation: Annotated[str, arg("Why, as it is shown publicly.")] = "",
    ) -> RecognitionPayload:
        who = caller(info)
        recognition = evaluations.recognition_award(
            community=who.community,
            actor=who.user,
            partnership=partnership_of(who, partner_id),
            title=title,
            citation=citation,
            awarded_on=awarded_on,
        )
        return RecognitionPayload(recognition=recognition)
