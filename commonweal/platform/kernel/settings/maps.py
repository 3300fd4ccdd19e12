"""The welfare map: tile provider and the Leaflet files served from their PyPI packages."""

import os

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

# "amap" or "tencent" (GCJ-02 tiles, markers as stored) or "osm" (WGS-84 tiles, markers
# converted). Without internet the tiles fail to load; markers and the list still work.
MAP_TILE_PROVIDER = os.environ.get("COMMONWEAL_MAP_TILES", "amap")

# Leaflet is installed from a package (xstatic-leaflet), never copied into the repository.
STATICFILES_DIRS = [
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
