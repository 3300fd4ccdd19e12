"""GraphQL types of needs, the resources list, the task list and projects.

A need's raiser is never shown to the public: `raisedByYou` tells a signed-in reader whether it
is theirs; the office additionally reads the offline source and the residents behind it.
"""

from datetime import date, datetime
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.needs import matching
from commonweal.governance.needs.models import (
    CommunityResource,
    Milestone,
    Need,
    NeedCategory,
    NeedMatch,
    NeedSource,
    NeedStatus,
    Project,
    ProjectStatus,
    ProjectUpdate,
    ResourceKind,
    ResponseStatus,
    Task,
    TaskResponse,
    TaskStatus,
)
from commonweal.governance.needs.selectors import NEED_OFFICE
from commonweal.governance.photos.graphql.types import PhotoType
from commonweal.governance.photos.services import UPDATE_LIMIT
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.graphql.ids import global_id
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.privacy.masking import resident_text

NeedCategoryEnum = strawberry.enum(
    NeedCategory, name="NeedCategory", description="What kind of need (公共设施, 为老服务 …)."
)
NeedSourceEnum = strawberry.enum(
    NeedSource, name="NeedSource", description="Where a need was gathered."
)
NeedStatusEnum = strawberry.enum(
    NeedStatus, name="NeedStatus", description="Where a need stands in its lifecycle."
)
TaskStatusEnum = strawberry.enum(TaskStatus, name="TaskStatus", description="Task list states.")
ResponseStatusEnum = strawberry.enum(
    ResponseStatus, name="TaskResponseStatus", description="A partner's response's state."
)
ProjectStatusEnum = strawberry.enum(
    ProjectStatus, name="ProjectStatus", description="Where a project stands."
)
CommunityResourceKindEnum = strawberry.enum(
    ResourceKind, name="CommunityResourceKind", description="Kinds of community resources."
)
NEED_OFFICE_ONLY = [HasRole(*NEED_OFFICE)]


@strawberry_django.type(
    NeedMatch, name="NeedMatch", description="A resource staff confirmed for a need (匹配确认)."
)
class NeedMatchType(relay.Node):
    title: str = strawberry_django.field(description="The resource, as named when confirmed.")
    provider: str = strawberry_django.field(description="Who provides it (a partner, or 社区).")
    reason: str = strawberry_django.field(description="Why it was suggested, as staff saw it.")
    confirmed_at: datetime = strawberry_django.field(description="When it was confirmed.")
    withdrawn_at: datetime | None = strawberry_django.field(
        description="When it was withdrawn; null while it stands."
    )

    @strawberry_django.field(
        only=["source", "key"],
        description="The resource: a partner's commitment (ResourceCommitment) or the"
        " community's own (CommunityResource).",
    )
    def resource_id(self) -> relay.GlobalID:
        return global_id(resource_type_name(self.source), self.key)


def resource_type_name(source: str) -> str:
    """The GraphQL type of a resources-list entry of `source`."""
    return "ResourceCommitment" if source == "partner" else "CommunityResource"


@strawberry_django.type(Need, name="Need", description="A resident need (需求清单 entry).")
class NeedType(relay.Node):
    title: str = resident_text("Short title.")
    description: str = resident_text("What is needed, and why.")
    category: NeedCategoryEnum = strawberry_django.field(description="Kind of need.")
    photos: list[PhotoType] = strawberry_django.field(
        description="Photos, oldest first, without metadata (no location)."
    )
    place: str = resident_text("Place or courtyard, as named.")
    lat: float | None = strawberry_django.field(description="Latitude (GCJ-02), if placed.")
    lng: float | None = strawberry_django.field(description="Longitude (GCJ-02), if placed.")
    status: NeedStatusEnum = strawberry_django.field(description="Where it stands.")
    support_count: int = strawberry_django.field(description="How many said “me too” (附议).")
    created_at: datetime = strawberry_django.field(description="When it was raised.")
    accepted_at: datetime | None = strawberry_django.field(description="When it was accepted.")
    resolved_at: datetime | None = strawberry_django.field(description="When it was resolved.")
    # Null for everyone else (not an error), so public lists can ask for them safely.
    source: NeedSourceEnum | None = strawberry_django.field(
        description="Where it was gathered (office roles and grid workers; null for others).",
        extensions=NEED_OFFICE_ONLY,
    )
    residents_note: str | None = strawberry_django.field(
        description="Residents behind an offline need (office roles and grid workers; null for"
        " others).",
        extensions=NEED_OFFICE_ONLY,
    )

    @strawberry_django.field(
        only=["raised_by_id"], description="True when you raised it (never who else did)."
    )
    def raised_by_you(self, info: Info) -> bool:
        user = info.context.request.user
        return bool(user.is_authenticated and self.raised_by_id == user.pk)

    @strawberry_django.field(
        prefetch_related=["matches"],
        description="Resources staff confirmed for it and not withdrawn (names only), oldest"
        " first.",
    )
    def confirmed_matches(self) -> list[NeedMatchType]:
        return [m for m in self.matches.all() if m.withdrawn_at is None]

    @strawberry_django.field(
        only=["merged_into_id"], description="The need it was merged into, if merged."
    )
    def merged_into_id(self) -> relay.GlobalID | None:
        if self.merged_into_id is None:
            return None
        return global_id("Need", self.merged_into_id)


@strawberry_django.type(
    CommunityResource, name="CommunityResource", description="The community's own resource."
)
class CommunityResourceType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What it is and when available.")
    kind: CommunityResourceKindEnum = strawberry_django.field(description="Kind.")
    place: str = strawberry_django.field(description="Where.")
    available: bool = strawberry_django.field(description="Available now.")

    @strawberry_django.field(only=["categories"], description="Kinds of need it serves.")
    def categories(self) -> list[NeedCategoryEnum]:
        return [NeedCategory(c) for c in self.categories]


@strawberry.type(name="Resource", description="One entry of the resources list (资源清单).")
class ResourceEntry:
    source: str = strawberry.field(
        description="partner (a partner's commitment) or community (the community's own)."
    )
    key: int = strawberry.field(description="Id of the commitment or community resource.")
    title: str = strawberry.field(description="Title.")
    provider: str = strawberry.field(description="Who provides it.")
    categories: list[NeedCategoryEnum] = strawberry.field(description="Kinds of need it serves.")
    place: str = strawberry.field(description="Where, in words (may be empty).")
    lat: float | None = strawberry.field(description="Latitude (GCJ-02), if placed.")
    lng: float | None = strawberry.field(description="Longitude (GCJ-02), if placed.")
    resource_id: relay.GlobalID = strawberry.field(
        description="Its id (ResourceCommitment or CommunityResource), to confirm it for a need."
    )

    @classmethod
    def of(cls, resource: matching.Resource) -> "ResourceEntry":
        return cls(
            resource_id=global_id(resource_type_name(resource.source), resource.pk),
            source=resource.source,
            key=resource.pk,
            title=resource.title,
            provider=resource.provider,
            categories=[NeedCategory(c) for c in sorted(resource.categories)],
            place=resource.place,
            lat=resource.lat,
            lng=resource.lng,
        )


@strawberry.type(name="ResourceSuggestion", description="A resource suggested for a need.")
class SuggestionType:
    resource: ResourceEntry = strawberry.field(description="The resource.")
    score: float = strawberry.field(description="0–1: 0.5 category + 0.3 wording + 0.2 distance.")
    reason: str = strawberry.field(description="Why it is suggested, in words.")
    distance_m: float | None = strawberry.field(description="Metres from the need, if both placed.")


@strawberry.type(name="DuplicateCandidate", description="An open need that may be the same.")
class DuplicateType:
    need: NeedType = strawberry.field(description="The open need.")
    distance_m: float = strawberry.field(description="Metres away.")
    similarity: float = strawberry.field(description="0–1 wording similarity.")


@strawberry_django.type(
    TaskResponse, name="TaskResponse", description="A partner's offer to take on a task (承接)."
)
class TaskResponseType(relay.Node):
    offer: str = resident_text("What the partner offers.")
    status: ResponseStatusEnum = strawberry_django.field(description="Offered, chosen …")
    created_at: datetime = strawberry_django.field(description="When.")

    @strawberry_django.field(
        only=["partnership_id"],
        select_related=["partnership"],
        description="Id of the partner (Partner) who responded.",
    )
    def partner_id(self) -> relay.GlobalID:
        return global_id("Partner", self.partnership_id)


@strawberry_django.type(Task, name="NeedsTask", description="A task-list entry (任务清单).")
class TaskType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    description: str = strawberry_django.field(description="What is asked of partners.")
    category: NeedCategoryEnum = strawberry_django.field(description="Kind of need it answers.")
    place: str = strawberry_django.field(description="Where.")
    due_on: date = strawberry_django.field(description="Respond by.")
    budget: int | None = strawberry_django.field(description="Budget in fen, if any.")
    status: TaskStatusEnum = strawberry_django.field(description="Where it stands.")
    needs: list[NeedType] = strawberry_django.field(description="The needs it answers.")

    @strawberry_django.field(
        prefetch_related=["responses__partnership"],
        description="Responses: all for office roles, your organisation's for representatives.",
    )
    def responses(self, info: Info) -> list[TaskResponseType]:
        from commonweal.governance.needs.selectors import visible_responses

        request = info.context.request
        return visible_responses(request, roles_in_current_community(request), self.responses.all())


@strawberry_django.type(Milestone, name="Milestone", description="A step of a project.")
class MilestoneType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    due_on: date = strawberry_django.field(description="Due.")
    done_at: datetime | None = strawberry_django.field(description="When done.")


@strawberry_django.type(
    ProjectUpdate, name="ProjectUpdate", description="Progress, in words and photos."
)
class ProjectUpdateType(relay.Node):
    text: str = strawberry_django.field(description="What was done.")
    created_at: datetime = strawberry_django.field(description="When.")

    @strawberry_django.field(
        prefetch_related=["photos"],
        description="Photos of the work, oldest first, without metadata (no location).",
    )
    def photos(
        self,
        first: Annotated[
            int,
            strawberry.argument(
                description="How many, at most (an update has at most 9). Saying so lets a"
                " page of projects ask for its updates' photos within the query-cost limit,"
                " which counts an unbounded list as 100 rows."
            ),
        ] = UPDATE_LIMIT,
    ) -> list[PhotoType]:
        return list(self.photos.all())[: max(0, min(first, UPDATE_LIMIT))]


@strawberry_django.type(Project, name="NeedsProject", description="A task taken on (项目).")
class ProjectType(relay.Node):
    title: str = strawberry_django.field(description="Title.")
    status: ProjectStatusEnum = strawberry_django.field(description="Where it stands.")
    budget: int | None = strawberry_django.field(description="Budget in fen, if any.")
    started_at: datetime = strawberry_django.field(description="Started.")
    completed_at: datetime | None = strawberry_django.field(description="Completed.")
    task: TaskType = strawberry_django.field(description="The task it carries out.")
    milestones: list[MilestoneType] = strawberry_django.field(description="Steps.")
    updates: list[ProjectUpdateType] = strawberry_django.field(description="Progress notes.")

    @strawberry_django.field(
        prefetch_related=["partnerships"],
        description="Ids of the partners (Partner) carrying it out.",
    )
    def partner_ids(self) -> list[relay.GlobalID]:
        return [global_id("Partner", p.pk) for p in self.partnerships.all()]

    @strawberry_django.field(
        only=["grant_proposal_id"],
        description="The awarded micro-grant (Proposal) its money moves through, if any.",
    )
    def grant_id(self) -> relay.GlobalID | None:
        return global_id("Proposal", self.grant_proposal_id) if self.grant_proposal_id else None

    @strawberry_django.field(
        select_related=["grant_proposal"],
        only=["grant_proposal__title"],
        description="That micro-grant's title.",
    )
    def grant_title(self) -> str | None:
        return self.grant_proposal.title if self.grant_proposal_id else None

    @strawberry_django.field(
        select_related=["grant_proposal"],
        only=["grant_proposal__awarded", "grant_proposal__disbursed"],
        description="Fen awarded by that micro-grant, and disbursed so far: [awarded, disbursed].",
    )
    def grant_amounts(self) -> list[int] | None:
        if not self.grant_proposal_id:
            return None
        return [self.grant_proposal.awarded, self.grant_proposal.disbursed]


@strawberry.type(name="NeedsBoardMonth", description="A month of the public board (办实事).")
class BoardMonthType:
    month: date = strawberry.field(description="First day of the month.")
    received: int = strawberry.field(description="Needs raised.")
    accepted: int = strawberry.field(description="Needs accepted into the list.")
    resolved: int = strawberry.field(description="Needs resolved.")
    response_rate: float | None = strawberry.field(
        description="Share of the month's needs that staff answered (0–1)."
    )
    median_days_to_resolve: float | None = strawberry.field(
        description="Median days from raising to resolution of the needs resolved."
    )
    satisfaction: float | None = strawberry.field(description="Average rating given (1–5).")
    ratings: int = strawberry.field(description="Ratings given.")
