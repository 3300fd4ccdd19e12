"""WGS-84 ↔ GCJ-02 ↔ BD-09 conversions (DESIGN.md, Maps).

GCJ-02 is WGS-84 plus a published, deterministic offset applied inside mainland China; BD-09
adds Baidu's rotation on top of GCJ-02. The forward offsets are closed formulas; their inverses
are not, so GCJ-02 → WGS-84 and BD-09 → GCJ-02 refine a first guess by fixed-point iteration
until the forward conversion of the answer reproduces the input to better than `TOLERANCE`.

Points outside the rectangle the reference implementations use for China are returned
unchanged by every conversion: no map provider shifts them.

Every function takes and returns (lat, lng) in degrees.
"""

import math

from commonweal.platform.kernel.choices import CoordinateSystem

# Krasovsky 1940, the ellipsoid the GCJ-02 offset is defined on.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
# An inverse is done when its forward image is this close to the input (degrees).
TOLERANCE = 1e-9
_MAX_ITERATIONS = 50


def out_of_china(lat: float, lng: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 105.0, lat - 35.0
    shared = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    d_lat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * math.sqrt(abs(x))
        + shared
        + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
        + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    )
    d_lng = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * math.sqrt(abs(x))
        + shared
        + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
        + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    )
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    d_lat, d_lng = _offset(lat, lng)
    return lat + d_lat, lng + d_lng


def _invert(forward, lat: float, lng: float, guess: tuple[float, float]) -> tuple[float, float]:
    """The point p with forward(p) == (lat, lng), by fixed-point iteration from `guess`.

    Converges because both offsets vary slowly: each step shrinks the error by orders of
    magnitude, so a handful of steps reach `TOLERANCE`.
    """
    g_lat, g_lng = guess
    for _ in range(_MAX_ITERATIONS):
        f_lat, f_lng = forward(g_lat, g_lng)
        e_lat, e_lng = f_lat - lat, f_lng - lng
        if abs(e_lat) < TOLERANCE and abs(e_lng) < TOLERANCE:
            break
        g_lat, g_lng = g_lat - e_lat, g_lng - e_lng
    return g_lat, g_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The iterative inverse of `wgs84_to_gcj02` (exact to `TOLERANCE`, not the one-step guess)."""
    if out_of_china(lat, lng):
        return lat, lng
    return _invert(wgs84_to_gcj02, lat, lng, (lat, lng))


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _bd09_to_gcj02_closed(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """Baidu's closed-form inverse, refined until `gcj02_to_bd09` gives the input back."""
    if out_of_china(lat, lng):
        return lat, lng
    return _invert(gcj02_to_bd09, lat, lng, _bd09_to_gcj02_closed(lat, lng))


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def bd09_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lng))


_TO_GCJ02 = {
    CoordinateSystem.GCJ02: lambda lat, lng: (lat, lng),
    CoordinateSystem.WGS84: wgs84_to_gcj02,
    CoordinateSystem.BD09: bd09_to_gcj02,
}
_FROM_GCJ02 = {
    CoordinateSystem.GCJ02: lambda lat, lng: (lat, lng),
    CoordinateSystem.WGS84: gcj02_to_wgs84,
    CoordinateSystem.BD09: gcj02_to_bd09,
}


def to_gcj02(lat: float, lng: float, system: str) -> tuple[float, float]:
    """What the platform stores, from a point typed in `system` (a CoordinateSystem value)."""
    return _TO_GCJ02[CoordinateSystem(system)](lat, lng)


def from_gcj02(lat: float, lng: float, system: str) -> tuple[float, float]:
    return _FROM_GCJ02[CoordinateSystem(system)](lat, lng)


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance on the sphere PostgreSQL's earthdistance uses (R = 6,378,168 m)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6378168.0 * math.asin(min(1.0, math.sqrt(h)))
