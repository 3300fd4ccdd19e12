"""Reads of needs, resources, tasks and projects (community endpoint)."""

from collections.abc import Iterable
from datetime import MAXYEAR, MINYEAR
from typing import Annotated

import strawberry
import strawberry_django
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from commonweal.governance.needs import board, matching, selectors
from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.governance.needs.graphql.types import (
    BoardMonthType,
    CommunityResourceType,
    DuplicateType,
    NeedCategoryEnum,
    NeedStatusEnum,
    NeedType,
    ProjectType,
    ResourceEntry,
    SuggestionType,
    TaskType,
)
from commonweal.governance.needs.models import CommunityResource, Need, Project, Task
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.errors import CodedGraphQLError, TopLevelErrorCode
from commonweal.platform.kernel.graphql.ids import pk_of
from commonweal.platform.kernel.graphql.mutations import arg
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES


def _who(info: Info):
    request = info.context.request
    return request.user, roles_in_current_community(request)


def _one(queryset, global_id, type_):
    try:
        return queryset.filter(pk=pk_of(global_id, type_, NeedErrorCode)).first()
    except NotFound:
        return None


@strawberry.type
class NeedsQuery:
    @strawberry_django.connection(
        DjangoListConnection[NeedType],
        description="The needs list: public needs for everyone, all for office roles and grid"
        " workers, and your own in any state. Newest first.",
    )
    def needs(
        self,
        info: Info,
        status: Annotated[NeedStatusEnum | None, arg("Only this state.")] = None,
        category: Annotated[NeedCategoryEnum | None, arg("Only this kind.")] = None,
    ) -> Iterable[Need]:
        user, roles = _who(info)
        queryset = selectors.needs_for(actor=user, roles=roles)
        if status:
            queryset = queryset.filter(status=status)
        if category:
            queryset = queryset.filter(category=category)
        return queryset.order_by("-created_at", "-id")

    @strawberry_django.field(description="One need, if you may see it.")
    def need(self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]) -> NeedType | None:
        user, roles = _who(info)
        return _one(selectors.needs_for(actor=user, roles=roles), id, NeedType)

    @strawberry.field(
        description="Open needs that may be the same as one about to be raised: same kind,"
        " within 200 m, similar words."
    )
    def likely_duplicate_needs(
        self,
        title: Annotated[str, arg("Title being written.")],
        category: Annotated[NeedCategoryEnum, arg("Kind chosen.")],
        lat: Annotated[float, arg("Latitude (GCJ-02).")],
        lng: Annotated[float, arg("Longitude (GCJ-02).")],
        description: Annotated[str, arg("Description being written.")] = "",
    ) -> list[DuplicateType]:
        found = matching.likely_duplicates(
            title=title[:80],
            description=description[:2000],
            category=category,
            lat=lat,
            lng=lng,
        )
        return [DuplicateType(need=n, distance_m=d, similarity=s) for n, d, s in found]

    @strawberry.field(
        description="Resources suggested for a need, best first (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def need_suggestions(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The need.")]
    ) -> list[SuggestionType]:
        user, roles = _who(info)
        need = _one(selectors.needs_for(actor=user, roles=roles), id, NeedType)
        if need is None:
            return []
        return [
            SuggestionType(
                resource=ResourceEntry.of(s.resource),
                score=s.score,
                reason=s.reason,
                distance_m=s.distance_m,
            )
            for s in matching.suggestions_for(need)
        ]

    @strawberry.field(description="The resources list (资源清单): partners' and the community's.")
    def resources(
        self,
        category: Annotated[NeedCategoryEnum | None, arg("Only resources serving it.")] = None,
        text: Annotated[str, arg("Only resources sharing words with this.")] = "",
        place: Annotated[str, arg("Only resources whose place names this (e.g. 3栋).")] = "",
        lat: Annotated[float | None, arg("Near this latitude (GCJ-02), with lng.")] = None,
        lng: Annotated[float | None, arg("Near this longitude (GCJ-02), with lat.")] = None,
        radius_m: Annotated[float, arg("How near, in metres.")] = 2000.0,
    ) -> list[ResourceEntry]:
        near = (lat, lng) if lat is not None and lng is not None else None
        return [
            ResourceEntry.of(r)
            for r in matching.resources_list(
                categories=[category] if category else None,
                text=text[:200],
                place=place[:80],
                near=near,
                radius_m=min(max(radius_m, 0.0), 50_000.0),
                store_words=False,
            )
        ]

    @strawberry_django.connection(
        DjangoListConnection[CommunityResourceType],
        description="The community's own resources.",
    )
    def community_resources(self) -> Iterable[CommunityResource]:
        return CommunityResource.objects.filter(available=True)

    @strawberry_django.connection(
        DjangoListConnection[TaskType],
        description="The task list: published and taken-on tasks; drafts too for office roles.",
    )
    def needs_tasks(
        self,
        info: Info,
        fitting_mine: Annotated[
            bool,
            arg(
                "Only published tasks that fit the organisations you represent: of a kind"
                " their service points serve, or sharing words with what they committed."
            ),
        ] = False,
    ) -> Iterable[Task]:
        user, roles = _who(info)
        tasks = selectors.tasks_for(roles=roles)
        if fitting_mine:
            fitting = matching.tasks_fitting(selectors.partnerships_represented_by(user))
            tasks = tasks.filter(pk__in=[t.pk for t in fitting])
        return tasks

    @strawberry_django.field(description="One task, if you may see it.")
    def needs_task(
        self, info: Info, id: Annotated[relay.GlobalID, arg("The task.")]
    ) -> TaskType | None:
        _user, roles = _who(info)
        return _one(selectors.tasks_for(roles=roles), id, TaskType)

    @strawberry_django.connection(
        DjangoListConnection[ProjectType], description="Projects (public), newest first."
    )
    def needs_projects(self) -> Iterable[Project]:
        return selectors.projects()

    @strawberry.field(description="我为群众办实事: monthly figures of the needs list (public).")
    def needs_board(
        self, year: Annotated[int | None, arg("Only this year.")] = None
    ) -> list[BoardMonthType]:
        if year is not None and not MINYEAR <= year <= MAXYEAR:
            raise CodedGraphQLError(
                _("There is no such year."), TopLevelErrorCode.INVALID_INPUT, field="year"
            )
        return [
            BoardMonthType(
                month=m.month,
                received=m.received,
                accepted=m.accepted,
                resolved=m.resolved,
                response_rate=m.response_rate,
                median_days_to_resolve=m.median_days_to_resolve,
                satisfaction=m.satisfaction,
                ratings=m.ratings,
            )
            for m in board.monthly_figures(year)
        ]
