"""What the office should sort out with the fiscal host, over GraphQL: notices whose amount was
not the donation's (never booked), the daily reconciliation's differences in this community's
books, and the payment service's events that were set aside or are still being retried. The
same lists as the office page (`/fund/office/`)."""

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from commonweal.microfund.hosts.selectors import payment_issues
from commonweal.microfund.selectors import event_name, webhook_events_to_check
from commonweal.platform.kernel.graphql.mutations import caller
from commonweal.platform.kernel.graphql.permissions import HasRole
from commonweal.platform.kernel.roles import OFFICE_ROLES


@strawberry.type(description="A signed notice whose amount or currency was not the donation's.")
class PaymentFlagType:
    provider: str = strawberry.field(description="wechatpay or alipay.")
    order: str = strawberry.field(description="Our order number (the donation's token).")
    payment_id: str = strawberry.field(description="The payment service's transaction number.")
    expected: int = strawberry.field(description="The donation's amount, in fen.")
    reported: int = strawberry.field(description="What the payment service reported, in fen.")
    reported_currency: str = strawberry.field(description="The currency it reported.")
    noticed_at: datetime = strawberry.field(description="When the notice came.")


@strawberry.type(description="One line where a provider's daily bill and our books differ.")
class BillDifferenceType:
    day: date = strawberry.field(description="The bill's day (Beijing time).")
    provider: str = strawberry.field(description="wechatpay or alipay.")
    kind: str = strawberry.field(
        description="missing_here (on the bill, not in our books), missing_there (in our"
        " books, not on the bill) or amount_differs."
    )
    order: str = strawberry.field(description="Our order number, when known.")
    payment_id: str = strawberry.field(description="The payment service's transaction number.")
    refund: str = strawberry.field(description="The refund's number; empty for a payment.")
    ours: int | None = strawberry.field(description="In our books, in fen.")
    theirs: int | None = strawberry.field(description="On the bill, in fen.")


@strawberry.type(description="A payment service's event that was not posted to the books.")
class PaymentServiceEventType:
    provider: str = strawberry.field(description="The payment service (stripe).")
    event_id: str = strawberry.field(description="The service's id of the event.")
    type: str = strawberry.field(description="The service's type code of the event.")
    name: str = strawberry.field(description="What the event was about, in the reader's language.")
    status: str = strawberry.field(
        description="pending (still being retried), unknown (about no payment of ours) or"
        " failed (refused; an admin can post it again)."
    )
    attempts: int = strawberry.field(description="How many times posting it was tried.")
    error: str = strawberry.field(description="Why it was not posted, as last recorded.")
    received_at: datetime = strawberry.field(description="When it arrived.")


@strawberry.type(description="Payments to check with the fiscal host (the last 30 days).")
class PaymentsToCheckType:
    flags: list[PaymentFlagType] = strawberry.field(description="Notices not booked.")
    differences: list[BillDifferenceType] = strawberry.field(
        description="Reconciliation differences, newest bill first."
    )
    events: list[PaymentServiceEventType] = strawberry.field(
        description="The payment service's events not posted: set aside, or late and being"
        " retried; newest first."
    )


@strawberry.type
class ReconciliationQuery:
    @strawberry.field(
        description="Payments to check with the fiscal host (office roles).",
        extensions=[HasRole(*OFFICE_ROLES)],
    )
    def payments_to_check(self, info: Info) -> PaymentsToCheckType:
        flags, differences = payment_issues(caller(info).community)
        return PaymentsToCheckType(
            flags=[
                PaymentFlagType(
                    provider=f.provider,
                    order=f.order,
                    payment_id=f.payment_id,
                    expected=f.expected,
                    reported=f.reported,
                    reported_currency=f.reported_currency,
                    noticed_at=f.noticed_at,
                )
                for f in flags[:50]
            ],
            differences=[
                BillDifferenceType(
                    day=d.bill_check.day,
                    provider=d.bill_check.account.provider,
                    kind=d.kind,
                    order=d.order,
                    payment_id=d.payment_id,
                    refund=d.refund,
                    ours=d.ours,
                    theirs=d.theirs,
                )
                for d in differences[:50]
            ],
            events=[
                PaymentServiceEventType(
                    provider=e.provider,
                    event_id=e.event_id,
                    type=e.type,
                    name=str(event_name(e.type)),
                    status=e.status,
                    attempts=e.attempts,
                    error=e.error,
                    received_at=e.received_at,
                )
                for e in webhook_events_to_check()[:50]
            ],
        )
