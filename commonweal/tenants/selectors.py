from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import NotFound
from commonweal.tenants.error_codes import CommunityErrorCode
from commonweal.tenants.models import Community, CommunityApplication, CommunityStatus


def directory(*, city: str | None = None, district: str | None = None) -> QuerySet[Community]:
    """Communities the public may see: active ones only."""
    communities = Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("name", "id")
    if city:
        communities = communities.filter(city=city)
    if district:
        communities = communities.filter(district=district)
    return communities


def access_community(*, actor, slug: str) -> Community:
    """Any community, active or not, by its address (for platform admins, whose role the
    caller has checked)."""
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise NotFound(CommunityErrorCode.NOT_FOUND, _("No such community."))
    return community


def access_application(*, actor, application_id) -> CommunityApplication:
    """An application to review (platform admins, whose role the caller has checked)."""
    application = CommunityApplication.objects.filter(pk=application_id).first()
    if application is None:
        raise NotFound(CommunityErrorCode.NOT_FOUND, _("No such application."))
    return application


def applications(*, status: str | None = None) -> QuerySet[CommunityApplication]:
    rows = CommunityApplication.objects.order_by("-submitted_at", "-id")
    return rows.filter(status=status) if status else rows
