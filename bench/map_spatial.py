"""Bounding-box, radius and nearest-N queries over 100,000 service points: the GiST indexes of
migration 0003 (cube + earthdistance) vs an unindexed scan of the same table, same SQL, same run.

    python bench/map_spatial.py [--points 100000] [--samples 200] [--scan-samples 40]

Each query is the product's selector (`welfaremap.selectors`) evaluated to a list of ids.
The baseline runs the identical SQL with index and bitmap scans disabled (a sequential scan).
Query windows: random 1 km × 1 km boxes, 500 m radii and nearest 10, inside the 30 km city box.

Last run (2026-11-24, 2 shared cores under load from other test suites; also in README.md):
bbox p50 14.0 / p95 33.9 ms vs scan 65.7 / 95.8 ms; radius 7.8 / 14.5 ms vs 738 / 901 ms;
nearest 10 12.1 / 26.5 ms vs 818 / 1001 ms. End to end through the ORM; the server's own
execution (EXPLAIN ANALYZE) was 0.3 ms (bbox), 1.2 ms (radius) and 0.17 ms (nearest 10).
"""

import argparse
import random
import time

from map_common import boot, community, fill_points, ms, percentiles, random_point


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--scan-samples", type=int, default=40)
    args = parser.parse_args()

    boot()
    from django.db import connection, transaction

    from commonweal.welfaremap import selectors

    city = community("benchcity")
    connection.set_tenant(city)
    rng = random.Random(4)
    seconds = fill_points(args.points, rng)
    print(f"inserted {args.points:,} points in {seconds:.1f} s")

    half_km_lat = 0.0045  # ~500 m
    half_km_lng = 0.0052

    def bbox(lat, lng):
        return selectors.in_bbox(
            selectors.listed_points(),
            south=lat - half_km_lat,
            west=lng - half_km_lng,
            north=lat + half_km_lat,
            east=lng + half_km_lng,
        )

    def radius(lat, lng):
        return selectors.within(selectors.listed_points(), lat=lat, lng=lng, radius_m=500)

    def nearest(lat, lng):
        return selectors.nearest(selectors.listed_points(), lat=lat, lng=lng)[:10]

    def measure(make, samples, *, indexed) -> tuple[list[float], list[int]]:
        times, sizes = [], []
        local = random.Random(7)  # the same windows for both ways
        for _ in range(samples):
            lat, lng = random_point(local)
            with transaction.atomic():
                if not indexed:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL enable_indexscan = off")
                        cursor.execute("SET LOCAL enable_bitmapscan = off")
                start = time.perf_counter()
                ids = list(make(lat, lng).values_list("id", flat=True))
                times.append(time.perf_counter() - start)
                sizes.append(len(ids))
        return times, sizes

    rows = []
    for name, make in (("bbox 1 km²", bbox), ("radius 500 m", radius), ("nearest 10", nearest)):
        measure(make, 5, indexed=True)  # warm the cache
        indexed, sizes = measure(make, args.samples, indexed=True)
        scanned, scan_sizes = measure(make, args.scan_samples, indexed=False)
        assert sizes[: args.scan_samples] == scan_sizes, "both ways must find the same rows"
        i50, i95 = percentiles(indexed)
        s50, s95 = percentiles(scanned)
        rows.append((name, sum(sizes) / len(sizes), i50, i95, s50, s95))

    print(f"\n{args.points:,} points, {args.samples} indexed / {args.scan_samples} scan samples")
    print(
        f"{'query':<14}{'rows':>7}{'index p50':>12}{'index p95':>12}{'scan p50':>12}"
        f"{'scan p95':>12}{'p50 ×':>8}"
    )
    for name, size, i50, i95, s50, s95 in rows:
        print(
            f"{name:<14}{size:>7.1f}{ms(i50):>12}{ms(i95):>12}{ms(s50):>12}{ms(s95):>12}"
            f"{s50 / i50:>8.0f}"
        )


if __name__ == "__main__":
    main()
