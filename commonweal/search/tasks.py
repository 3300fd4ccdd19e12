from django.conf import settings
from procrastinate.contrib.django import app

from commonweal.search import sync


# Every ten seconds (croniter's sixth field is seconds); the queueing lock keeps at most one
# waiting, and the sync's own advisory lock keeps two workers from interleaving.
@app.periodic(cron="* * * * * */10", periodic_id="search-sync")
@app.task(name="commonweal.search.tasks.sync_opensearch", queueing_lock="search-sync")
def sync_opensearch(timestamp: int) -> None:
    """Ship what changed to OpenSearch (no-op without OPENSEARCH_URL)."""
    if not settings.OPENSEARCH_URL:
        return
    try:
        sync.run_sync(max_attempts=3)
    except sync.SyncBusy:
        return
