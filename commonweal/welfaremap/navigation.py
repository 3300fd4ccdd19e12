"""Links that open a service point in the map apps residents use, each through its
documented URI API and in the datum it expects: AMap (高德) and Tencent (腾讯) take GCJ-02,
as stored; Baidu (百度) takes BD-09. On a phone each opens the app when installed, the
provider's web page otherwise."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _

from commonweal.welfaremap.coordinates import gcj02_to_bd09

# Tencent and Baidu ask the caller to name itself (referer / src).
APP_NAME = "commonweal"


@dataclass(frozen=True)
class NavigationLink:
    provider: str
    label: str
    url: str


def _fixed(value: float) -> str:
    return f"{value:.6f}"


def _query(params: dict) -> str:
    # Keep the separators the providers document (",", ":", ";", "|") readable in the URI.
    return urlencode(params, safe=",:;|", quote_via=quote)


def amap(lat: float, lng: float, name: str) -> str:
    """高德 URI API, walking navigation to a GCJ-02 point ("gaode" = GCJ-02; lng first)."""
    params = {
        "to": f"{_fixed(lng)},{_fixed(lat)},{name}",
        "mode": "walk",
        "coordinate": "gaode",
        "callnative": "1",
        "src": APP_NAME,
    }
    return f"https://uri.amap.com/navigation?{_query(params)}"


def tencent(lat: float, lng: float, name: str) -> str:
    """腾讯 URI API, a walking route from where the resident is to a GCJ-02 point."""
    params = {
        "type": "walk",
        "to": name,
        "tocoord": f"{_fixed(lat)},{_fixed(lng)}",
        "referer": APP_NAME,
    }
    return f"https://apis.map.qq.com/uri/v1/routeplan?{_query(params)}"


def baidu(lat: float, lng: float, name: str, address: str = "") -> str:
    """百度 URI API, the point on Baidu's map (with its 到这里去 button), given in BD-09."""
    bd_lat, bd_lng = gcj02_to_bd09(lat, lng)
    params = {
        "location": f"{_fixed(bd_lat)},{_fixed(bd_lng)}",
        "title": name,
        "content": address or name,
        "coord_type": "bd09ll",
        "output": "html",
        "src": f"webapp.{APP_NAME}",
    }
    return f"https://api.map.baidu.com/marker?{_query(params)}"


def navigation_links(point) -> list[NavigationLink]:
    """The three apps' links for a service point (stored in GCJ-02)."""
    return [
        NavigationLink("amap", _("AMap"), amap(point.lat, point.lng, point.name)),
        NavigationLink("tencent", _("Tencent Maps"), tencent(point.lat, point.lng, point.name)),
        NavigationLink(
            "baidu", _("Baidu Maps"), baidu(point.lat, point.lng, point.name, point.address)
        ),
    ]
