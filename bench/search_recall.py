"""Does search find what residents mean? The judged query set on the demo data, both backends.

    python bench/search_recall.py [--show-misses]

Loads the demo snapshot (tests/search/judged.py: 151 items of three communities, 55 queries
from the seeds' vocabulary with the items that answer them, judged by meaning) into a throwaway
PostgreSQL and an osmem-server, and reports recall@10 and MRR for the PostgreSQL backend, the
OpenSearch backend (their ranked top 10 must be identical) and, as the baseline in the same
process, the exact-substring search residents had before (`title ILIKE '%q%' OR body ILIKE
'%q%'`, newest first; no pinyin, no names, no synonyms).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import _search_data as data

ILIKE = """
SELECT d.title FROM search_searchdocument d
JOIN tenants_community c ON c.id = d.community_id
WHERE d.visible AND c.status = 'active' AND (d.title ILIKE %(p)s OR d.body ILIKE %(p)s)
ORDER BY d.version DESC LIMIT 10
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true", help="print imperfect queries")
    args = parser.parse_args()
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    data.boot({"OPENSEARCH_URL": server.url, "OPENSEARCH_TIMEOUT": "120"})
    from django.conf import settings
    from django.db import connection
    from rich.console import Console
    from rich.table import Table

    from commonweal.search import sync
    from commonweal.search.opensearch import client as os_client
    from commonweal.search.query import build_request
    from commonweal.search.selectors import search
    from commonweal.tenants.models import Community
    from tests.search import judged

    console = Console(width=150)
    communities = {
        slug: Community.objects.create(
            schema_name=f"bench_{slug}",
            slug=slug,
            city="成都市",
            subdistrict="",
            area_km2="1",
            population=1,
            households=1,
            centre_lat=30.65,
            centre_lng=104.08,
            **fields,
        )
        for slug, fields in judged.COMMUNITIES.items()
    }
    judged.load(communities)
    sync.run_sync(max_attempts=1)
    os_client.client().indices.refresh(index=os_client.alias())
    counts = judged.title_counts()

    def ranked(query: str) -> list[str]:
        hits = search(build_request(query=query, first=10), with_facets=False).hits
        return [h.title for h in hits]

    def ilike(query: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(ILIKE, {"p": f"%{query}%"})
            return [row[0] for row in cursor.fetchall()]

    runs = {"OpenSearch (osmem)": {q: ranked(q) for q in judged.JUDGED}}
    settings.OPENSEARCH_URL = ""
    runs["PostgreSQL"] = {q: ranked(q) for q in judged.JUDGED}
    runs["baseline: ILIKE '%q%'"] = {q: ilike(q) for q in judged.JUDGED}
    server.close()

    table = Table(title=f"judged query set: {len(judged.JUDGED)} queries, demo data")
    for column in ("search", "recall@10", "MRR", "queries with no relevant hit"):
        table.add_column(column, justify="right")
    judgements = {}
    for name, results in runs.items():
        judgements[name] = [judged.judge(q, results[q], counts) for q in judged.JUDGED]
        recall, mrr = judged.summary(judgements[name])
        none = sum(1 for j in judgements[name] if j.first_relevant is None)
        table.add_row(name, f"{recall:.3f}", f"{mrr:.3f}", str(none))
    console.print(table)
    same = runs["PostgreSQL"] == runs["OpenSearch (osmem)"]
    console.print(f"both backends return the same ranked top 10 for every query: {same}")
    if args.show_misses:
        for j in judgements["PostgreSQL"]:
            if j.recall < 1 or j.first_relevant != 1:
                console.print(
                    f"{j.query}: recall {j.recall:.2f}, first relevant at {j.first_relevant}: "
                    f"{j.ranked}"
                )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
