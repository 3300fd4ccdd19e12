"""Reads of partner organisations' platform-wide identity, scoped to who asks. Fetch-and-
authorise helpers (`access_*`) raise the same not-found for a missing row and a forbidden one."""

from commonweal.partners.error_codes import not_found
from commonweal.partners.registry.models import PartnerOrganisation, PartnerRepresentative


def organisations_represented_by(user):
    if user is None or not user.is_authenticated:
        return PartnerOrganisation.objects.none()
    return PartnerOrganisation.objects.filter(representatives__user=user)


def representatives_of(organisation):
    from commonweal.platform.accounts.models import User

    return User.objects.filter(
        partner_representations__organisation=organisation, is_active=True
    ).order_by("pk")


def access_represented_organisation(*, actor, organisation_id) -> PartnerOrganisation:
    """An organisation `actor` represents."""
    organisation = organisations_represented_by(actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise not_found()
    return organisation


def access_representative(*, actor, representative_id, organisations) -> PartnerRepresentative:
    """A representative link of one of `organisations` (a queryset of organisations or of
    their ids) that `actor` may manage; any other reads as not found."""
    representative = (
        PartnerRepresentative.objects.select_related("organisation", "user")
        .filter(pk=representative_id, organisation__in=organisations)
        .first()
    )
    if representative is None:
        raise not_found()
    return representative
