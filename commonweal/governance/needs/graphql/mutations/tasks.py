"""The task list, partners' responses, projects and the community's own resources."""

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from commonweal.governance.needs import selectors
from commonweal.governance.needs.graphql.mutations.shared import (
    PROJECT_REPORTERS,
    NeedError,
    pk,
    roles_of,
)
from commonweal.governance.needs.graphql.types import (
    CommunityResourceKindEnum,
    CommunityResourceType,
    MilestoneType,
    NeedCategoryEnum,
    NeedType,
    ProjectType,
    ProjectUpdateType,
    TaskResponseType,
    TaskType,
)
from commonweal.governance.needs.services import projects, resources, tasks
from commonweal.partners.graphql.types import PartnerType
from commonweal.platform.kernel.graphql.mutations import (
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
    roles,
)
from commonweal.platform.kernel.roles import Role

TaskPayload = payload("NeedsTaskPayload", NeedError, task=(TaskType, "The task as it now stands."))
ResponsePayload = payload(
    "TaskResponsePayload", NeedError, response=(TaskResponseType, "Your response.")
)
ProjectPayload = payload(
    "NeedsProjectPayload", NeedError, project=(ProjectType, "The project as it now stands.")
)
MilestonePayload = payload("MilestonePayload", NeedError, milestone=(MilestoneType, "The step."))
UpdatePayload = payload("ProjectUpdatePayload", NeedError, update=(ProjectUpdateType, "The note."))
ResourcePayload = payload(
    "CommunityResourcePayload", NeedError, resource=(CommunityResourceType, "The resource.")
)


@strawberry.input(name="NeedsTaskInput", description="A task for partners, from accepted needs.")
class TaskInput:
    need_ids: list[relay.GlobalID] = strawberry.field(description="The accepted needs it answers.")
    title: str = strawberry.field(description="Title (≤ 80 characters).")
    description: str = strawberry.field(description="What is asked of partners.")
    due_on: date = strawberry.field(description="Respond by (a future day).")
    category: NeedCategoryEnum | None = strawberry.field(
        default=None, description="Kind; the first need's by default."
    )
    place: str = strawberry.field(default="", description="Where; the first need's by default.")
    budget: int | None = strawberry.field(default=None, description="Budget in fen, if any.")


def _task(who, id):
    return selectors.access_task(roles=roles_of(who), task_id=pk(id, TaskType))


def _project(who, id):
    return projects.access_reportable_project(
        actor=who.user, roles=roles_of(who), project_id=pk(id, ProjectType)
    )


@strawberry.type
class NeedsTaskMutation:
    @mutation(TaskPayload, allow=OFFICE, description="Draft a task from accepted needs.")
    def create_needs_task(
        self, info: Info, input: Annotated[TaskInput, arg("The task.")]
    ) -> TaskPayload:
        who = caller(info)
        return TaskPayload(
            task=tasks.task_create(
                actor=who.user,
                community=who.community,
                need_ids=[pk(i, NeedType) for i in input.need_ids],
                title=input.title,
                description=input.description,
                due_on=input.due_on,
                category=input.category or "",
                place=input.place,
                budget=input.budget,
            )
        )

    @mutation(
        TaskPayload,
        allow=OFFICE,
        description="Publish a task to partners (社区发布任务); its needs are now in hand.",
    )
    def publish_needs_task(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> TaskPayload:
        who = caller(info)
        return TaskPayload(
            task=tasks.task_publish(actor=who.user, community=who.community, task=_task(who, id))
        )

    @mutation(TaskPayload, allow=OFFICE, description="Cancel a draft or published task.")
    def cancel_needs_task(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The task.")],
        reason: Annotated[str, arg("Why.")],
    ) -> TaskPayload:
        who = caller(info)
        return TaskPayload(
            task=tasks.task_cancel(
                actor=who.user, community=who.community, task=_task(who, id), reason=reason
            )
        )

    @mutation(
        ResponsePayload,
        allow=roles(Role.PARTNER_REPRESENTATIVE),
        description="Offer to take on a published task for the partner you represent (承接).",
    )
    def respond_to_needs_task(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The task.")],
        partner_id: Annotated[relay.GlobalID, arg("The partner (Partner) you represent.")],
        offer: Annotated[str, arg("What you offer.")],
    ) -> ResponsePayload:
        who = caller(info)
        partnership = tasks.represented_partnership(
            actor=who.user, partnership_id=pk(partner_id, PartnerType)
        )
        return ResponsePayload(
            response=tasks.task_respond(
                actor=who.user,
                community=who.community,
                task=_task(who, id),
                partnership=partnership,
                offer=offer,
            )
        )

    @mutation(
        ProjectPayload,
        allow=OFFICE,
        description="Choose responses: the task becomes a project with those partners.",
    )
    def choose_task_responses(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The task.")],
        response_ids: Annotated[list[relay.GlobalID], arg("The responses chosen.")],
        budget: Annotated[int | None, arg("Budget in fen; the task's by default.")] = None,
    ) -> ProjectPayload:
        who = caller(info)
        return ProjectPayload(
            project=tasks.task_choose(
                actor=who.user,
                community=who.community,
                task=_task(who, id),
                response_ids=[int(pk(r, TaskResponseType)) for r in response_ids],
                budget=budget,
            )
        )

    @mutation(
        MilestonePayload,
        allow=PROJECT_REPORTERS,
        description="Add a step to a project (office, or the project's partner).",
    )
    def add_project_milestone(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        title: Annotated[str, arg("The step.")],
        due_on: Annotated[date, arg("When it is due.")],
    ) -> MilestonePayload:
        who = caller(info)
        return MilestonePayload(
            milestone=projects.milestone_add(
                actor=who.user,
                community=who.community,
                project=_project(who, id),
                title=title,
                due_on=due_on,
            )
        )

    @mutation(
        MilestonePayload,
        allow=PROJECT_REPORTERS,
        description="Mark a step done (office, or the project's partner).",
    )
    def complete_project_milestone(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The step.")]
    ) -> MilestonePayload:
        who = caller(info)
        milestone = selectors.access_milestone(milestone_id=pk(id, MilestoneType))
        projects.access_reportable_project(
            actor=who.user, roles=roles_of(who), project_id=milestone.project_id
        )
        return MilestonePayload(
            milestone=projects.milestone_complete(
                actor=who.user, community=who.community, milestone=milestone
            )
        )

    @mutation(
        UpdatePayload,
        allow=PROJECT_REPORTERS,
        description="Post progress on a project (office, or the project's partner).",
    )
    def post_project_update(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        text: Annotated[str, arg("What was done.")],
    ) -> UpdatePayload:
        who = caller(info)
        return UpdatePayload(
            update=projects.project_update_post(
                actor=who.user, community=who.community, project=_project(who, id), text=text
            )
        )

    @mutation(
        ProjectPayload,
        allow=OFFICE,
        description="Complete a project; the needs behind it are resolved and can be rated.",
    )
    def complete_needs_project(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        note: Annotated[str, arg("What was achieved.")] = "",
    ) -> ProjectPayload:
        who = caller(info)
        return ProjectPayload(
            project=projects.project_complete(
                actor=who.user, community=who.community, project=_project(who, id), note=note
            )
        )

    @mutation(
        ProjectPayload,
        allow=OFFICE,
        description="Cancel a project that cannot go on; the reason is published with it.",
    )
    def cancel_needs_project(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        reason: Annotated[str, arg("Why it cannot go on (published).")],
    ) -> ProjectPayload:
        who = caller(info)
        return ProjectPayload(
            project=projects.project_cancel(
                actor=who.user, community=who.community, project=_project(who, id), reason=reason
            )
        )

    @mutation(
        ProjectPayload,
        allow=OFFICE,
        description="Name the awarded micro-grant a project's money moves through, or none.",
    )
    def link_needs_project_grant(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, arg("The project.")],
        grant_id: Annotated[
            relay.GlobalID | None, arg("An awarded micro-grant (Proposal); null to unlink.")
        ] = None,
    ) -> ProjectPayload:
        who = caller(info)
        project = _project(who, id)
        proposal_id = None if grant_id is None else pk(grant_id, "Proposal")
        return ProjectPayload(
            project=projects.project_link_grant(
                actor=who.user, community=who.community, project=project, proposal_id=proposal_id
            )
        )

    @mutation(
        ResourcePayload,
        allow=OFFICE,
        description="Add one of the community's own resources (a room, equipment, a team).",
    )
    def create_community_resource(
        self,
        info: Info,
        title: Annotated[str, arg("Title.")],
        kind: Annotated[CommunityResourceKindEnum, arg("Kind.")],
        categories: Annotated[list[NeedCategoryEnum], arg("Kinds of need it serves.")],
        description: Annotated[str, arg("What it is and when available.")] = "",
        place: Annotated[str, arg("Where.")] = "",
        lat: Annotated[float | None, arg("Latitude (GCJ-02).")] = None,
        lng: Annotated[float | None, arg("Longitude (GCJ-02).")] = None,
    ) -> ResourcePayload:
        who = caller(info)
        return ResourcePayload(
            resource=resources.community_resource_create(
                actor=who.user,
                community=who.community,
                title=title,
                kind=kind,
                categories=list(categories),
                description=description,
                place=place,
                lat=lat,
                lng=lng,
            )
        )
