"""Reads of the partner programme, scoped to who asks."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.partners.error_codes import PartnerErrorCode, not_found
from commonweal.partners.models import (
    Fulfilment,
    PartnerCall,
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    ResourceCommitment,
    ServiceRating,
)
from commonweal.partners.registry.models import OrganisationKind, PartnershipListing
from commonweal.partners.registry.selectors import (
    access_representative,
    organisations_represented_by,
)
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role
from commonweal.welfaremap.selectors import listed_points

S = PartnershipStatus


def _rating_stats():
    ratings = (
        ServiceRating.objects.filter(partnership=OuterRef("pk")).order_by().values("partnership")
    )
    return {
        "average_rating": Subquery(ratings.annotate(a=Avg("score")).values("a")[:1]),
        "rating_count": Subquery(ratings.annotate(c=Count("pk")).values("c")[:1]),
    }


def with_ratings(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Adds `average_rating` and `rating_count` (two subqueries, no N+1)."""
    return queryset.annotate(**_rating_stats())


def directory(*, kind: str | None = None, tier: str | None = None) -> QuerySet[Partnership]:
    """Active partners: what the public sees."""
    queryset = (
        Partnership.objects.filter(status=S.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__legal_name", "pk")
    )
    if kind:
        queryset = queryset.filter(organisation__kind=kind)
    if tier:
        queryset = queryset.filter(tier=tier)
    return queryset


def listed_service_points() -> Prefetch:
    """A partner's service points as the public sees them: the welfare map's rule."""
    return Prefetch("service_points", queryset=listed_points())


def partnerships_for(roles, *, status: str | None = None) -> QuerySet[Partnership]:
    """Every partnership, applications included: the office's view."""
    if not roles & OFFICE_ROLES:
        return Partnership.objects.none()
    queryset = Partnership.objects.select_related("organisation")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-status_changed_at", "-pk")


def calls_for(roles) -> QuerySet[PartnerCall]:
    queryset = PartnerCall.objects.all()
    if not roles & OFFICE_ROLES:
        queryset = queryset.filter(published_at__isnull=False)
    return queryset.order_by("-deadline", "-pk")


def open_calls(today: date | None = None) -> QuerySet[PartnerCall]:
    """Published calls still taking applications: the ones the directory page invites to."""
    return calls_for(frozenset()).filter(
        closed_at__isnull=True, deadline__gte=today or timezone.localdate()
    )


def listings_of(organisation) -> QuerySet[PartnershipListing]:
    return (
        PartnershipListing.objects.filter(organisation=organisation)
        .select_related("community")
        .order_by("community__name")
    )


def period_figures(partnership, start: date, end: date) -> dict:
    commitments = ResourceCommitment.objects.filter(
        partnership=partnership, due_on__gte=start, due_on__lte=end
    ).aggregate(due=Count("pk"), kept=Count("pk", filter=Q(delivered_quantity__gte=F("quantity"))))
    services = Fulfilment.objects.filter(
        partnership=partnership, delivered_on__gte=start, delivered_on__lte=end
    ).count()
    rating = ServiceRating.objects.filter(
        partnership=partnership,
        fulfilment__delivered_on__gte=start,
        fulfilment__delivered_on__lte=end,
    ).aggregate(a=Avg("score"))["a"]
    return {
        "commitments_due": commitments["due"],
        "commitments_kept": commitments["kept"],
        "services_delivered": services,
        "average_rating": round(rating, 2) if rating is not None else None,
    }


# --- the staff dashboard ------------------------------------------------------------------


def _month_starts(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def growth_by_kind(today: date | None = None) -> dict:
    """Active partners per kind at the end of each month, replayed from the transitions.

    Returns {"months": [date…], "series": {kind: [count…]}, "totals": [count…]}.
    """
    today = today or timezone.localdate()
    rows = list(
        PartnershipTransition.objects.order_by("at", "pk").values_list(
            "partnership_id", "to_status", "at", "partnership__organisation__kind"
        )
    )
    if not rows:
        return {"months": [], "series": {}, "totals": []}
    first_active = next((at for _pk, status, at, _kind in rows if status == S.ACTIVE), None)
    if first_active is None:
        return {"months": [], "series": {}, "totals": []}
    months = _month_starts(timezone.localtime(first_active).date(), today)
    state: dict[int, tuple[str, str]] = {}
    series = {k.value: [] for k in OrganisationKind}
    totals, index = [], 0
    for month in months:
        month_end = (month + timedelta(days=32)).replace(day=1)
        while index < len(rows) and timezone.localtime(rows[index][2]).date() < month_end:
            pk, status, _at, kind = rows[index]
            state[pk] = (status, kind)
            index += 1
        counts = Counter(kind for status, kind in state.values() if status == S.ACTIVE)
        for kind in series:
            series[kind].append(counts.get(kind, 0))
        totals.append(sum(counts.values()))
    return {"months": months, "series": series, "totals": totals}


def status_counts() -> dict[str, int]:
    counts = dict(Partnership.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {s.value: counts.get(s.value, 0) for s in S}


def _open_commitments():
    return (
        ResourceCommitment.objects.filter(
            partnership__status=S.ACTIVE,
            due_on__isnull=False,
            delivered_quantity__lt=F("quantity"),
        )
        .select_related("partnership__organisation")
        .order_by("due_on", "pk")
    )


def overdue_commitments(today: date | None = None) -> QuerySet[ResourceCommitment]:
    """Commitments of active partners past their due date and not yet delivered in full."""
    return _open_commitments().filter(due_on__lt=today or timezone.localdate())


def commitments_due(today: date | None = None, *, within_days: int = 30):
    """Open commitments of active partners due within `within_days`, and the overdue ones."""
    today = today or timezone.localdate()
    open_ = _open_commitments()
    return {
        "overdue": list(open_.filter(due_on__lt=today)),
        "due": list(open_.filter(due_on__gte=today, due_on__lte=today + timedelta(within_days))),
    }


def services_this_month(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    fulfilments = Fulfilment.objects.filter(delivered_on__gte=today.replace(day=1))
    figures = fulfilments.aggregate(count=Count("pk"), quantity=Sum("quantity"))
    figures["partners"] = fulfilments.values("partnership").distinct().count()
    return figures


def services_received_by(user) -> QuerySet[Fulfilment]:
    """Deliveries to `user` in this community, newest first (what they may rate)."""
    return Fulfilment.objects.filter(recipient=user).order_by("-delivered_on", "-pk")


# --- access: fetch and authorise in one step; missing and forbidden look the same ---------

# Statuses the public sees.
PUBLIC_STATUSES = frozenset({S.ACTIVE})


def access_partnership(*, actor, partnership_id, public_only=False) -> Partnership:
    """A partnership of this community (every one for the office, whose role the caller
    checked; active ones only with `public_only`)."""
    queryset = Partnership.objects.select_related("organisation")
    if public_only:
        queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    partnership = queryset.filter(pk=partnership_id).first()
    if partnership is None:
        raise not_found()
    return partnership


def access_partner_representative(*, actor, representative_id):
    """A representative of an organisation that has a partnership with this community."""
    return access_representative(
        actor=actor,
        representative_id=representative_id,
        organisations=Partnership.objects.values("organisation_id"),
    )


def access_call(*, actor, call_id, published_only=False) -> PartnerCall:
    queryset = PartnerCall.objects.all()
    if published_only:
        queryset = queryset.filter(published_at__isnull=False)
    call = queryset.filter(pk=call_id).first()
    if call is None:
        raise not_found()
    return call


def access_open_call(call_id) -> PartnerCall:
    """A published call that still takes applications."""
    call = PartnerCall.objects.filter(pk=call_id, published_at__isnull=False).first()
    if call is None:
        raise not_found()
    if call.closed_at is not None:
        raise DomainError(
            PartnerErrorCode.CALL_CLOSED, _("The office closed this call."), field="callId"
        )
    if call.deadline < timezone.localdate():
        raise DomainError(
            PartnerErrorCode.CALL_CLOSED, _("This call closed on its deadline."), field="callId"
        )
    return call


def access_recipient(*, actor, community, membership_id):
    """The user of a membership of `community`; other communities' members are not found."""
    from commonweal.platform.accounts.models import Membership

    membership = (
        Membership.objects.select_related("user")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if membership is None:
        raise not_found()
    return membership.user


def access_partnership_to_act_for(*, actor, partnership_id, roles) -> Partnership:
    """A partnership `actor` may act for: any, for office roles; a representative's own
    organisation's only. Another's reads as not found."""
    partnership = access_partnership(actor=actor, partnership_id=partnership_id)
    if roles & OFFICE_ROLES:
        return partnership
    if Role.PARTNER_REPRESENTATIVE in roles and (
        organisations_represented_by(actor).filter(pk=partnership.organisation_id).exists()
    ):
        return partnership
    raise not_found()
