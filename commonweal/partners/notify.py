"""What the partner programme tells an organisation's representatives (in-app and e-mail)."""

from django.utils.translation import gettext as _

from commonweal.partners.registry.selectors import representatives_of
from commonweal.platform.notifications.services import notify


def _link(community, path: str) -> str:
    from commonweal.tenants.links import community_url

    return community_url(community, path)


def _office(community):
    from commonweal.platform.accounts.models import User
    from commonweal.platform.kernel.roles import OFFICE_ROLES

    return User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__roles__overlap=sorted(OFFICE_ROLES),
    )


def workbench_path(partnership) -> str:
    """Where the office decides on an application."""
    return f"/workbench/partners/{partnership.pk}/"


def representative_path(partnership) -> str:
    """Where the organisation's representatives follow their partnership in a community."""
    return f"/partners/mine/{partnership.pk}/"


def notify_status_changed(*, community, partnership) -> None:
    from commonweal.partners.models import PartnershipStatus

    status = PartnershipStatus(partnership.status)
    body = _("%(organisation)s in %(community)s is now: %(status)s.") % {
        "organisation": partnership.organisation.legal_name,
        "community": community.name,
        "status": status.label,
    }
    if partnership.status_reason:
        body += "\n" + _("Reason: %(reason)s") % {"reason": partnership.status_reason}
    notify(
        users=representatives_of(partnership.organisation),
        community=community,
        kind=f"partnership.{status.value}",
        title=_("%(community)s: partnership %(status)s")
        % {"community": community.name, "status": status.label},
        body=body,
        url=_link(community, representative_path(partnership)),
    )


def notify_application_received(*, community, partnership) -> None:
    """The community's office (admins and staff) learns of each application."""
    organisation = partnership.organisation
    notify(
        users=_office(community),
        community=community,
        kind="partnership.application",
        title=_("%(community)s: %(organisation)s applied to become a partner")
        % {"community": community.name, "organisation": organisation.legal_name},
        body=partnership.statement,
        url=_link(community, workbench_path(partnership)),
    )


def notify_information_provided(*, community, partnership) -> None:
    """The office learns that an applicant answered its question."""
    notify(
        users=_office(community),
        community=community,
        kind="partnership.information_provided",
        title=_("%(community)s: %(organisation)s answered your question")
        % {"community": community.name, "organisation": partnership.organisation.legal_name},
        body=partnership.status_reason,
        url=_link(community, workbench_path(partnership)),
    )


def notify_evaluated(*, community, evaluation) -> None:
    partnership = evaluation.partnership
    notify(
        users=representatives_of(partnership.organisation),
        community=community,
        kind="partnership.evaluated",
        title=_("%(community)s evaluated your partnership") % {"community": community.name},
        body=_(
            "Period %(start)s – %(end)s: %(kept)d of %(due)d commitments kept, "
            "%(services)d services delivered, staff score %(score)d."
        )
        % {
            "start": evaluation.period_start,
            "end": evaluation.period_end,
            "kept": evaluation.commitments_kept,
            "due": evaluation.commitments_due,
            "services": evaluation.services_delivered,
            "score": evaluation.staff_score,
        },
        url=_link(community, f"/partners/{partnership.pk}/"),
    )


def notify_overdue(*, community, commitment) -> None:
    partnership = commitment.partnership
    notify(
        users=representatives_of(partnership.organisation),
        community=community,
        kind="commitment.overdue",
        title=_("%(community)s: a commitment is overdue") % {"community": community.name},
        body=_("“%(title)s” was due on %(due)s: %(delivered)s of %(quantity)s %(unit)s delivered.")
        % {
            "title": commitment.title,
            "due": commitment.due_on,
            "delivered": commitment.delivered_quantity.normalize(),
            "quantity": commitment.quantity.normalize(),
            "unit": commitment.unit,
        },
        url=_link(community, f"/partners/{partnership.pk}/"),
    )


def notify_representative_added(*, representative, actor) -> None:
    """The new representative is welcomed; the others learn who joined them and by whom, so
    that an addition they did not expect is seen."""
    organisation, user = representative.organisation, representative.user
    names = {"actor": actor, "person": user, "organisation": organisation.legal_name}
    notify(
        users=[user],
        kind="organisation.representative_added",
        title=_("You now represent %(organisation)s") % names,
        body=_(
            "%(actor)s added you as a representative of %(organisation)s: you see its "
            "partnerships in every community and may apply for it."
        )
        % names,
    )
    notify(
        users=representatives_of(organisation).exclude(pk=user.pk),
        kind="organisation.representative_added",
        title=_("%(actor)s added %(person)s as a representative of %(organisation)s") % names,
    )


def notify_representative_removed(*, organisation, user, actor) -> None:
    """The person removed and the remaining representatives are told."""
    names = {"actor": actor, "person": user, "organisation": organisation.legal_name}
    notify(
        users=[user, *representatives_of(organisation)],
        kind="organisation.representative_removed",
        title=_("%(actor)s removed %(person)s as a representative of %(organisation)s") % names,
    )
