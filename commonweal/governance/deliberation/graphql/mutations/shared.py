"""What the deliberation mutations share: the typed error and ids read back to rows."""

from strawberry import relay

from commonweal.governance.deliberation import selectors
from commonweal.governance.deliberation.error_codes import DeliberationErrorCode, not_found
from commonweal.platform.accounts.models import Membership
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.graphql.errors import error_type
from commonweal.platform.kernel.graphql.ids import local_pk

DeliberationError = error_type(DeliberationErrorCode, "DeliberationError")


def pk(global_id: relay.GlobalID, type_name: str) -> str:
    """The primary key inside a global id of `type_name`; any other type, or another
    community's id, reads as not found."""
    found = local_pk(global_id) if global_id.type_name == type_name else None
    if found is None:
        raise not_found()
    return found


def roles_of(who) -> frozenset:
    return roles_in_current_community(who.request)


def member(who, global_id: relay.GlobalID):
    """The user behind a Member id of this community."""
    membership = (
        Membership.objects.filter(pk=pk(global_id, "Member"), community=who.community)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise not_found()
    return membership.user


def proposal(who, global_id):
    return selectors.access_proposal(
        actor=who.user, roles=roles_of(who), proposal_id=pk(global_id, "DeliberationProposal")
    )


def meeting(global_id):
    return selectors.access_meeting(meeting_id=pk(global_id, "Meeting"))


def item(global_id):
    return selectors.access_item(item_id=pk(global_id, "AgendaItem"))


def decision(global_id):
    return selectors.access_decision(decision_id=pk(global_id, "Decision"))


def need(who, global_id):
    """A need of the needs list the caller may see (its refusal read as ours)."""
    from commonweal.governance.needs import selectors as needs_selectors

    try:
        return needs_selectors.access_need(
            actor=who.user, roles=roles_of(who), need_id=pk(global_id, "Need")
        )
    except NotFound:
        raise not_found() from None


def source(who, need_id, task_id, project_id) -> dict:
    """The need, task and project named (those the caller may see), for an agenda item."""
    from commonweal.governance.needs import selectors as needs_selectors

    found = {"need": None, "task": None, "project": None}
    try:
        if need_id is not None:
            found["need"] = need(who, need_id)
        if task_id is not None:
            found["task"] = needs_selectors.access_task(
                roles=roles_of(who), task_id=pk(task_id, "NeedsTask")
            )
        if project_id is not None:
            found["project"] = needs_selectors.access_project(
                project_id=pk(project_id, "NeedsProject")
            )
    except NotFound:
        raise not_found() from None
    return found


def department(global_id):
    from commonweal.governance.hazards.models import Department

    found = Department.objects.filter(pk=pk(global_id, "HazardDepartment")).first()
    if found is None:
        raise not_found()
    return found
