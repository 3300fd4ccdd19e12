"""Raising, seconding, triaging and rating needs."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.needs import selectors
from commonweal.governance.needs.graphql.mutations.shared import (
    NEED_GATHERERS,
    WISH_ADOPTERS,
    NeedError,
    pk,
    roles_of,
)
from commonweal.governance.needs.graphql.types import NeedCategoryEnum, NeedSourceEnum, NeedType
from commonweal.governance.needs.services import needs as services
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)

NeedPayload = payload("NeedPayload", NeedError, need=(NeedType, "The need as it now stands."))
RatingPayload = payload("NeedRatingPayload", NeedError, score=(int, "The rating recorded (1–5)."))


@strawberry.input(description="A need as raised or recorded.")
class NeedInput:
    title: str = strawberry.field(description="Short title (≤ 80 characters).")
    description: str = strawberry.field(description="What is needed, and why (≤ 2,000).")
    category: NeedCategoryEnum = strawberry.field(description="Kind of need.")
    place: str = strawberry.field(default="", description="Place or courtyard, as named.")
    lat: float | None = strawberry.field(default=None, description="Latitude (GCJ-02).")
    lng: float | None = strawberry.field(default=None, description="Longitude (GCJ-02).")


def _need(who, id):
    return selectors.access_need(actor=who.user, roles=roles_of(who), need_id=pk(id, NeedType))


def _fields(input: NeedInput) -> dict:
    return {
        "title": input.title,
        "description": input.description,
        "category": input.category,
        "place": input.place,
        "lat": input.lat,
        "lng": input.lng,
    }


@strawberry.type
class NeedMutation:
    @mutation(NeedPayload, allow=MEMBERS, description="Raise a need (members of the community).")
    def raise_need(self, info: Info, input: Annotated[NeedInput, arg("The need.")]) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_raise(actor=who.user, community=who.community, **_fields(input))
        )

    @mutation(
        NeedPayload,
        allow=NEED_GATHERERS,
        description="Record a need gathered at a 坝坝会, a home visit or by phone.",
    )
    def record_offline_need(
        self,
        info: Info,
        input: Annotated[NeedInput, arg("The need.")],
        origin: Annotated[NeedSourceEnum, arg("Where it was gathered (not online).")],
        residents_note: Annotated[str, arg("Who raised it (never published).")] = "",
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_record_offline(
                actor=who.user,
                community=who.community,
                origin=origin,
                residents_note=residents_note,
                **_fields(input),
            )
        )

    @mutation(NeedPayload, allow=MEMBERS, description="Say “me too” (附议); once per person.")
    def second_need(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_second(actor=who.user, community=who.community, need=_need(who, id))
        )

    @mutation(NeedPayload, allow=OFFICE, description="Accept a need into the needs list.")
    def accept_need(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_accept(actor=who.user, community=who.community, need=_need(who, id))
        )

    @mutation(NeedPayload, allow=OFFICE, description="Decline a need with a published reason.")
    def decline_need(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The need.")],
        reason: Annotated[str, arg("Why, as the raiser will read it.")],
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_decline(
                actor=who.user, community=who.community, need=_need(who, id), reason=reason
            )
        )

    @mutation(
        NeedPayload,
        allow=OFFICE,
        description="Merge a duplicate into another open need; its people second the other.",
    )
    def merge_need(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The duplicate.")],
        into: Annotated[relay.GlobalID, arg("The need to keep.")],
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_merge(
                actor=who.user,
                community=who.community,
                need=_need(who, id),
                into=_need(who, into),
            )
        )

    @mutation(NeedPayload, allow=OFFICE, description="Mark a need as a 微心愿 anyone may adopt.")
    def mark_need_wish(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_mark_wish(
                actor=who.user, community=who.community, need=_need(who, id)
            )
        )

    @mutation(
        NeedPayload,
        allow=WISH_ADOPTERS,
        description="Adopt a 微心愿 (volunteers, partner representatives, office).",
    )
    def adopt_wish(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The wish.")],
        note: Annotated[str, arg("What you will do.")] = "",
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_adopt_wish(
                actor=who.user, community=who.community, need=_need(who, id), note=note
            )
        )

    @mutation(NeedPayload, allow=OFFICE, description="Resolve an adopted wish or a need in hand.")
    def resolve_need(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The need.")],
        note: Annotated[str, arg("What was done.")] = "",
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_resolve(
                actor=who.user, community=who.community, need=_need(who, id), note=note
            )
        )

    @mutation(NeedPayload, allow=OFFICE, description="Close a resolved need.")
    def close_need(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]
    ) -> NeedPayload:
        who = caller(info)
        return NeedPayload(
            need=services.need_close(actor=who.user, community=who.community, need=_need(who, id))
        )

    @mutation(
        RatingPayload,
        allow=MEMBERS,
        description="Rate the outcome of a resolved need you raised or seconded (满意度).",
    )
    def rate_need(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The need.")],
        score: Annotated[int, arg("1 to 5 stars.")],
        comment: Annotated[str, arg("A word on the outcome.")] = "",
    ) -> RatingPayload:
        who = caller(info)
        rating = services.need_rate(
            actor=who.user,
            community=who.community,
            need=_need(who, id),
            score=score,
            comment=comment,
        )
        return RatingPayload(score=rating.score)
