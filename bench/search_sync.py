"""Sync throughput to OpenSearch (osmem-server) and catch-up after an outage.

    python bench/search_sync.py [--documents 15000] [--changes 10000] [--batch 500]

osmem keeps everything in memory (about 2.3 GB at 100k documents), so the corpus is 10–20k.
Measures: the first full sync (documents/s), a reindex into a new index with the alias swap,
then 10,000 changes written through index_document/remove_document while OpenSearch is
unreachable, and the time the sync needs to catch up once it is back.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import _search_data as data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=15_000)
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    from opensearchpy.exceptions import ConnectionError as OSConnectionError
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    data.boot({"OPENSEARCH_URL": server.url, "OPENSEARCH_TIMEOUT": "120"})
    from django.conf import settings
    from django.db import transaction
    from rich.console import Console
    from rich.table import Table

    from commonweal.search import sync
    from commonweal.search.documents import index_document, remove_document
    from commonweal.search.models import SearchDocument
    from commonweal.search.opensearch import client as os_client

    console = Console(width=150)
    communities = data.create_communities(args.communities)
    seconds = data.insert_documents(communities, args.documents, report=lambda n: None)
    console.print(f"{args.documents} documents inserted in {seconds:.1f} s")
    figures = []

    start = time.perf_counter()
    report = sync.run_sync(batch=args.batch, max_attempts=3)
    took = time.perf_counter() - start
    figures.append(("first full sync", report.shipped, took))

    start = time.perf_counter()
    reindexed = sync.reindex(batch=args.batch)
    took = time.perf_counter() - start
    figures.append(("reindex + alias swap", reindexed.copied, took))

    # The outage: OpenSearch unreachable while the application keeps writing.
    settings.OPENSEARCH_URL = "http://127.0.0.1:9"  # discard port: connection refused
    rng = random.Random(3)
    keys = list(SearchDocument.objects.values_list("community_id", "kind", "key")[:20_000])
    by_id = {c.pk: c for c in communities}
    start = time.perf_counter()
    for i in range(args.changes):
        community_id, kind, key = rng.choice(keys)
        with transaction.atomic():
            if i % 10 == 9:
                remove_document(community=by_id[community_id], kind=kind, key=key)
            else:
                index_document(
                    community=by_id[community_id],
                    kind=kind,
                    key=key,
                    title=f"{rng.choice(data.PLACES)}{rng.choice(data.SERVICES)}（更新{i}）",
                    body=rng.choice(data.SENTENCES),
                )
    writes = time.perf_counter() - start
    failed_attempts = 0
    try:
        sync.run_sync(batch=args.batch, max_attempts=2, base_delay=0.1)
    except OSConnectionError:  # the outage, as expected
        failed_attempts = 2
    lag = sync.lag()
    settings.OPENSEARCH_URL = server.url
    start = time.perf_counter()
    caught = sync.run_sync(batch=args.batch, max_attempts=3)
    catch_up = time.perf_counter() - start
    figures.append(("catch-up after outage", caught.shipped, catch_up))
    after = sync.lag()

    os = os_client.client()
    os.indices.refresh(index=os_client.alias())
    held = os.count(index=os_client.alias())["count"]
    expected = SearchDocument.objects.filter(visible=True).count()

    table = Table(title="sync to OpenSearch (osmem-server 0.1.6)")
    for column in ("phase", "documents", "seconds", "documents/s"):
        table.add_column(column, justify="right")
    for phase, count, took in figures:
        table.add_row(phase, str(count), f"{took:.1f}", f"{count / took:.0f}")
    console.print(table)
    console.print(
        f"outage: {args.changes} changes written in {writes:.1f} s "
        f"({args.changes / writes:.0f}/s, one transaction each); sync failed "
        f"{failed_attempts} attempt(s); lag before catch-up {lag.versions_behind} versions / "
        f"{lag.pending} documents, after {after.versions_behind} / {after.pending}; "
        f"{caught.stale} re-sent; OpenSearch holds {held}, table says {expected} visible"
    )
    server.close()
    return 0 if held == expected and after.pending == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
