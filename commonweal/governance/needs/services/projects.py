"""A project carried out by its partner(s): milestones, progress updates, completion.

Completing a project resolves the needs behind its task, which invites the people who raised
or seconded them to rate the outcome.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.error_codes import NeedErrorCode, not_found
from commonweal.governance.needs.models import (
    Milestone,
    NeedStatus,
    Project,
    ProjectStatus,
    ProjectTransition,
    ProjectUpdate,
)
from commonweal.governance.needs.services import needs as need_services
from commonweal.governance.needs.services.lifecycle import lock, move, move_table
from commonweal.governance.needs.services.text import required_text
from commonweal.microfund.models import Proposal, ProposalStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.search.documents import DocumentKind, index_document

P = ProjectStatus
TRANSITIONS = move_table(
    complete=({P.ACTIVE}, P.COMPLETED),
    cancel=({P.ACTIVE}, P.CANCELLED, True),
)


def sync_search(community, project: Project) -> None:
    index_document(
        community=community,
        kind=DocumentKind.NEEDS_PROJECT,
        key=project.pk,
        title=project.title,
        body="\n".join([project.task.description, str(project.get_status_display())]),
        category=project.task.category,
        tags=[str(project.task.get_category_display())],
        lat=project.task.lat,
        lng=project.task.lng,
        url=project.path,
    )


def may_report(*, actor, roles, project: Project) -> bool:
    """The office, or a representative of one of the project's partners."""
    if roles & OFFICE_ROLES:
        return True
    organisations = project.partnerships.values("organisation_id")
    return PartnerRepresentative.objects.filter(
        user=actor, organisation_id__in=organisations
    ).exists()


def access_reportable_project(*, actor, roles, project_id) -> Project:
    project = Project.objects.select_related("task").filter(pk=project_id).first()
    if project is None or not may_report(actor=actor, roles=roles, project=project):
        raise not_found()
    return project


def milestone_add(*, actor, community, project: Project, title, due_on: date) -> Milestone:
    if project.status != P.ACTIVE:
        raise DomainError(NeedErrorCode.INVALID_TRANSITION, _("The project is not under way."))
    return Milestone.objects.create(
        project=project,
        title=required_text(title, field="title", limit=80, code=NeedErrorCode.TITLE_REQUIRED),
        due_on=due_on,
    )


def milestone_complete(*, actor, community, milestone: Milestone) -> Milestone:
    milestone = lock(Milestone, milestone.pk)
    if milestone.done_at is None:
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
    return milestone


def project_update_post(*, actor, community, project: Project, text) -> ProjectUpdate:
    if project.status != P.ACTIVE:
        raise DomainError(NeedErrorCode.INVALID_TRANSITION, _("The project is not under way."))
    return ProjectUpdate.objects.create(
        project=project,
        author=actor,
        text=required_text(text, field="text", limit=2000, code=NeedErrorCode.DESCRIPTION_REQUIRED),
    )


def _move(*, actor, community, project: Project, verb: str, reason: str = "") -> Project:
    project = lock(Project, project.pk)
    move(
        project,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=reason,
        log=ProjectTransition,
        log_field="project",
    )
    return project


def project_complete(*, actor, community, project: Project, note: str = "") -> Project:
    """Done: every milestone must be done; the task's needs are resolved."""
    if project.milestones.filter(done_at__isnull=True).exists():
        raise DomainError(NeedErrorCode.MILESTONES_OPEN, _("Some milestones are not done yet."))
    project = _move(actor=actor, community=community, project=project, verb="complete")
    project.completed_at = project.status_changed_at
    project.save(update_fields=["completed_at"])
    for need in project.task.needs.filter(status=NeedStatus.IN_PROGRESS).order_by("pk"):
        need_services.need_resolve(actor=actor, community=community, need=need, note=note)
    sync_search(community, Project.objects.select_related("task").get(pk=project.pk))
    return project


def project_cancel(*, actor, community, project: Project, reason: str) -> Project:
    project = _move(actor=actor, community=community, project=project, verb="cancel", reason=reason)
    sync_search(community, Project.objects.select_related("task").get(pk=project.pk))
    return project


def project_link_grant(*, actor, community, project: Project, proposal_id) -> Project:
    """Where the project's money moves: an awarded micro-grant of this community (its
    disbursements are posted in the fund's public accounts), or none (`proposal_id` None)."""
    project = lock(Project, project.pk)
    if project.status != P.ACTIVE:
        raise DomainError(NeedErrorCode.INVALID_TRANSITION, _("The project is not under way."))
    proposal = None
    if proposal_id is not None:
        proposal = Proposal.objects.filter(pk=proposal_id).first()
        if proposal is None:
            raise not_found()
        if proposal.status != ProposalStatus.AWARDED:
            raise DomainError(
                NeedErrorCode.GRANT_NOT_AWARDED,
                _("Only an awarded micro-grant can fund a project."),
                field="grant",
            )
        # one grant's money is followed through one project
        others = Project.objects.filter(grant_proposal=proposal).exclude(pk=project.pk)
        if others.exclude(status=P.CANCELLED).exists():
            raise DomainError(
                NeedErrorCode.GRANT_IN_USE,
                _("This micro-grant already funds another project."),
                field="grant",
            )
    project.grant_proposal = proposal
    project.save(update_fields=["grant_proposal"])
    return project


def awarded_grants():
    """The micro-grants a project may be linked to, newest decision first."""
    return Proposal.objects.filter(status=ProposalStatus.AWARDED).order_by("-decided_at", "-pk")


def overdue_milestones(today: date | None = None):
    today = today or timezone.localdate()
    return Milestone.objects.filter(
        due_on__lt=today,
        done_at__isnull=True,
        overdue_flagged_at__isnull=True,
        project__status=P.ACTIVE,
    )
