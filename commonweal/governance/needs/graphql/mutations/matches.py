"""Staff confirm a suggested resource for a need (匹配确认), and withdraw it."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.needs import selectors
from commonweal.governance.needs.error_codes import not_found
from commonweal.governance.needs.graphql.mutations.shared import NeedError, pk, roles_of
from commonweal.governance.needs.graphql.types import NeedMatchType, NeedType
from commonweal.governance.needs.services import matches
from commonweal.platform.kernel.graphql.ids import local_pk
from commonweal.platform.kernel.graphql.mutations import OFFICE, arg, caller, mutation, payload

MatchPayload = payload(
    "NeedMatchPayload", NeedError, match=(NeedMatchType, "The match as it now stands.")
)
# A resource id's type says which part of the resources list it names.
RESOURCE_SOURCES = {"ResourceCommitment": "partner", "CommunityResource": "community"}


def _resource(resource_id: relay.GlobalID) -> tuple[str, int]:
    source = RESOURCE_SOURCES.get(resource_id.type_name)
    key = local_pk(resource_id) if source else None
    if key is None or not key.isdigit():
        raise not_found()
    return source, int(key)


@strawberry.type
class NeedMatchMutation:
    @mutation(
        MatchPayload,
        allow=OFFICE,
        description="Confirm a resource suggested for a need (匹配确认); the partner behind a"
        " commitment is told.",
    )
    def confirm_need_match(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The need.")],
        resource_id: Annotated[
            relay.GlobalID,
            arg("The resource (ResourceCommitment or CommunityResource), as suggested."),
        ],
    ) -> MatchPayload:
        who = caller(info)
        need = selectors.access_need(actor=who.user, roles=roles_of(who), need_id=pk(id, NeedType))
        source, key = _resource(resource_id)
        return MatchPayload(
            match=matches.match_confirm(
                actor=who.user, community=who.community, need=need, source=source, key=key
            )
        )

    @mutation(MatchPayload, allow=OFFICE, description="Withdraw a confirmed match.")
    def withdraw_need_match(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The match (NeedMatch).")]
    ) -> MatchPayload:
        who = caller(info)
        match = matches.access_live_match(match_id=pk(id, NeedMatchType))
        return MatchPayload(
            match=matches.match_withdraw(actor=who.user, community=who.community, match=match)
        )
