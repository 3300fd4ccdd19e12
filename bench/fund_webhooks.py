"""Webhook-to-ledger throughput: signed Stripe events through POST /fund/webhooks/stripe/.

    python bench/fund_webhooks.py [--events 1000]

Each event is a `payment_intent.succeeded` for its own pending donation, signed with the real
scheme and verified by `stripe.Webhook.construct_event` on the raw body, recorded once
(WebhookEvent), then the payment re-fetched and posted (donation entry + fee entry, 4 legs, the
triggers on). The provider's fetch is answered from memory (no network: localstripe would
measure itself). Baselines in the same run: the same postings through
`payments.payment_reconcile` directly (no HTTP, no signature, no event row), and replays of
already-processed events (what a retry storm costs).
"""

import hashlib
import hmac
import json
import sys
import time

import _common as c

SECRET = "whsec_bench"


def sign(body: bytes) -> str:
    ts = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--events", type=int, default=1000, help="events per variant")
    p.add_argument(
        "--profile", type=int, default=20, help="events (of --events) whose statements are counted"
    )
    args = p.parse_args(argv)
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from commonweal.ledger.models import Entry
    from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
    from commonweal.microfund.models import Donation
    from commonweal.microfund.providers.base import PaymentFacts
    from commonweal.microfund.providers.stripe import StripeProvider
    from commonweal.microfund.services import payments
    from commonweal.tenants.services import community_create

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-hooks"))
    host = FiscalHost.objects.create(
        name="成都市锦江区慈善会", organisation_id="51510104MJ0000000X"
    )
    HostedCommunity.objects.create(host=host, community=community)
    account = ProviderAccount(host=host, provider="stripe", payment_methods=["card"])
    account.set_settings({"secret_key": "sk_test_bench", "webhook_secret": SECRET})
    account.save()
    settings.DEBUG = False

    facts: dict[str, PaymentFacts] = {}
    StripeProvider.fetch_payment = lambda self, payment_id: facts[payment_id]

    def pending(n: int, prefix: str) -> list[str]:
        connection.set_tenant(community)
        ids = []
        for i in range(n):
            donation = Donation.objects.create(amount=5000, method="card", provider="stripe")
            pid = f"pi_{prefix}{i}"
            facts[pid] = PaymentFacts(
                payment_id=pid,
                donation_ref=f"{community.schema_name}:{donation.token}",
                amount=5000,
                currency="CNY",
                succeeded=True,
                fee=170,
                fee_id=f"txn_{prefix}{i}",
            )
            ids.append(pid)
        connection.set_schema_to_public()
        return ids

    with c.step(f"creating {2 * args.events:,} pending donations…"):
        hook_ids, direct_ids = pending(args.events, "h"), pending(args.events, "d")
    bodies = [
        json.dumps(
            {
                "id": f"evt_{pid}",
                "object": "event",
                "type": "payment_intent.succeeded",
                "created": int(time.time()),
                "livemode": False,
                "data": {"object": {"id": pid, "object": "payment_intent"}},
            }
        ).encode()
        for pid in hook_ids
    ]
    client = Client()
    host_header = f"{community.slug}.localhost"

    def deliver_all(batch=None):
        for body in bodies if batch is None else batch:
            response = client.post(
                "/fund/webhooks/stripe/",
                body,
                content_type="application/json",
                HTTP_HOST=host_header,
                HTTP_STRIPE_SIGNATURE=sign(body),
            )
            assert response.status_code == 200, response.content

    profiled, bodies = bodies[: args.profile], bodies[args.profile :]
    with c.counted_statements() as per_kind:
        deliver_all(profiled)
    hooks, _ = c.timed(deliver_all)
    replays, _ = c.timed(deliver_all)

    def direct():
        connection.set_tenant(community)
        for pid in direct_ids:
            payments.payment_reconcile(community=community, facts=facts[pid])
        connection.set_schema_to_public()

    direct_ids = direct_ids[: len(bodies)]  # as many as the timed webhook events
    direct_s, _ = c.timed(direct)
    connection.set_tenant(community)
    posted = Entry.objects.count()
    # a donation and a fee entry per payment: every webhook event, and the direct baseline's
    assert posted == 2 * (args.events + len(direct_ids)), posted
    n = args.events - args.profile  # timed events (the profiled ones ran first, apart)
    c.console.print(
        c.table(
            f"SQL statements per signed webhook event ({args.profile} events, first run)",
            ["statement", "per event"],
            [
                [kind, f"{count / args.profile:.1f}"]
                for kind, count in sorted(per_kind.items(), key=lambda kv: -kv[1])
            ]
            + [["total", f"{sum(per_kind.values()) / args.profile:.1f}"]],
        )
    )
    c.console.print(
        c.table(
            f"Webhook → ledger, {n:,} events each (donation + fee entry per event)",
            ["variant", "seconds", "events/s", "ms/event"],
            [
                [
                    "signed webhook via HTTP (verify, dedupe, re-fetch, post)",
                    f"{hooks:.2f}",
                    f"{n / hooks:,.1f}",
                    f"{1000 * hooks / n:.1f}",
                ],
                [
                    "replay of the same events (verify, dedupe only)",
                    f"{replays:.2f}",
                    f"{n / replays:,.1f}",
                    f"{1000 * replays / n:.1f}",
                ],
                [
                    "payment_reconcile directly (baseline)",
                    f"{direct_s:.2f}",
                    f"{n / direct_s:,.1f}",
                    f"{1000 * direct_s / n:.1f}",
                ],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
