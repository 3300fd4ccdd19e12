"""What the welfare map puts into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import PLATFORM, home_tile, search_categories, search_kind
from commonweal.welfaremap.categories import ServiceCategory
from commonweal.welfaremap.services import SEARCH_KIND

home_tile("welfaremap", _("Public welfare map"), "/map/", glyph="图", colour="#2b8a3e", order=10)
home_tile(
    "platform-map",
    _("Public welfare map"),
    "/map/",
    glyph="图",
    colour="#2b8a3e",
    order=10,
    host=PLATFORM,
)
search_kind(SEARCH_KIND, _("Service point"))
search_categories(ServiceCategory)
