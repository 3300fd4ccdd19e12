"""Time bank: check-ins, redemptions under concurrency, and the exchange-balance page.

    python bench/timebank.py [--check-ins 300] [--clients 100] [--per-client 3] [--entries 100000]

- Check-ins/s: each volunteer opens the task's signed code (HMAC verified, window, sign-up,
  one CheckIn, one ServiceRecord, one ledger award of 2 legs) through `checkins.check_in`;
  baseline: the same number of bare `ledger.post` awards (no code, no records).
- Redemptions/s with `--clients` threads, each on its own connection: (a) all on ONE offer
  (its row lock serialises them), each client its own volunteer; (b) all on ONE balance (one
  volunteer, an offer per client: the wallet's lock serialises them). Baseline: the same
  number of redemptions from one thread.
- The office's 存取平衡 page (`/timebank/exchange/`) over `--entries` ledger entries (made in
  SQL: awards, holds, redemptions and returns over 12 months and 200 volunteers); baseline:
  one `count(*)` over the same legs.
"""

import sys
import threading
import time
from datetime import timedelta

import _common as c


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=None)
    p.add_argument("--check-ins", type=int, default=300)
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--per-client", type=int, default=3)
    p.add_argument("--entries", type=int, default=100_000)
    args = p.parse_args(argv)
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from commonweal.ledger import services as ledger
    from commonweal.ledger.models import PTS
    from commonweal.platform.accounts.models import User
    from commonweal.platform.accounts.services import membership_add
    from commonweal.platform.kernel.roles import Role
    from commonweal.tenants.services import community_create
    from commonweal.timebank import codes, points
    from commonweal.timebank.models import SignUp, Task, VolunteerProfile
    from commonweal.timebank.services import checkins, offers, redemptions, tasks

    c.describe_environment()
    c.prepare()
    settings.DEBUG = False
    community = community_create(**c.community_fields("bench-timebank"))
    staff = User.objects.create_user("staff@bench.cn", "x", display_name="社工")
    membership_add(community=community, user=staff, roles=[Role.STAFF])
    n = args.check_ins
    clients, per_client = args.clients, args.per_client

    def people(count, prefix):
        users = User.objects.bulk_create(
            User(email=f"{prefix}{i}@bench.cn", display_name=f"志愿者{i}") for i in range(count)
        )
        connection.set_tenant(community)
        VolunteerProfile.objects.bulk_create(VolunteerProfile(user=u) for u in users)
        connection.set_schema_to_public()
        return users

    with c.step(f"registering {n + clients + 1:,} volunteers…"):
        scanners = people(n, "scan")
        redeemers = people(clients, "red")
        (rich,) = people(1, "rich")
    connection.set_tenant(community)
    now = timezone.now()
    task = tasks.task_create(
        community=community,
        actor=staff,
        title="大观湖环境整治",
        place_name="大观湖",
        slots=n,
        hours="2",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=2),
        publish=True,
    )
    SignUp.objects.bulk_create(SignUp(task=task, volunteer=u, signed_up_at=now) for u in scanners)
    code = codes.issue(task, step_seconds=45)

    def scan_all():
        connection.set_tenant(community)
        for user in scanners:
            assert checkins.check_in(community=community, actor=user, code=code).credited

    scan_s, _ = c.timed(scan_all)

    baseline_task = Task.objects.create(
        title="基线",
        place_name="-",
        slots=1,
        points=50,
        hours=0,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        status="published",
        status_changed_at=now,
    )

    def bare_posts():
        from django.db import transaction

        connection.set_tenant(community)
        for user in scanners:
            with transaction.atomic():
                ledger.post(
                    kind="points_issued",
                    external_id=f"bench:{baseline_task.pk}:{user.pk}",
                    legs=[
                        (ledger.account("timebank:issued", kind="tb_issued", unit=PTS), -50),
                        (points.wallet(user.pk), 50),
                    ],
                )

    bare_s, _ = c.timed(bare_posts)

    # --- redemptions ------------------------------------------------------------------------
    partner = _partner(community, staff)
    connection.set_tenant(community)
    today = timezone.localdate()

    def offer(item, stock):
        return offers.offer_create(
            community=community,
            actor=staff,
            partnership_id=partner.pk,
            item=item,
            price=10,
            stock=stock,
            valid_from=today,
            valid_until=today + timedelta(days=30),
        )

    def fund(user, amount):
        from django.db import transaction

        with transaction.atomic():
            ledger.post(
                kind="points_issued",
                external_id=f"bench:fund:{user.pk}",
                legs=[
                    (ledger.account("timebank:issued", kind="tb_issued", unit=PTS), -amount),
                    (points.wallet(user.pk), amount),
                ],
            )

    for user in redeemers:
        fund(user, 10 * per_client)
    fund(rich, 10 * clients * per_client + 10 * clients * per_client)
    one_offer = offer("鲜牛奶一箱", clients * per_client)
    many_offers = [offer(f"兑换品{i}", per_client + 1) for i in range(clients)]
    solo_offer = offer("单线程基线", clients * per_client)
    connection.set_schema_to_public()

    def concurrent(work) -> float:
        # The clients' connections plus this one would pass the embedded server's 100: this
        # one is closed while they run (it reopens when next used).
        connection.close()
        barrier = threading.Barrier(clients + 1)
        failures = []

        def run(i):
            connection.set_tenant(community)
            barrier.wait()
            try:
                for _ in range(per_client):
                    work(i)
            except Exception as error:
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        assert not failures, failures[:3]
        return elapsed

    one_offer_s = concurrent(
        lambda i: redemptions.redeem(community=community, actor=redeemers[i], offer=one_offer)
    )
    one_balance_s = concurrent(
        lambda i: redemptions.redeem(community=community, actor=rich, offer=many_offers[i])
    )

    def sequential():
        connection.set_tenant(community)
        for _ in range(clients * per_client):
            redemptions.redeem(community=community, actor=rich, offer=solo_offer)

    sequential_s, _ = c.timed(sequential)
    connection.set_tenant(community)
    assert points.balance_of(rich.pk) == 0, points.balance_of(rich.pk)
    connection.set_schema_to_public()

    # --- the exchange-balance page at --entries entries ----------------------------------------
    with c.step(f"writing {args.entries:,} ledger entries in SQL…"):
        _entries(community, args.entries)
    client = Client()
    client.force_login(staff)
    host = f"{community.slug}.localhost"

    def page():
        response = client.get("/timebank/exchange/", HTTP_HOST=host)
        assert response.status_code == 200, response.status_code
        connection.set_schema_to_public()

    page()  # warm
    page_times = [c.timed(page)[0] for _ in range(5)]

    def count_legs():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{community.schema_name}".ledger_leg')
            return cursor.fetchone()[0]

    count_times = [c.timed(count_legs)[0] for _ in range(5)]
    legs = count_legs()
    m = clients * per_client
    c.console.print(
        c.table(
            "Time bank",
            ["measure", "n", "seconds", "per second", "ms each"],
            [
                [
                    "check-in (code verified, records, award posted)",
                    f"{n:,}",
                    f"{scan_s:.2f}",
                    f"{n / scan_s:,.1f}",
                    f"{1000 * scan_s / n:.1f}",
                ],
                [
                    "baseline: bare ledger.post award",
                    f"{n:,}",
                    f"{bare_s:.2f}",
                    f"{n / bare_s:,.1f}",
                    f"{1000 * bare_s / n:.1f}",
                ],
                [
                    f"redeem, {clients} clients, one offer",
                    f"{m:,}",
                    f"{one_offer_s:.2f}",
                    f"{m / one_offer_s:,.1f}",
                    f"{1000 * one_offer_s / m:.1f}",
                ],
                [
                    f"redeem, {clients} clients, one balance",
                    f"{m:,}",
                    f"{one_balance_s:.2f}",
                    f"{m / one_balance_s:,.1f}",
                    f"{1000 * one_balance_s / m:.1f}",
                ],
                [
                    "baseline: redeem from one thread",
                    f"{m:,}",
                    f"{sequential_s:.2f}",
                    f"{m / sequential_s:,.1f}",
                    f"{1000 * sequential_s / m:.1f}",
                ],
                [
                    f"存取平衡 page, {legs:,} legs (median of 5)",
                    "1",
                    f"{c.median(page_times):.3f}",
                    "",
                    f"{1000 * c.median(page_times):.0f}",
                ],
                [
                    "baseline: count(*) of the legs (median of 5)",
                    "1",
                    f"{c.median(count_times):.3f}",
                    "",
                    f"{1000 * c.median(count_times):.0f}",
                ],
            ],
        )
    )
    return 0


def _partner(community, staff):
    from django.db import connection, transaction

    from commonweal.partners.models import Partnership, PartnershipStatus
    from commonweal.partners.registry.models import PartnerOrganisation

    organisation = PartnerOrganisation.objects.create(
        kind="enterprise", legal_name="华西奶业", credit_code="91510100MA00000001"
    )
    connection.set_tenant(community)
    with transaction.atomic():
        partner = Partnership.objects.create(
            organisation=organisation,
            status=PartnershipStatus.ACTIVE,
            applied_at=staff.date_joined,
            status_changed_at=staff.date_joined,
        )
    connection.set_schema_to_public()
    return partner


def _entries(community, total: int) -> None:
    """`total` balanced entries over the last 12 months: awards (40%), holds (30%),
    redemptions (20%) and returns (10%) among 200 wallets, a held pool and 5 merchants."""
    from django.db import connection

    schema = community.schema_name
    # Written with the ledger's triggers off (replica mode, the bench's superuser may): with
    # them, one transaction of 100,000 entries spent over eight minutes in its deferred
    # balance checks at COMMIT and in re-updating the same two pool accounts' balance rows.
    # The rows are balanced by construction; the balances are then summed from the legs.
    sql = f"""
    SET search_path TO "{schema}", public;
    SET session_replication_role = replica;
    INSERT INTO ledger_account (code, name, kind, unit, balance, created_at)
    SELECT 'timebank:volunteer:bench' || g, 'v' || g, 'tb_wallet', 'PTS', 0, now()
      FROM generate_series(1, 200) g
    UNION ALL SELECT 'timebank:merchant:bench' || g, 'm' || g, 'tb_merchant', 'PTS', 0, now()
      FROM generate_series(1, 5) g
    ON CONFLICT (code) DO NOTHING;
    INSERT INTO ledger_account (code, name, kind, unit, balance, created_at)
    VALUES ('timebank:issued', 'i', 'tb_issued', 'PTS', 0, now()),
           ('timebank:held', 'h', 'tb_held', 'PTS', 0, now())
    ON CONFLICT (code) DO NOTHING;
    CREATE TEMP TABLE bench_entries AS
    SELECT g AS n,
           CASE WHEN g % 10 < 4 THEN 'points_issued' WHEN g % 10 < 7 THEN 'points_held'
                WHEN g % 10 < 9 THEN 'points_redeemed' ELSE 'points_returned' END AS kind,
           now() - (g % 365) * interval '1 day' AS at
      FROM generate_series(1, {total}) g;
    INSERT INTO ledger_entry (kind, external_id, memo, occurred_at, created_at)
    SELECT kind, 'bench:' || n, '', at, now() FROM bench_entries;
    INSERT INTO ledger_leg (entry_id, account_id, amount, unit)
    SELECT e.id, a.id, x.amount, 'PTS'
      FROM ledger_entry e
      JOIN bench_entries b ON e.external_id = 'bench:' || b.n
      CROSS JOIN LATERAL (VALUES
        (CASE b.kind WHEN 'points_issued' THEN 'timebank:issued'
                     WHEN 'points_held' THEN 'timebank:volunteer:bench' || (b.n % 200 + 1)
                     ELSE 'timebank:held' END, -10),
        (CASE b.kind WHEN 'points_issued' THEN 'timebank:volunteer:bench' || (b.n % 200 + 1)
                     WHEN 'points_held' THEN 'timebank:held'
                     WHEN 'points_redeemed' THEN 'timebank:merchant:bench' || (b.n % 5 + 1)
                     ELSE 'timebank:volunteer:bench' || (b.n % 200 + 1) END, 10)
      ) AS x(code, amount)
      JOIN ledger_account a ON a.code = x.code
     ORDER BY e.id, a.id;
    DROP TABLE bench_entries;
    UPDATE ledger_account a SET balance = s.total
      FROM (SELECT account_id, sum(amount) AS total FROM ledger_leg GROUP BY account_id) s
     WHERE a.id = s.account_id;
    SET session_replication_role = origin;
    SET search_path TO public;
    """
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    connection.set_schema_to_public()


if __name__ == "__main__":
    sys.exit(main())
