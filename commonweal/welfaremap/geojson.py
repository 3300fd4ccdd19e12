"""GeoJSON FeatureCollection of service points, in GCJ-02 (as stored) or WGS-84.

GeoJSON (RFC 7946) coordinates are [longitude, latitude]. The RFC's datum is WGS-84; a GCJ-02
export names its datum in the collection's `crs` member so a reader cannot mistake it.
"""

import json

from commonweal.platform.kernel.choices import CoordinateSystem
from commonweal.welfaremap.coordinates import from_gcj02

POINT_PROPERTIES = (
    "name",
    "category",
    "facility_type",
    "address",
    "tier",
    "operator_name",
    "opening_hours",
    "phone",
    "description",
)


def feature_collection(points, *, crs: str = CoordinateSystem.GCJ02) -> dict:
    crs = CoordinateSystem(crs)
    features = []
    for point in points:
        lat, lng = from_gcj02(point.lat, point.lng, crs)
        features.append(
            {
                "type": "Feature",
                "id": point.pk,
                "geometry": {"type": "Point", "coordinates": [round(lng, 7), round(lat, 7)]},
                "properties": {key: getattr(point, key) for key in POINT_PROPERTIES},
            }
        )
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": crs.label}},
        "features": features,
    }


def dumps(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
