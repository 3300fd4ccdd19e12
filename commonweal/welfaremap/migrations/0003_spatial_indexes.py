"""Spatial indexes on the embedded PostgreSQL's contrib extensions (no PostGIS).

Extensions are database-wide while this migration runs once per community schema: they are
created in `public` (IF NOT EXISTS, so every schema after the first is a no-op) and every
function and operator is schema-qualified, so the indexes work whatever the search_path.
"""

from django.db import migrations

TABLE = "welfaremap_servicepoint"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public",
    # radius (earth_box @>) and nearest-N (<-> ordering, chord distance is monotone in arc)
    f"CREATE INDEX welfaremap_sp_earth_gist ON {TABLE} USING gist (public.ll_to_earth(lat, lng))",
    # bounding boxes: a 2-D cube (lat, lng) inside the box's cube
    f"CREATE INDEX welfaremap_sp_bbox_gist ON {TABLE} USING gist (public.cube(ARRAY[lat, lng]))",
    # living-circle check: nearest point of one facility type
    f"CREATE INDEX welfaremap_sp_type_earth_gist ON {TABLE} "
    "USING gist (facility_type, public.ll_to_earth(lat, lng))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS welfaremap_sp_type_earth_gist",
    "DROP INDEX IF EXISTS welfaremap_sp_bbox_gist",
    "DROP INDEX IF EXISTS welfaremap_sp_earth_gist",
]


class Migration(migrations.Migration):
    dependencies = [
        ("welfaremap", "0002_compound_facilitytype_servicepoint_facility_type"),
    ]

    operations = [
        migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD),
    ]
