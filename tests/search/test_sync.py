"""The OpenSearch sync: by version, external versions, outages, resumption, reindexing."""

import json
from pathlib import Path

import pytest
from opensearchpy.exceptions import ConnectionError as OSConnectionError

from commonweal.search import sync
from commonweal.search.documents import index_document, remove_document
from commonweal.search.models import SearchDocument
from commonweal.search.opensearch import client as os_client
from commonweal.search.opensearch.template import TEMPLATE
from commonweal.search.query import build_request
from commonweal.search.selectors import search
from tests.fixtures import make_community
from tests.search.fixtures import Outage


def _held() -> dict[str, int]:
    """Document id → version as OpenSearch holds them."""
    os = os_client.client()
    os.indices.refresh(index=os_client.alias())
    response = os.search(
        index=os_client.alias(),
        body={"query": {"match_all": {}}, "size": 1000, "version": True},
    )
    return {h["_id"]: h["_version"] for h in response["hits"]["hits"]}


def _expected() -> dict[str, int]:
    return {
        os_client.document_id(d): d.version for d in SearchDocument.objects.filter(visible=True)
    }


def _write(community, n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        index_document(community=community, kind="partner", key=f"k{i}", title=f"枫树服务点{i}号")


def test_outage_loses_nothing_and_ships_each_change_once(settings, osmem_clone, db):
    # given OpenSearch behind a link we can cut, and five documents already shipped
    outage = Outage(osmem_clone.url)
    settings.OPENSEARCH_URL = outage.url
    fengshu = make_community("fengshu", name="枫树社区")
    _write(fengshu, 5)
    assert sync.run_sync(max_attempts=1).shipped == 5
    # when OpenSearch becomes unreachable while writes go on
    outage.cut()
    _write(fengshu, 10, start=5)  # 10 new
    _write(fengshu, 2)  # 2 updated
    remove_document(community=fengshu, kind="partner", key="k3")  # 1 withdrawn
    delays = []
    with pytest.raises(OSConnectionError):
        sync.run_sync(max_attempts=3, base_delay=0.5, sleep=delays.append)
    # then the sync backed off exponentially, and the lag says what waits
    assert delays == [0.5, 1.0]
    lag = sync.lag()
    assert lag.pending == 13
    assert lag.versions_behind == 13
    assert "ConnectionError" in sync.state().last_error or sync.state().last_error
    # when OpenSearch comes back
    outage.restore()
    report = sync.run_sync(max_attempts=1)
    # then every change arrives, once: 12 indexed, 1 deleted, nothing re-sent
    assert (report.shipped, report.indexed, report.deleted, report.stale) == (13, 12, 1, 0)
    assert _held() == _expected()
    assert len(_held()) == 14
    assert sync.lag().pending == 0
    # and a second pass has nothing to do
    assert sync.run_sync(max_attempts=1).shipped == 0
    outage.cut()


def test_sync_resumes_from_the_mark_after_a_failed_batch(settings, opensearch, db):
    # given 7 documents and batches of 3
    fengshu = make_community("fengshu", name="枫树社区")
    _write(fengshu, 7)
    calls = {"n": 0}
    original = sync.ship

    def flaky(rows, index, os=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSConnectionError("N/A", "link down", None)
        return original(rows, index, os)

    # when the second batch fails
    sync.ship = flaky
    try:
        with pytest.raises(OSConnectionError):
            sync.sync_once(batch=3)
    finally:
        sync.ship = original
    # then the first batch is recorded, and the next pass ships only the remaining 4
    assert sync.lag().pending == 4
    assert sync.sync_once(batch=3).shipped == 4
    assert _held() == _expected()


def test_stale_external_version_is_refused(settings, opensearch, db):
    # given a document shipped at its newest version
    fengshu = make_community("fengshu", name="枫树社区")
    old = index_document(community=fengshu, kind="partner", key="k1", title="旧名称")
    old_copy = SearchDocument.objects.select_related("community").get(pk=old.pk)
    index_document(community=fengshu, kind="partner", key="k1", title="新名称")
    sync.run_sync(max_attempts=1)
    # when an older write of it arrives late
    report = sync.ship([old_copy], os_client.alias())
    # then OpenSearch refuses it (409) and keeps the newer title
    assert report.stale == 1
    assert report.indexed == 0
    os = os_client.client()
    held = os.get(index=os_client.alias(), id=os_client.document_id(old_copy))
    assert held["_source"]["title"] == "新名称"


def test_reindex_swaps_the_alias_and_replays(settings, opensearch, db):
    # given an index with three documents, one later withdrawn
    fengshu = make_community("fengshu", name="枫树社区")
    _write(fengshu, 3)
    sync.run_sync(max_attempts=1)
    remove_document(community=fengshu, kind="partner", key="k0")
    os = os_client.client()
    (before,) = os_client.indices_behind_alias(os)
    # when reindexing
    seen = []
    report = sync.reindex(on_start=seen.append, on_progress=seen.append)
    # then a new index serves the alias, the old one is gone, and it holds what the table says
    (after,) = os_client.indices_behind_alias(os)
    assert after == report.index != before
    assert not os.indices.exists(index=before)
    assert seen == [3, 3]  # rows read, withdrawn ones skipped
    assert _held() == _expected()
    assert sync.lag().pending == 0
    assert sync.state().index == after
    results = search(build_request(query="fengshu"))
    assert sorted(h.title for h in results.hits) == ["枫树服务点1号", "枫树服务点2号"]


def test_sync_busy_when_another_holds_the_lock(settings, opensearch, db):
    with sync.sync_lock(), pytest.raises(sync.SyncBusy):
        # a second connection would be refused the same way; the lock is re-entrant per
        # session in PostgreSQL, so simulate the other holder with try-lock semantics
        _other_session_try_lock()


def _other_session_try_lock():
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        taken = other.execute("SELECT pg_try_advisory_lock(%s)", [sync.SYNC_LOCK]).fetchone()[0]
    if not taken:
        raise sync.SyncBusy("held")


def test_infra_template_matches_the_code():
    infra = Path(__file__).parents[2] / "infra" / "opensearch" / "search-index-template.json"
    assert json.loads(infra.read_text()) == TEMPLATE


def test_periodic_task_ships_and_is_a_no_op_without_opensearch(settings, opensearch, db):
    from commonweal.search.tasks import sync_opensearch

    fengshu = make_community("fengshu", name="枫树社区")
    _write(fengshu, 2)
    sync_opensearch(timestamp=0)
    assert sync.lag().pending == 0
    assert _held() == _expected()
    settings.OPENSEARCH_URL = ""
    _write(fengshu, 1, start=2)
    sync_opensearch(timestamp=0)
    assert sync.lag().pending == 1
