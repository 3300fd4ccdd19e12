"""Provider webhooks: verified on the raw body, stored once, posted by a job, order-independent.

A provider's folder declares what each of its event types means (`PaymentProvider.
webhook_handlers`, an explicit table); this module runs them the same way for every provider.

Receipt (`receive`, the request): verify the signature on the raw body, refuse (400) an event
type we do not handle or an event that names nothing to act on, then store the verified body
in the inbox (`WebhookEvent`, pending) and wake the drain job in one statement, and answer.
Nothing else is asked or locked, so the provider hears 2xx within milliseconds and a burst of
events costs one insert each: the community behind the host and the provider account that
checks the signature are remembered per process for a few seconds (`tenants/middleware.py`,
`providers.provider_for_webhooks`, where why that is safe is told). A replay inserts nothing
and wakes nothing.

Posting (`drain`, the job): claim a batch of due pending events (`FOR UPDATE SKIP LOCKED`,
leased by moving their `next_attempt_at` on, so two drains never hold the same event), then
`prepare` each: ask the provider what is true now (re-fetch the payment) holding no lock and
no transaction. Then one transaction for the batch flips those still pending to processed
(one statement, which locks them) and `apply`s each one's prepared facts through the fund's
services; should one of them raise, the transaction is undone and the batch applied again
with a savepoint per event, so that one is set aside (or left for a later try, below) and the
others posted. So an event is posted once: its flip and its booking commit together or not
at all; a crash between fetch and apply leaves it pending until its lease ends and it is
fetched again; a second drain, a retried job or a replay finds it processed and posts nothing
(and the ledger's entries are keyed by the provider's ids besides). A drain that claims a full
batch wakes another, so idle workers join in on a backlog; at most one drain waits at a time.

Cost: events whose handlers name the same `prepare_together` / `apply_together` share them
(Stripe's payment events: one "already recorded?" before the fetches, then the payments
posted as one batch, `services/payment_batches.py`), so a batch of payments costs a fixed
number of statements, not a few per event. Only the first, all-in-one attempt shares; the
retry with a savepoint per event applies each alone, as ever.

Failures: the provider unreachable → the event stays pending, tried again 10 s, 20 s, 40 s …
(at most an hour) later, by a drain deferred for that time and, should that defer be lost, the
minute's sweep (`tasks.sweep_webhook_inboxes`); so does an event whose posting the database
broke off (its savepoint undone), and a batch whose transaction failed as a whole waits for
its lease to end. An event about nothing of ours (a payment of no
donation here) → `unknown`; one the provider refuses to explain, or the books refuse (another
currency), or that keeps failing → `failed`. Both are final and shown to staff on the office
page, never retried by themselves (an admin posts one again, `events_retry`, once the cause is
fixed).

WeChat Pay's and Alipay's notices do not come here (`microfund/payments.py::notice_receive`):
they are posted as they arrive and answered success only once posted, which those providers'
retry schedules and answer formats assume.

Handlers re-fetch rather than trust an event's body, so the events' order and their number
do not change the final state.
"""

import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Now

from commonweal.microfund.models import WebhookEvent, WebhookEventStatus
from commonweal.microfund.providers import provider_for
from commonweal.microfund.providers.base import (
    InvalidWebhook,
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    ProviderRefused,
)
from commonweal.microfund.webhook_handlers import UnknownEvent, WebhookHandler
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.jobs import defer_unless_waiting, insert_once_and_wake

log = logging.getLogger(__name__)

# Events one drain claims at a time, and how long it has to post them before another may.
BATCH = 50
LEASE = timedelta(seconds=120)
# A drain returns after this long, waking the next one, so a worker can stop between drains.
DRAIN_SECONDS = 20
# Waits before trying an event again: 10 s, 20 s, 40 s … an hour; given up after about a week.
FIRST_WAIT, LONGEST_WAIT, MAX_ATTEMPTS = 10, 3600, 180


# --- receipt -----------------------------------------------------------------------------------


def drain_lock(community) -> str:
    return f"microfund-webhooks:{community.schema_name}"


def receive(community, provider: PaymentProvider, body: bytes, headers) -> bool:
    """Verify and store a delivery for the drain. Returns False for a replay (nothing stored).
    Raises InvalidWebhook → 400: not signed by the provider, or not an event we act on."""
    from commonweal.microfund.tasks import drain_webhooks

    event = provider.parse_webhook(body, headers)
    handler = provider.webhook_handlers.get(event.type)
    if handler is None:
        raise UnknownEvent(f"unhandled event type {event.type}")
    if not handler.subject(event):
        raise UnknownEvent(f"{event.type} names nothing to act on")
    stored = WebhookEvent(
        provider=provider.name, event_id=event.id, type=event.type, body=body.decode()
    )
    return insert_once_and_wake(
        stored,
        unique=["provider", "event_id"],
        task=drain_webhooks,
        queueing_lock=drain_lock(community),
        community_schema=community.schema_name,
    )


def wake(community, *, at=None) -> None:
    """Defer a drain (now, or at `at` under a lock of its own, so a drain waiting for a retry
    never stops the one receipts wake) unless one is already waiting."""
    from commonweal.microfund.tasks import drain_webhooks

    defer_unless_waiting(
        drain_webhooks,
        queueing_lock=drain_lock(community) + (":later" if at is not None else ""),
        schedule_at=at,
        community_schema=community.schema_name,
    )


# --- posting -----------------------------------------------------------------------------------


def _due() -> Q:
    return Q(status=WebhookEventStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=Now())
    )


def has_due_events() -> bool:
    return WebhookEvent.objects.filter(_due()).exists()


def _claim(batch: int) -> list[WebhookEvent]:
    """Lease up to `batch` due pending events, oldest first, skipping those another drain is
    claiming at this moment. One statement, committed at once: no lock outlives it."""
    table = connection.ops.quote_name(WebhookEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_attempt_at = clock_timestamp() + %s,"
            "  attempts = attempts + 1"
            f" WHERE id IN (SELECT id FROM {table} WHERE status = 'pending'"
            "  AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())"
            "  ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)"
            " RETURNING id, provider, event_id, type, body, attempts",
            [LEASE, batch],
        )
        rows = cursor.fetchall()
    claimed = [
        WebhookEvent(id=i, provider=p, event_id=e, type=t, body=b, attempts=a)
        for i, p, e, t, b, a in rows
    ]
    return sorted(claimed, key=lambda event: event.pk)


def _still_pending(event: WebhookEvent):
    return WebhookEvent.objects.filter(pk=event.pk, status=WebhookEventStatus.PENDING)


def _finish(rows, status: str, error: str = "") -> None:
    rows.update(status=status, error=error[:1000], processed_at=Now())


def _later(event: WebhookEvent, rows, error: str) -> None:
    if event.attempts >= MAX_ATTEMPTS:
        _finish(rows, WebhookEventStatus.FAILED, error)
        return
    wait = min(FIRST_WAIT * 2 ** min(event.attempts - 1, 20), LONGEST_WAIT)
    rows.update(
        status=WebhookEventStatus.PENDING,
        processed_at=None,
        next_attempt_at=Now() + timedelta(seconds=wait),
        error=error[:1000],
    )


def _set_aside(event: WebhookEvent, error: Exception, rows) -> None:
    """Record on `rows` (the event's row) why it was not posted: for good, or for a later try
    (see the module's docstring)."""
    if isinstance(error, UnknownEvent):
        _finish(rows, WebhookEventStatus.UNKNOWN, str(error))
    elif isinstance(error, InvalidWebhook | ProviderRefused):
        _finish(rows, WebhookEventStatus.FAILED, str(error))
    elif isinstance(error, DomainError):
        _finish(rows, WebhookEventStatus.FAILED, f"{error.code}: {error.message}")
    elif isinstance(error, ProviderError | DatabaseError):
        _later(event, rows, str(error) or type(error).__name__)
    else:
        # A bug: kept pending (a fixed release posts it), and failed after MAX_ATTEMPTS.
        log.error("webhook event %s could not be posted", event, exc_info=error)
        _later(event, rows, f"{type(error).__name__}: {error}")


@dataclass(frozen=True)
class _Ready:
    """A claimed event with what its handler prepared: all `apply` needs."""

    event: WebhookEvent
    provider: PaymentProvider
    handler: WebhookHandler
    found: ProviderEvent
    prepared: Any

    def apply(self, community) -> None:
        self.handler.apply(community, self.provider, self.found, self.prepared)


def _read(community, event: WebhookEvent, providers: dict) -> _Ready | None:
    """The event's provider, handler and verified body (nothing prepared yet), or None when
    it cannot be posted (recorded on it)."""
    try:
        if event.provider not in providers:
            providers[event.provider] = provider_for(community, event.provider)
        provider = providers[event.provider]
        if provider is None:
            raise ProviderRefused(f"no active {event.provider} account for this community")
        handler = provider.webhook_handlers.get(event.type)
        if handler is None:
            raise UnknownEvent(f"unhandled event type {event.type}")
        return _Ready(event, provider, handler, provider.read_webhook(event.body), None)
    except Exception as error:
        _set_aside(event, error, _still_pending(event))
        return None


def _prepare_read(community, read: _Ready) -> _Ready | None:
    """Ask the provider what is true now (no transaction, no lock), or record why not."""
    try:
        prepared = read.handler.prepare(community, read.provider, read.found)
    except Exception as error:
        _set_aside(read.event, error, _still_pending(read.event))
        return None
    return replace(read, prepared=prepared)


def _prepare(community, event: WebhookEvent, providers: dict) -> _Ready | None:
    return (read := _read(community, event, providers)) and _prepare_read(community, read)


def _groups(items: list[_Ready], together: str) -> list[tuple[Any, list[_Ready]]]:
    """`items` grouped by their handlers' `together` (`prepare_together`, `apply_together`)
    and provider, in the order each group first appears; None groups those without one."""
    groups: dict = {}
    for item in items:
        shared = getattr(item.handler, together)
        groups.setdefault((item.provider.name, shared), (shared, []))[1].append(item)
    return list(groups.values())


def _prepare_batch(community, claimed: list[WebhookEvent], providers: dict) -> list[_Ready]:
    read = [item for event in claimed if (item := _read(community, event, providers))]
    ready = []
    for shared, items in _groups(read, "prepare_together"):
        with ExitStack() as stack:
            if shared is not None:
                events = [item.found for item in items]
                try:
                    stack.enter_context(shared(community, items[0].provider, events))
                except Exception:
                    # Only a saving: the events are prepared one by one without it.
                    log.warning("prepared one by one: the shared reads failed", exc_info=True)
            ready += [item for i in items if (item := _prepare_read(community, i))]
    return sorted(ready, key=lambda item: item.event.pk)


def _mark_processed(community, ready: list[_Ready]) -> list[_Ready]:
    """Flip those of `ready` still pending to processed, and lock them till the transaction
    ends; returns them. An event another drain posted meanwhile is left out.

    First waits for any other drain's batch of this community to commit: every posting
    updates the fund's accounts (the ledger's trigger), so batches serialise there anyway,
    and a batch holds several of those account rows, locked in the order its events come,
    so two batches taking them in different orders could deadlock."""
    table = connection.ops.quote_name(WebhookEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [drain_lock(community)])
        cursor.execute(
            f"UPDATE {table} SET status = 'processed', processed_at = statement_timestamp(),"
            "  error = '' WHERE id = ANY(%s) AND status = 'pending' RETURNING id",
            [[item.event.pk for item in ready]],
        )
        flipped = {row[0] for row in cursor.fetchall()}
    return [item for item in ready if item.event.pk in flipped]


def _apply(community, ready: list[_Ready]) -> None:
    """Post the prepared events in one transaction: each is marked processed in the same
    transaction that books it, so it is posted exactly once or not at all. Should one of them
    fail, the whole transaction is undone and the batch applied again with a savepoint per
    event, so the failing one is set aside (or left for a later try) and the others posted."""
    if not ready:
        return
    try:
        with transaction.atomic():
            _apply_together(community, _mark_processed(community, ready))
        return
    except Exception:
        pass  # nothing of the batch was kept: again, one savepoint each
    try:
        with transaction.atomic():
            for item in _mark_processed(community, ready):
                try:
                    with transaction.atomic():
                        item.apply(community)
                except Exception as error:
                    # Its row is ours (locked by the flip): it is no longer pending.
                    _set_aside(item.event, error, WebhookEvent.objects.filter(pk=item.event.pk))
    except DatabaseError:
        # The transaction itself failed (the connection, a deadlock): nothing was posted and
        # the events stay pending, claimed until their lease ends; a later drain posts them.
        log.exception("a batch of %d webhook events could not be posted", len(ready))


def _apply_together(community, ready: list[_Ready]) -> None:
    """Apply `ready` in the caller's transaction: those whose handlers share an
    `apply_together` inside it, a group at a time, then the others in order. (The events'
    order does not change what they post; see the module's docstring.)"""
    alone = []
    for shared, items in _groups(ready, "apply_together"):
        if shared is None:
            alone += items
            continue
        with shared(community, items[0].provider, [item.prepared for item in items]):
            for item in items:
                try:
                    item.apply(community)
                except UnknownEvent as error:
                    # It wrote nothing (the promise of handlers with an `apply_together`):
                    # set aside at once, rather than undoing the batch for a foreign payment.
                    _set_aside(item.event, error, WebhookEvent.objects.filter(pk=item.event.pk))
    for item in sorted(alone, key=lambda item: item.event.pk):
        item.apply(community)


def _post(community, event: WebhookEvent, providers: dict) -> None:
    """Post one claimed event once, or record why not (see the module's docstring)."""
    _apply(community, [ready] if (ready := _prepare(community, event, providers)) else [])


def drain(community, *, batch: int = BATCH, seconds: float = DRAIN_SECONDS) -> int:
    """Post the community's due pending events, `batch` at a time, for at most `seconds`;
    returns how many were handled. Must not run inside a transaction: the provider is asked
    between the claim and each event's own transaction. Any number may run at once."""
    providers: dict[str, PaymentProvider | None] = {}
    handled = 0
    deadline = time.monotonic() + seconds
    while claimed := _claim(batch):
        if len(claimed) == batch:
            wake(community)  # more are waiting: an idle worker may join in
        _apply(community, _prepare_batch(community, claimed, providers))
        handled += len(claimed)
        if time.monotonic() > deadline:
            wake(community)  # more may be waiting: the next drain takes them
            return handled
    waiting = (
        WebhookEvent.objects.filter(status=WebhookEventStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is not None:
        wake(community, at=waiting)
    return handled


def events_retry(*, community, events) -> int:
    """Put final (`unknown`, `failed`) events back in the inbox, due now, and wake the drain:
    for staff once the cause is fixed (a donation found, the provider account corrected).
    Returns how many; a posted or pending event is left alone."""
    count = events.filter(
        status__in=[WebhookEventStatus.UNKNOWN, WebhookEventStatus.FAILED]
    ).update(status=WebhookEventStatus.PENDING, next_attempt_at=None, attempts=0)
    if count:
        transaction.on_commit(lambda: wake(community))
    return count
