"""Random interleavings of payments, refunds and notices across WeChat Pay, Alipay and Stripe:
every entry balances, and every donation's net is what its provider holds."""

from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonweal.ledger.models import Leg
from commonweal.microfund.models import Donation
from commonweal.microfund.providers import provider_for
from commonweal.microfund.services import fund_accounts, refunds
from commonweal.microfund.tasks import submit_refund
from tests.microfund.fixtures import (
    deliver,
    event,
    paid_intent,
    refunds_at_stripe,
    run_deferred,
)
from tests.microfund.providers.fixtures import accepted

PROVIDERS = ("wechatpay", "alipay", "stripe")
plans = st.lists(
    st.tuples(
        st.sampled_from(PROVIDERS),
        st.integers(100, 20_000),  # amount
        st.integers(0, 100),  # refund, percent of the amount (0: none)
        st.integers(1, 3),  # deliveries of each notice
        st.booleans(),  # the refund's notice before the job records the provider's answer
    ),
    min_size=1,
    max_size=4,
)


class _Rollback(Exception):
    pass


def _events(plan, permutation_seed):
    events = []
    for i, (_provider, _amount, refund, deliveries, notice_first) in enumerate(plan):
        events.append(("pay", i))
        events += [("notify", i)] * deliveries
        if refund:
            events.append(("refund_ask", i))
            if notice_first:
                events.append(("refund_at_provider", i))
            events.append(("refund_job", i))
            events += [("refund_notice", i)] * deliveries
    return permutation_seed.shuffle(events) or events


class World:
    def __init__(self, community, donor, localstripe):
        self.community, self.donor, self.localstripe = community, donor, localstripe
        self.donations, self.done = {}, set()
        self.intents, self.refunds = {}, {}

    def ready(self, kind, i) -> bool:
        done = self.done
        return {
            "pay": True,
            "notify": ("pay", i) in done,
            "refund_ask": ("notify", i) in done,
            "refund_at_provider": ("refund_ask", i) in done,
            "refund_job": ("refund_ask", i) in done,
            "refund_notice": ("refund_at_provider", i) in done or ("refund_job", i) in done,
        }[kind]

    def run(self, plan, kind, i):
        provider, amount, refund_percent, _deliveries, _first = plan[i]
        connection.set_tenant(self.community)
        if kind == "pay":
            if provider == "stripe":
                donation = Donation.objects.create(amount=amount, method="card", provider="stripe")
                ref = f"{self.community.schema_name}:{donation.token}"
                self.intents[i] = paid_intent(self.localstripe, amount, ref)["id"]
            else:
                method = "wechat_pay" if provider == "wechatpay" else "alipay"
                donation, _ = self.donor.order(method, "desktop", amount=amount)
                self.donor.pay(donation)
            self.donations[i] = donation
        elif kind == "notify":
            donation = self.donations[i]
            if provider == "stripe":
                body = event("payment_intent.succeeded", {"id": self.intents[i]})
                assert deliver(self.donor.client, self.community, body).status_code == 200
            else:
                answer = self.donor.deliver(provider, self.donor.payment_notice(donation))
                assert accepted(answer)
        elif kind == "refund_ask":
            donation = Donation.objects.get(pk=self.donations[i].pk)
            amount_back = max(1, donation.amount * refund_percent // 100)
            self.refunds[i] = refunds.donation_refund(
                actor=None, community=self.community, donation=donation, amount=amount_back
            )
        elif kind == "refund_at_provider":
            refund = self.refunds[i]
            donation = Donation.objects.get(pk=refund.donation_id)
            provider_for(self.community, provider).refund(
                donation.payment_id,
                refund.amount,
                idempotency_key=refunds.refund_reference(self.community, refund),
            )
        elif kind == "refund_job":
            run_deferred(submit_refund, self.community)
        elif kind == "refund_notice":
            donation = Donation.objects.get(pk=self.donations[i].pk)
            reference = refunds.refund_reference(self.community, self.refunds[i])
            if provider == "stripe":
                body = event("charge.refunded", {"id": "ch", "payment_intent": donation.payment_id})
                assert deliver(self.donor.client, self.community, body).status_code == 200
            else:
                answer = self.donor.deliver(provider, self.donor.refund_notice(donation, reference))
                assert accepted(answer)
        self.done.add((kind, i))

    def held_by_provider(self, i) -> int:
        provider = self.plan[i][0]
        donation = self.donations[i]
        if provider == "stripe":
            return donation.amount - sum(
                a for a, _ref in refunds_at_stripe(self.localstripe, self.intents[i])
            )
        server = self.donor.servers[provider]
        if provider == "wechatpay":
            order = server.orders[donation.token]
            return order.total - sum(
                r["amount"]["refund"] for r in order.refunds if r["status"] == "SUCCESS"
            )
        trade = server.trades[donation.token]
        return trade.total - trade.refunded


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans, order=st.randoms(use_true_random=False))
def test_any_interleaving_balances_and_matches_the_providers(
    donor, order_fund, localstripe, plan, order
):
    from tests.microfund.fixtures import host_community

    connection.set_schema_to_public()
    host_community(order_fund, api_base=localstripe, methods=("card",))
    connection.set_tenant(order_fund)
    for server in donor.servers.values():
        server.reset()
    world = World(order_fund, donor, localstripe)
    world.plan = plan
    queue = _events(plan, order)
    try:
        with transaction.atomic():
            while queue:
                index = next(n for n, (kind, i) in enumerate(queue) if world.ready(kind, i))
                world.run(plan, *queue.pop(index))
            connection.set_tenant(order_fund)
            # every entry's legs sum to zero
            unbalanced = (
                Leg.objects.values("entry_id").annotate(total=Sum("amount")).exclude(total=0)
            )
            assert list(unbalanced) == []
            # every donation's net is what its provider holds, and the fund holds their sum
            nets = []
            for i in world.donations:
                donation = Donation.objects.get(pk=world.donations[i].pk)
                assert donation.net_paid == world.held_by_provider(i), (plan[i], donation.status)
                nets.append(donation.net_paid)
            assert fund_accounts.fund_account().balance == sum(nets) - sum(
                Donation.objects.values_list("fee", flat=True)
            )
            raise _Rollback
    except _Rollback:
        pass
