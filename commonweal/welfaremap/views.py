"""The map pages: a community's 公益地图 and the platform's map across communities."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from commonweal.platform.kernel.choices import CoordinateSystem
from commonweal.welfaremap import geojson, selectors
from commonweal.welfaremap.categories import COLOURS, ServiceCategory
from commonweal.welfaremap.coordinates import gcj02_to_wgs84
from commonweal.welfaremap.living_circle import living_circle_coverage

LIST_PAGE = 30

TILES = {
    # GCJ-02 tiles: markers go where they are stored.
    "amap": {
        "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
        "&style=8&x={x}&y={y}&z={z}",
        "subdomains": "1234",
        "datum": "gcj02",
        "attribution": "© 高德地图 AutoNavi",
    },
    "tencent": {
        "url": "https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={-y}&type=vector&styleid=0",
        "subdomains": "0123",
        "datum": "gcj02",
        "attribution": "© 腾讯地图 Tencent",
    },
    # WGS-84 tiles: markers are converted back from GCJ-02.
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "subdomains": "abc",
        "datum": "wgs84",
        "attribution": "© OpenStreetMap contributors",
    },
}


def tile_config() -> dict:
    return TILES.get(settings.MAP_TILE_PROVIDER, TILES["amap"])


def _gaps_json() -> list[dict]:
    report = living_circle_coverage()
    compounds = []
    for result in report.compounds:
        wgs_lat, wgs_lng = gcj02_to_wgs84(result.compound.lat, result.compound.lng)
        compounds.append(
            {
                "name": result.compound.name,
                "gcj02": [result.compound.lat, result.compound.lng],
                "wgs84": [wgs_lat, wgs_lng],
                "share": round(result.share, 3),
                "gaps": [
                    {
                        "name": item.facility_type.name,
                        "radius": item.facility_type.radius_m,
                        "distance": None if item.distance_m is None else round(item.distance_m),
                    }
                    for item in result.gaps
                ],
            }
        )
    return compounds


def community_map(request):
    """The page carries the first page of the list and the filters; the map fetches its
    markers from points.json for the view, so the page's size does not grow with points."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    listed = selectors.listed_points()
    counts = selectors.point_counts_by_category(listed)
    category = request.GET.get("category", "")
    if category not in counts:
        category = ""
    shown = selectors.in_categories(listed, [category]).order_by("name", "id")
    page = Paginator(shown, LIST_PAGE).get_page(request.GET.get("page"))
    office = selectors.is_office(request)
    community = request.tenant
    centre = [community.centre_lat, community.centre_lng]
    return render(
        request,
        "welfaremap/community_map.html",
        {
            "community": community,
            "page": page,
            "category": category,
            "total": sum(counts.values()),
            "categories": [
                (c, str(c.label), COLOURS[c], counts[c]) for c in ServiceCategory if c in counts
            ],
            "map_data": {
                "pointsUrl": "/map/points.json",
                "labels": {
                    "hours": _("Opening hours"),
                    "runBy": _("Run by"),
                    "none": _("No service points here."),
                    "failed": _("The points could not be loaded; pull down to try again."),
                },
                "category": category,
                "centre": {"gcj02": centre, "wgs84": list(gcj02_to_wgs84(*centre))},
                "tiles": tile_config(),
                "compounds": _gaps_json() if office else [],
            },
            "office": office,
        },
    )


def community_points_geojson(request):
    crs = request.GET.get("crs", "gcj02").lower().replace("-", "")
    if crs not in (CoordinateSystem.GCJ02, CoordinateSystem.WGS84):
        return HttpResponseBadRequest("crs must be gcj02 or wgs84")
    points = selectors.in_categories(
        selectors.listed_points(), request.GET.getlist("category")
    ).order_by("name", "id")
    response = HttpResponse(
        geojson.dumps(geojson.feature_collection(points, crs=crs)),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{request.tenant.slug}-{crs}.geojson"'
    return response


def platform_map(request):
    from django.shortcuts import render

    from commonweal.tenants.selectors import directory

    documents = list(selectors.platform_points())
    communities = list(directory())
    by_community: dict[int, int] = {}
    for document in documents:
        by_community[document.community_id] = by_community.get(document.community_id, 0) + 1
    centre_lat = sum(c.centre_lat for c in communities) / len(communities) if communities else 30.66
    centre_lng = (
        sum(c.centre_lng for c in communities) / len(communities) if communities else 104.07
    )
    return render(
        request,
        "welfaremap/platform_map.html",
        {
            "communities": [(c, by_community.get(c.pk, 0)) for c in communities],
            "map_data": {
                "tiles": tile_config(),
                "centre": {
                    "gcj02": [centre_lat, centre_lng],
                    "wgs84": list(gcj02_to_wgs84(centre_lat, centre_lng)),
                },
                "communities": [
                    {
                        "slug": c.slug,
                        "name": c.name,
                        "gcj02": [c.centre_lat, c.centre_lng],
                        "wgs84": list(gcj02_to_wgs84(c.centre_lat, c.centre_lng)),
                        "count": by_community.get(c.pk, 0),
                    }
                    for c in communities
                ],
                "points": [
                    {
                        "name": d.title,
                        "community": d.community.name,
                        "slug": d.community.slug,
                        "category": d.category,
                        "colour": COLOURS.get(d.category, COLOURS[ServiceCategory.OTHER]),
                        "gcj02": [d.lat, d.lng],
                        "wgs84": list(gcj02_to_wgs84(d.lat, d.lng)),
                    }
                    for d in documents
                ],
            },
        },
    )
