"""Notifications → ledger for each provider, in one run: WeChat Pay, Alipay and Stripe.

    python bench/fund_notifications.py [--events 500]

Each event is the payment notice of its own pending ¥50 donation, POSTed to the community's
endpoint with the provider's real scheme: WeChat Pay's RSA-SHA256 signature by the platform
certificate and its resource encrypted with AES-256-GCM (verified and decrypted by
`wechatpayv3`), Alipay's RSA2 form signature (verified by `python-alipay-sdk`), Stripe's
HMAC-signed event (verified by `stripe`, the payment then re-fetched: answered from memory, as
in fund_webhooks.py). Notices are signed before the clock starts: signing is the provider's
work. A second pass replays every notice (verify, dedupe, answer).
"""

import sys
import time

import _common as c


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--events", type=int, default=500, help="events per provider")
    args = p.parse_args(argv)
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    import hashlib
    import hmac
    import json

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from commonweal.ledger.models import Entry
    from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
    from commonweal.microfund.models import Donation
    from commonweal.microfund.providers.base import PaymentFacts
    from commonweal.microfund.providers.stripe import StripeProvider
    from commonweal.tenants.services import community_create
    from tests.microfund.providers.alipay_server import AlipayServer
    from tests.microfund.providers.wechatpay_server import WeChatPayServer

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-notices"))
    host = FiscalHost.objects.create(
        name="成都市锦江区慈善会", organisation_id="51510104MJ0000000X"
    )
    HostedCommunity.objects.create(host=host, community=community)
    wechat, alipay = WeChatPayServer(), AlipayServer()
    secret = "whsec_bench"
    for name, stored, methods in (
        ("wechatpay", wechat.settings(), ["wechat_pay"]),
        ("alipay", alipay.settings(), ["alipay"]),
        ("stripe", {"secret_key": "sk_test_bench", "webhook_secret": secret}, ["card"]),
    ):
        account = ProviderAccount(host=host, provider=name, payment_methods=methods)
        account.set_settings(stored)
        account.save()
    settings.DEBUG = False
    facts: dict[str, PaymentFacts] = {}
    StripeProvider.fetch_payment = lambda self, payment_id: facts[payment_id]
    beijing = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600))
    alipay_time = beijing[:19].replace("T", " ")

    def notices(provider: str) -> list[tuple[dict, bytes, str]]:
        """(headers, body, content type) of one payment notice per new pending donation."""
        connection.set_tenant(community)
        made = []
        for i in range(args.events):
            donation = Donation.objects.create(
                amount=5000, method={"stripe": "card"}.get(provider, provider), provider=provider
            )
            donation.checkout_id = donation.token
            donation.save(update_fields=["checkout_id"])
            if provider == "wechatpay":
                resource = {
                    "mchid": wechat.mchid,
                    "appid": wechat.appid,
                    "out_trade_no": donation.token,
                    "transaction_id": f"42000{i:023d}",
                    "trade_state": "SUCCESS",
                    "success_time": beijing,
                    "attach": f"{community.schema_name}:{donation.token}",
                    "amount": {"total": 5000, "currency": "CNY"},
                }
                headers, body = wechat.notice("TRANSACTION.SUCCESS", "transaction", resource)
                made.append((headers, body, "application/json"))
            elif provider == "alipay":
                body = alipay.notice(
                    {
                        "notify_type": "trade_status_sync",
                        "notify_id": f"n{i}",
                        "app_id": alipay.app_id,
                        "trade_no": f"2026{i:024d}",
                        "out_trade_no": donation.token,
                        "trade_status": "TRADE_SUCCESS",
                        "total_amount": "50.00",
                        "gmt_payment": alipay_time,
                    }
                )
                made.append(({}, body, "application/x-www-form-urlencoded"))
            else:
                pid = f"pi_bench{i}"
                facts[pid] = PaymentFacts(
                    payment_id=pid,
                    donation_ref=f"{community.schema_name}:{donation.token}",
                    amount=5000,
                    currency="CNY",
                    succeeded=True,
                    fee=170,
                    fee_id=f"txn_bench{i}",
                )
                body = json.dumps(
                    {
                        "id": f"evt_{pid}",
                        "object": "event",
                        "type": "payment_intent.succeeded",
                        "data": {"object": {"id": pid, "object": "payment_intent"}},
                    }
                ).encode()
                made.append(({}, body, "application/json"))
        connection.set_schema_to_public()
        return made

    def stripe_signature(body: bytes) -> str:
        ts = int(time.time())
        digest = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
        return f"t={ts},v1={digest}"

    client = Client()
    host_header = f"{community.slug}.localhost"
    paths = {
        "wechatpay": "/fund/notices/wechatpay/",
        "alipay": "/fund/notices/alipay/",
        "stripe": "/fund/webhooks/stripe/",
    }
    rows = []
    for provider in ("wechatpay", "alipay", "stripe"):
        with c.step(f"signing {args.events:,} {provider} notices…"):
            made = notices(provider)

        def deliver_all(provider=provider, made=made):
            for headers, body, content_type in made:
                extra = (
                    {"HTTP_STRIPE_SIGNATURE": stripe_signature(body)}
                    if provider == "stripe"
                    else {}
                )
                response = client.post(
                    paths[provider],
                    body,
                    content_type=content_type,
                    headers=headers,
                    HTTP_HOST=host_header,
                    **extra,
                )
                assert response.status_code in (200, 204), response.content
                assert response.content in (b"", b"success", b"ok", b"replay"), response.content

        first, _ = c.timed(deliver_all)
        again, _ = c.timed(deliver_all)
        n = args.events
        rows.append(
            [
                provider,
                "first delivery (verify, decrypt, dedupe, post)",
                f"{first:.2f}",
                f"{n / first:,.1f}",
                f"{1000 * first / n:.1f}",
            ]
        )
        rows.append(
            [
                provider,
                "replay (verify, decrypt, dedupe)",
                f"{again:.2f}",
                f"{n / again:,.1f}",
                f"{1000 * again / n:.1f}",
            ]
        )
    connection.set_tenant(community)
    posted = Entry.objects.count()
    # one entry per WeChat and Alipay payment; a donation and a fee entry per Stripe payment
    assert posted == 4 * args.events, posted
    wechat.close()
    alipay.close()
    c.console.print(
        c.table(
            f"Notifications → ledger, {args.events:,} payment notices per provider",
            ["provider", "variant", "seconds", "events/s", "ms/event"],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
