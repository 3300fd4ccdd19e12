"""The time bank's view of partners: whom a representative acts for here."""

from commonweal.partners.models import Partnership, PartnershipStatus


def represented_partnerships(user):
    """Active partnerships of this community whose organisation `user` represents."""
    from commonweal.partners.registry.selectors import organisations_represented_by

    if user is None or not user.is_authenticated:
        return Partnership.objects.none()
    organisation_ids = list(organisations_represented_by(user).values_list("pk", flat=True))
    return Partnership.objects.filter(
        status=PartnershipStatus.ACTIVE, organisation_id__in=organisation_ids
    ).select_related("organisation")
