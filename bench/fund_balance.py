"""Balance of an account with 1,000,000 legs: the running balance vs summing the legs.

    python bench/fund_balance.py [--legs 1000000] [--reads 20] [--sample 20000]

The ledger keeps `Account.balance` in step with the legs by an AFTER INSERT trigger (same
transaction, account row locked). Reading it is one indexed row; the baseline sums the legs
(`SELECT sum(amount) … WHERE account_id = …`, index on account_id). The 1M legs are bulk
loaded with the ledger's triggers off (session_replication_role = replica), then the balance is
set once from the sum and checked equal; the write cost of the triggers is measured apart on
`--sample` entries, inserted with and without them, side by side.
"""

import sys
import time

import _common as c


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--legs", type=int, default=1_000_000, help="legs on the hot account")
    p.add_argument("--reads", type=int, default=20, help="timed reads of each kind")
    p.add_argument("--sample", type=int, default=20_000, help="entries for the write cost")
    args = p.parse_args(argv)
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    from django.db import connection, transaction

    from commonweal.ledger import services as ledger
    from commonweal.tenants.services import community_create

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-fund"))
    connection.set_tenant(community)
    schema = connection.schema_name
    hot = ledger.account("fund:general", kind="fund")
    other = ledger.account("external:donors", kind="external")
    entries = args.legs

    with c.step(f"bulk loading {entries:,} entries / {2 * entries:,} legs (triggers off)…"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                f'INSERT INTO "{schema}".ledger_entry (kind, external_id, memo, occurred_at,'
                " created_at) SELECT 'donation', 'bench:' || g, '', now() - (g || ' minutes')"
                "::interval, now() FROM generate_series(1, %s) g",
                [entries],
            )
            cursor.execute(
                f'INSERT INTO "{schema}".ledger_leg (entry_id, account_id, amount, unit)'
                f" SELECT e.id, a.account_id, a.sign * (1 + e.id %% 10000), 'CNY'"
                f' FROM "{schema}".ledger_entry e'
                " CROSS JOIN (VALUES (%s, 1), (%s, -1)) AS a(account_id, sign)",
                [hot.pk, other.pk],
            )
            cursor.execute(
                f'UPDATE "{schema}".ledger_account a SET balance = s.total FROM'
                f' (SELECT account_id, sum(amount) total FROM "{schema}".ledger_leg'
                " GROUP BY account_id) s WHERE s.account_id = a.id"
            )
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{schema}".ledger_leg')
            cursor.execute(f'VACUUM ANALYZE "{schema}".ledger_account')

    def running():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT balance FROM "{schema}".ledger_account WHERE id = %s', [hot.pk])
            return cursor.fetchone()[0]

    def summed():
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT sum(amount) FROM "{schema}".ledger_leg WHERE account_id = %s',
                [hot.pk],
            )
            return cursor.fetchone()[0]

    assert running() == summed(), "running balance differs from the sum of legs"
    reads = {"running balance": [], "sum of legs": []}
    for _ in range(args.reads):  # interleaved, so noise falls on both
        for name, fn in (("running balance", running), ("sum of legs", summed)):
            seconds, _value = c.timed(fn)
            reads[name].append(seconds)
    r, s = c.median(reads["running balance"]), c.median(reads["sum of legs"])

    # Write cost of the triggers: `sample` two-leg entries through ledger.post, with and without.
    def post_batch(prefix: str, triggers: bool) -> float:
        start = time.perf_counter()
        with transaction.atomic():
            if not triggers:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for i in range(args.sample):
                ledger.post(
                    kind="donation", external_id=f"{prefix}{i}", legs=[(hot, 100), (other, -100)]
                )
        return time.perf_counter() - start

    half = args.sample
    with_triggers = post_batch("w", True)
    without = post_batch("n", False)

    c.console.print(
        c.table(
            f"Balance of an account with {entries:,} legs (median of {args.reads} reads)",
            ["read", "median", "p95", "ratio"],
            [
                [
                    "running balance (Account.balance)",
                    c.fmt_s(r),
                    c.fmt_s(c.percentile(reads["running balance"], 95)),
                    "1×",
                ],
                [
                    "sum of legs (baseline)",
                    c.fmt_s(s),
                    c.fmt_s(c.percentile(reads["sum of legs"], 95)),
                    f"{s / r:,.1f}×",
                ],
            ],
        )
    )
    c.console.print(
        c.table(
            f"Write cost of the ledger triggers ({half:,} entries via ledger.post)",
            ["variant", "seconds", "entries/s"],
            [
                [
                    "with triggers (balance + deferred checks)",
                    f"{with_triggers:.2f}",
                    f"{half / with_triggers:,.0f}",
                ],
                ["triggers off (baseline)", f"{without:.2f}", f"{half / without:,.0f}"],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
