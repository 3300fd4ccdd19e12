"""Who may see, add and remove photos. A photo is as visible as what it belongs to: a need's
follow the needs list's rule (`needs.selectors.needs_for`), a report's the reports' rule
(`hazards.selectors.reports_for`: public unless closed as a duplicate or not a hazard), a
progress update's its project's (`needs.selectors.projects`). The uploader of a report's photo
is never shown to anyone, like its reporter.
"""

from django.db.models import Q, QuerySet

from commonweal.governance.hazards import selectors as hazard_selectors
from commonweal.governance.hazards.models import HazardReport
from commonweal.governance.needs import selectors as need_selectors
from commonweal.governance.needs.models import Need, ProjectUpdate
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.photos.error_codes import not_found
from commonweal.governance.photos.models import Photo


def photos_for(*, actor, roles) -> QuerySet[Photo]:
    needs = need_selectors.needs_for(actor=actor, roles=roles)
    reports = hazard_selectors.reports_for(actor=actor, roles=roles)
    projects = need_selectors.projects()
    return Photo.objects.filter(
        Q(need__in=needs.values("pk"))
        | Q(report__in=reports.values("pk"))
        | Q(update__project__in=projects.values("pk"))
    )


def access_photo(*, actor, roles, photo_id) -> Photo:
    """Fetch and authorise in one step; missing and not visible read the same."""
    photo = photos_for(actor=actor, roles=roles).filter(pk=photo_id).first()
    if photo is None:
        raise not_found()
    return photo


def _signed_in(actor) -> bool:
    return actor is not None and actor.is_authenticated


def may_add_to_need(*, actor, roles, need: Need) -> bool:
    """The resident who raised it, and those who gather and triage needs."""
    if not _signed_in(actor):
        return False
    return need.raised_by_id == actor.pk or bool(roles & need_selectors.NEED_OFFICE)


def may_add_to_report(*, actor, roles, report: HazardReport, of_the_fix: bool) -> bool:
    """The reporter, and whoever handles the report; the fix's photos only the handlers."""
    if not _signed_in(actor):
        return False
    handler = hazard_selectors.may_handle(actor=actor, roles=roles, report=report)
    return handler if of_the_fix else handler or report.reporter_id == actor.pk


def may_add_to_update(*, actor, roles, update: ProjectUpdate) -> bool:
    """Whoever may post progress on the project: the office, or its partners'
    representatives."""
    if not _signed_in(actor):
        return False
    return project_services.may_report(actor=actor, roles=roles, project=update.project)


def may_remove(*, actor, roles, photo: Photo) -> bool:
    """The uploader; the need's raiser or the report's reporter (not the fix's photos); the
    office of needs, or the report's handlers; for a progress update, whoever may post
    progress on its project."""
    if not _signed_in(actor):
        return False
    if photo.uploaded_by_id == actor.pk:
        return True
    if photo.need_id is not None:
        return may_add_to_need(actor=actor, roles=roles, need=photo.need)
    if photo.update_id is not None:
        return may_add_to_update(actor=actor, roles=roles, update=photo.update)
    return may_add_to_report(
        actor=actor, roles=roles, report=photo.report, of_the_fix=photo.of_the_fix
    )
