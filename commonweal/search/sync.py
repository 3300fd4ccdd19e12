"""Ship the documents table to OpenSearch: by version, in bulk, with external versions.

The high-water mark (`SearchSyncState.shipped_version`) says every version up to it is in
OpenSearch. A pass ships rows above it in version order and moves the mark after each batch,
so a crash or an outage resumes where it stopped. A version is only shipped once it is *final*:
writers take versions under a shared advisory lock held to their commit, and the sync reads
`max(version)` under the exclusive lock, so no slower transaction can later commit a smaller
version behind the mark. External versions make a replay harmless: OpenSearch refuses (409)
anything not newer than what it holds.
"""

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, TransportError

from commonweal.search.documents import VERSION_LOCK
from commonweal.search.models import SearchDocument, SearchSyncState
from commonweal.search.opensearch import client as os_client

logger = logging.getLogger(__name__)

STATE = "opensearch"
# One syncer at a time (session-level advisory lock); a reindex holds it too.
SYNC_LOCK = 0x5EA2C5
RETRYABLE = (OSConnectionError, ConnectionTimeout, TransportError, OSError)


class SyncBusy(Exception):
    """Another process is syncing or reindexing."""


class BulkRejected(Exception):
    """OpenSearch refused items for a reason other than a stale version."""


@dataclass
class SyncReport:
    shipped: int = 0
    indexed: int = 0
    deleted: int = 0
    stale: int = 0
    batches: int = 0
    mark: int = 0
    attempts: int = 1


@dataclass
class Lag:
    shipped_version: int
    max_version: int
    pending: int

    @property
    def versions_behind(self) -> int:
        return max(0, self.max_version - self.shipped_version)


def final_version() -> int:
    """The largest version no in-flight writer can undercut."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERSION_LOCK])
        cursor.execute("SELECT last_value, is_called FROM public.search_document_version")
        last_value, is_called = cursor.fetchone()
        return last_value if is_called else 0


def state() -> SearchSyncState:
    state, _ = SearchSyncState.objects.get_or_create(name=STATE)
    return state


def lag() -> Lag:
    mark = state().shipped_version
    top = SearchDocument.objects.aggregate(top=Max("version"))["top"] or 0
    pending = SearchDocument.objects.filter(version__gt=mark).count()
    return Lag(shipped_version=mark, max_version=top, pending=pending)


def ship(rows: list[SearchDocument], index: str, os=None) -> SyncReport:
    """Send one bulk batch; 409 (OpenSearch already holds this or a newer version) and 404 on a
    delete count as delivered. Raises BulkRejected for any other item error."""
    report = SyncReport()
    if not rows:
        return report
    os = os or os_client.client()
    response = os.bulk(body=os_client.actions_of(rows, index))
    failures = []
    for item in response["items"]:
        ((op, result),) = item.items()
        status = result.get("status", 500)
        if status in (200, 201):
            report.indexed += op == "index"
            report.deleted += op == "delete"
        elif status == 409:
            report.stale += 1
        elif status == 404 and op == "delete":
            report.deleted += 1
        else:
            failures.append(result)
    if failures:
        raise BulkRejected(f"{len(failures)} item(s) refused, first: {failures[0]}")
    report.shipped = len(rows)
    report.batches = 1
    return report


def _rows_after(mark: int, upto: int, batch: int) -> list[SearchDocument]:
    return list(
        SearchDocument.objects.filter(version__gt=mark, version__lte=upto)
        .select_related("community")
        .order_by("version")[:batch]
    )


def copy_range(
    index: str,
    *,
    after: int,
    upto: int,
    batch: int,
    os=None,
    only_visible: bool = False,
    on_batch: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Ship every row with after < version ≤ upto to `index`; `on_batch(count, version)` after
    each batch (the caller records the mark)."""
    total = SyncReport(mark=after)
    mark = after
    while True:
        rows = _rows_after(mark, upto, batch)
        if not rows:
            return total
        to_ship = [r for r in rows if r.visible] if only_visible else rows
        report = ship(to_ship, index, os)
        mark = rows[-1].version
        for name in ("shipped", "indexed", "deleted", "stale", "batches"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        total.mark = mark
        if on_batch:
            on_batch(len(rows), mark)


def sync_once(*, batch: int | None = None, os=None) -> SyncReport:
    """One pass up to the current final version; raises on an OpenSearch failure after
    recording the mark of every batch that did arrive."""
    batch = batch or settings.OPENSEARCH_SYNC_BATCH
    os = os or os_client.client()
    index = os_client.alias()
    os_client.ensure_index(os)
    current = state()
    upto = final_version()

    def record(count: int, mark: int) -> None:
        SearchSyncState.objects.filter(name=STATE).update(
            shipped_version=mark,
            shipped_total=F("shipped_total") + count,
            last_error="",
        )

    return copy_range(
        index, after=current.shipped_version, upto=upto, batch=batch, os=os, on_batch=record
    )


def run_sync(
    *,
    batch: int | None = None,
    max_attempts: int = 8,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncReport:
    """Sync until caught up, retrying failures with exponential back-off.

    Holds the sync lock so that two workers never interleave; raises SyncBusy if it is taken.
    """
    with sync_lock():
        attempt = 0
        total = SyncReport()
        while True:
            attempt += 1
            try:
                report = sync_once(batch=batch)
            except (*RETRYABLE, BulkRejected) as error:
                SearchSyncState.objects.filter(name=STATE).update(last_error=str(error)[:2000])
                if attempt >= max_attempts:
                    raise
                delay = min(max_delay, base_delay * 2 ** (attempt - 1))
                logger.warning("search sync failed (%s); retrying in %.1fs", error, delay)
                sleep(delay)
                continue
            for name in ("shipped", "indexed", "deleted", "stale", "batches"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.mark = state().shipped_version
            total.attempts = attempt
            return total


@contextmanager
def sync_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SYNC_LOCK])
        if not cursor.fetchone()[0]:
            raise SyncBusy("another search sync or reindex is running")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SYNC_LOCK])


@dataclass
class ReindexReport:
    index: str
    previous: list[str]
    mark: int
    copied: int
    replayed: int


def reindex(
    *,
    batch: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ReindexReport:
    """Rebuild into a new index and swap the alias, searches served by the old index meanwhile.

    Records the final version H, copies every visible row ≤ H, replays rows changed after H
    (deletions included), swaps the alias atomically, then drops the old indices. Holds the sync
    lock throughout, so the regular sync waits and resumes from the new mark.
    """
    batch = batch or settings.OPENSEARCH_SYNC_BATCH
    os = os_client.client(timeout=max(60.0, settings.OPENSEARCH_TIMEOUT))
    with sync_lock():
        os_client.put_template(os)
        previous = os_client.indices_behind_alias(os)
        index = os_client.new_index_name()
        os.indices.create(index=index)
        mark = final_version()
        if on_start:
            on_start(SearchDocument.objects.filter(version__lte=mark).count())
        copied = copy_range(
            index,
            after=0,
            upto=mark,
            batch=batch,
            os=os,
            only_visible=True,
            on_batch=lambda count, _v: on_progress and on_progress(count),
        )
        replayed = copy_range(index, after=mark, upto=final_version(), batch=batch, os=os)
        actions = [{"add": {"index": index, "alias": os_client.alias()}}]
        actions += [{"remove": {"index": old, "alias": os_client.alias()}} for old in previous]
        os.indices.update_aliases(body={"actions": actions})
        # Anything committed between the replay and the swap reached the old index only.
        late = copy_range(index, after=replayed.mark, upto=final_version(), batch=batch, os=os)
        final_mark = late.mark
        SearchSyncState.objects.update_or_create(
            name=STATE, defaults={"shipped_version": final_mark, "index": index, "last_error": ""}
        )
        for old in previous:
            os.indices.delete(index=old, ignore_unavailable=True)
    return ReindexReport(
        index=index,
        previous=previous,
        mark=final_mark,
        copied=copied.indexed,
        replayed=replayed.shipped + late.shipped,
    )
