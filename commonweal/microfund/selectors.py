"""Reads of the micro-fund: public accounts, statements, a donor's own donations, and the one
rule per entity for "may this actor touch it" (`access_<entity>`): each raises the same
NotFound for a missing row and a forbidden one, so ids cannot be probed."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.ledger.models import CNY, Account, Entry, Leg
from commonweal.microfund.error_codes import FundErrorCode
from commonweal.microfund.models import (
    AccountKind,
    Campaign,
    Donation,
    DonationStatus,
    EntryKind,
    GrantCall,
    MonthlyDonation,
    Proposal,
    RevenueReport,
    RevenueShareAgreement,
    WebhookEvent,
    WebhookEventStatus,
)
from commonweal.partners.models import Partnership
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.accounts.models import Membership
from commonweal.platform.kernel.errors import NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

PAID = (DonationStatus.PAID, DonationStatus.PARTLY_REFUNDED, DonationStatus.REFUNDED)
# Money the community's fund holds: its general pot, projects, and what grants still hold.
HELD_KINDS = (AccountKind.FUND, AccountKind.CAMPAIGN, AccountKind.COMMITTED)


def balances() -> dict[str, int]:
    rows = Account.objects.filter(kind__in=HELD_KINDS).values("kind").annotate(total=Sum("balance"))
    totals = {row["kind"]: row["total"] for row in rows}
    uncommitted = Account.objects.filter(code="fund:general").values_list("balance", flat=True)
    return {
        "held": sum(totals.values()),
        "uncommitted": next(iter(uncommitted), 0),
        "campaigns": totals.get(AccountKind.CAMPAIGN, 0),
        "committed": totals.get(AccountKind.COMMITTED, 0),
    }


@dataclass(frozen=True)
class Month:
    month: date
    income: int
    spending: int


def monthly_statement(year: int | None = None) -> list[Month]:
    """Per month: money into the fund's held accounts, and money out of them (one query).

    Transfers between held accounts (commitments) are neither income nor spending.
    """
    schema = connection.schema_name
    # Months of the community's time zone (active for the request), not the server's UTC.
    local = "(e.occurred_at AT TIME ZONE %s)"
    where = f"WHERE date_part('year', {local}) = %s" if year else ""
    sql = f"""
        SELECT date_trunc('month', {local})::date AS month,
               sum(CASE WHEN held.amount > 0 THEN held.amount ELSE 0 END) AS income,
               sum(CASE WHEN held.amount < 0 THEN -held.amount ELSE 0 END) AS spending
        FROM (
            SELECT l.entry_id, sum(l.amount) AS amount
            FROM "{schema}".ledger_leg l
            JOIN "{schema}".ledger_account a ON a.id = l.account_id
            WHERE a.kind IN ('fund', 'campaign', 'committed')
            GROUP BY l.entry_id
        ) held
        JOIN "{schema}".ledger_entry e ON e.id = held.entry_id
        {where}
        GROUP BY 1 ORDER BY 1
    """
    with connection.cursor() as cursor:
        zone = timezone.get_current_timezone_name()
        cursor.execute(sql, [zone, zone, year] if year else [zone])
        return [Month(m, int(i or 0), int(s or 0)) for m, i, s in cursor.fetchall()]


def fund_movements():
    """The fund's entries, oldest first, each annotated `held`: its net effect on the money
    the fund holds (positive: income; negative: spending; zero: between its own pots)."""
    return (
        Entry.objects.filter(kind__in=EntryKind.values)
        .annotate(
            held=Coalesce(Sum("legs__amount", filter=Q(legs__account__kind__in=HELD_KINDS)), 0)
        )
        .order_by("occurred_at", "id")
    )


def fund_legs():
    """Every money leg of the fund's entries, in the order they occurred (for auditors)."""
    return Leg.objects.filter(unit=CNY, entry__kind__in=EntryKind.values).order_by(
        "entry__occurred_at", "entry_id", "id"
    )


def campaign_totals():
    return (
        Campaign.objects.filter(public=True)
        .annotate(
            raised=Sum("donations__amount", filter=Q(donations__status__in=PAID)),
            refunded_total=Sum("donations__refunded", filter=Q(donations__status__in=PAID)),
            donors=Count("donations", filter=Q(donations__status__in=PAID)),
        )
        .select_related("account")
    )


def revenue_feedback_totals():
    return RevenueShareAgreement.objects.annotate(
        gross_total=Sum("reports__gross"),
        fund_share_total=Sum("reports__fund_share"),
        settled_total=Sum("reports__fund_share", filter=Q(reports__status="settled")),
    ).prefetch_related("lines")


def public_donations(limit: int = 200):
    return (
        Donation.objects.filter(status__in=PAID)
        .select_related("campaign")
        .order_by("-paid_at", "-id")[:limit]
    )


def public_proposals():
    return Proposal.objects.select_related("call").order_by("call_id", "id")


def donations_of(user):
    """The signed-in user's own paid donations in this community, newest first."""
    if user is None or not user.is_authenticated:
        return Donation.objects.none()
    return (
        Donation.objects.filter(donor=user, status__in=PAID)
        .select_related("campaign")
        .order_by("-paid_at", "-id")
    )


def monthly_donations_of(user):
    """The signed-in user's own monthly donations in this community."""
    if user is None or not user.is_authenticated:
        return MonthlyDonation.objects.none()
    return MonthlyDonation.objects.filter(donor=user).select_related("first__campaign")


# --- access: may this actor touch it? ----------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound(FundErrorCode.NOT_FOUND, _("Nothing found with this id."))


def _found(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _not_found()
    return found


def _roles(actor, community) -> frozenset[str]:
    if actor is None or not actor.is_authenticated or community is None:
        return frozenset()
    row = (
        Membership.objects.filter(user=actor, community=community)
        .values_list("roles", flat=True)
        .first()
    )
    return frozenset(row or ())


def _in_office(actor, community) -> bool:
    return bool(_roles(actor, community) & OFFICE_ROLES)


def access_campaign(*, actor, community, campaign_id) -> Campaign:
    """A public project; the office also reaches projects not shown to the public."""
    campaigns = Campaign.objects.select_related("account")
    if not _in_office(actor, community):
        campaigns = campaigns.filter(public=True)
    return _found(campaigns, campaign_id)


def access_donation(*, actor, community, donation_id) -> Donation:
    """Any donation for the office (donations name their donors); nobody else's."""
    if not _in_office(actor, community):
        raise _not_found()
    return _found(Donation.objects.all(), donation_id)


def access_monthly_donation(*, actor, monthly_id) -> MonthlyDonation:
    """The actor's own monthly donation; someone else's is "not found" like a missing one."""
    return _found(monthly_donations_of(actor), monthly_id)


def access_grant_call(*, actor, call_id) -> GrantCall:
    """Calls are public."""
    return _found(GrantCall.objects.all(), call_id)


def access_proposal(*, actor, proposal_id) -> Proposal:
    """Proposals are public (who may score, award or pay them is declared on each mutation)."""
    return _found(Proposal.objects.all(), proposal_id)


def access_partner(*, actor, partnership_id) -> Partnership:
    """A partner of this community to agree a revenue share with (its status is the
    service's to judge, with a coded refusal)."""
    return _found(Partnership.objects.all(), partnership_id)


def access_agreement_to_report(*, actor, community, agreement_id) -> RevenueShareAgreement:
    """An agreement `actor` may report revenue against: any, for the office; for a partner
    representative, only the agreements of the partners whose organisation they represent."""
    agreement = _found(RevenueShareAgreement.objects.select_related("partnership"), agreement_id)
    roles = _roles(actor, community)
    if roles & OFFICE_ROLES:
        return agreement
    if (
        Role.PARTNER_REPRESENTATIVE in roles
        and agreement.partnership is not None
        and PartnerRepresentative.objects.filter(
            user=actor, organisation_id=agreement.partnership.organisation_id
        ).exists()
    ):
        return agreement
    raise _not_found()


def access_revenue_report(*, actor, report_id) -> RevenueReport:
    """Reports are public with their agreement."""
    return _found(RevenueReport.objects.all(), report_id)


# What a payment service's event was about, by the start of its type.
EVENT_NAMES = (
    ("checkout.session.", _("Checkout payment")),
    ("payment_intent.", _("Card payment")),
    ("charge.", _("Refund")),
    ("refund.", _("Refund")),
    ("invoice.", _("Monthly gift charge")),
    ("customer.subscription.", _("Monthly gift")),
)


def event_name(event_type: str) -> str:
    return next((name for start, name in EVENT_NAMES if event_type.startswith(start)), event_type)


# How long an event may wait to be posted before the office hears of it, and how far back
# the office's list of events that were not posted reaches.
EVENT_LATE = timedelta(minutes=10)
EVENTS_SHOWN = timedelta(days=30)


def webhook_events_to_check(*, now=None):
    """The payment service's events the office should know of, newest first: those set aside
    for good (`unknown`: about nothing of ours; `failed`: refused) and those still waiting
    longer than EVENT_LATE (the service unreachable: they are being retried)."""
    now = now or timezone.now()
    return WebhookEvent.objects.filter(
        Q(
            status__in=[WebhookEventStatus.UNKNOWN, WebhookEventStatus.FAILED],
            received_at__gte=now - EVENTS_SHOWN,
        )
        | Q(status=WebhookEventStatus.PENDING, received_at__lt=now - EVENT_LATE)
    ).order_by("-received_at", "-pk")
