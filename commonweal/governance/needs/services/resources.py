"""The community's own entries in the resources list: rooms, equipment, volunteer teams."""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.governance.needs.models import CommunityResource, NeedCategory, ResourceKind
from commonweal.governance.needs.services.text import clean_point, required_text
from commonweal.platform.kernel.errors import DomainError


def community_resource_create(
    *, actor, community, title, kind, categories, description="", place="", lat=None, lng=None
) -> CommunityResource:
    if kind not in ResourceKind.values:
        raise DomainError(NeedErrorCode.INVALID_CATEGORY, _("Choose a kind."), field="kind")
    unknown = [c for c in categories if c not in NeedCategory.values]
    if not categories or unknown:
        raise DomainError(
            NeedErrorCode.INVALID_CATEGORY,
            _("Choose the kinds of need it serves."),
            field="categories",
        )
    lat, lng = clean_point(lat, lng)
    return CommunityResource.objects.create(
        title=required_text(title, field="title", limit=80, code=NeedErrorCode.TITLE_REQUIRED),
        description=required_text(description, field="description", limit=2000, required=False),
        kind=kind,
        categories=sorted(set(categories)),
        place=required_text(place, field="place", limit=80, required=False),
        lat=lat,
        lng=lng,
    )
