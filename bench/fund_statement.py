"""Monthly public statement over 100,000 entries: seconds.

    python bench/fund_statement.py [--entries 100000] [--repeats 5]

Entries over 24 months in the shape of a real fund: donations (donors → fund or a project),
processor fees (fund → fees), grant commitments (fund → grant, internal: neither income nor
spending) and disbursements (grant → grantees), two legs each. Bulk-loaded with the triggers
off, balances set from the legs once. Ours: `selectors.monthly_statement()` (one SQL query
grouping legs per entry, then per month), plus the whole /fund/accounts/ page and the CSV
download of every leg. Baseline in the same run: the legs of held accounts fetched through the
ORM and summed per entry and month in Python.
"""

import sys
from collections import defaultdict

import _common as c


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--entries", type=int, default=100_000)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from commonweal.ledger import services as ledger
    from commonweal.ledger.models import Leg
    from commonweal.microfund import selectors
    from commonweal.tenants.services import community_create

    c.describe_environment()
    c.prepare()
    community = community_create(**c.community_fields("bench-stmt"))
    connection.set_tenant(community)
    schema = connection.schema_name
    accounts = {
        "fund": ledger.account("fund:general", kind="fund"),
        "project": ledger.account("campaign:x", kind="campaign"),
        "grant": ledger.account("grant:1", kind="committed"),
        "donors": ledger.account("external:donors", kind="external"),
        "fees": ledger.account("expense:processor_fees", kind="expense"),
        "grantees": ledger.account("external:grantees", kind="external"),
    }
    # kind, debit (−), credit (+) by entry number mod 10
    pattern = (
        [("donation", "donors", "fund")] * 4
        + [("donation", "donors", "project")] * 2
        + [
            ("processor_fee", "fund", "fees"),
            ("processor_fee", "fund", "fees"),
            ("grant_commitment", "fund", "grant"),
            ("grant_disbursement", "grant", "grantees"),
        ]
    )
    values = ",".join(
        f"({i}, '{kind}', {accounts[src].pk}, {accounts[dst].pk})"
        for i, (kind, src, dst) in enumerate(pattern)
    )
    with c.step(f"bulk loading {args.entries:,} entries over 24 months (triggers off)…"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                f'INSERT INTO "{schema}".ledger_entry (kind, external_id, memo, occurred_at,'
                f" created_at) SELECT p.kind, 'bench:' || g, '', now() - ((g %% 730) || ' days')"
                f"::interval, now() FROM generate_series(1, %s) g JOIN (VALUES {values})"
                " AS p(n, kind, src, dst) ON p.n = g %% 10",
                [args.entries],
            )
            cursor.execute(
                f'INSERT INTO "{schema}".ledger_leg (entry_id, account_id, amount, unit)'
                f" SELECT e.id, CASE WHEN s.sign < 0 THEN p.src ELSE p.dst END,"
                f" s.sign * (100 + e.id %% 5000), 'CNY' FROM \"{schema}\".ledger_entry e"
                f" JOIN (VALUES {values}) AS p(n, kind, src, dst) ON p.n = e.id %% 10"
                " CROSS JOIN (VALUES (-1), (1)) AS s(sign)",
                [],
            )
            cursor.execute(
                f'UPDATE "{schema}".ledger_account a SET balance = s.total FROM'
                f' (SELECT account_id, sum(amount) total FROM "{schema}".ledger_leg'
                " GROUP BY account_id) s WHERE s.account_id = a.id"
            )
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{schema}".ledger_leg')
            cursor.execute(f'VACUUM ANALYZE "{schema}".ledger_entry')

    def baseline():
        per_entry = defaultdict(int)
        month_of = {}
        for entry_id, occurred_at, amount in (
            Leg.objects.filter(account__kind__in=selectors.HELD_KINDS)
            .values_list("entry_id", "entry__occurred_at", "amount")
            .iterator(chunk_size=5000)
        ):
            per_entry[entry_id] += amount
            month_of[entry_id] = occurred_at.date().replace(day=1)
        months = defaultdict(lambda: [0, 0])
        for entry_id, amount in per_entry.items():
            months[month_of[entry_id]][0 if amount > 0 else 1] += abs(amount)
        return sorted((m, i, s) for m, (i, s) in months.items())

    ours = [(m.month, m.income, m.spending) for m in selectors.monthly_statement()]
    assert ours == baseline(), "statement differs from the baseline"
    settings.DEBUG = False
    client = Client()
    host = f"{community.slug}.localhost"

    def page():
        assert client.get("/fund/accounts/", HTTP_HOST=host).status_code == 200
        connection.set_tenant(community)

    def csv():
        assert client.get("/fund/accounts.csv", HTTP_HOST=host).status_code == 200
        connection.set_tenant(community)

    times = defaultdict(list)
    for _ in range(args.repeats):
        for name, fn in (
            ("ours", selectors.monthly_statement),
            ("baseline", baseline),
            ("page", page),
        ):
            times[name].append(c.timed(fn)[0])
    csv_s = c.timed(csv)[0]
    o, b = c.median(times["ours"]), c.median(times["baseline"])
    c.console.print(
        c.table(
            f"Monthly statement over {args.entries:,} entries ({len(ours)} months, median of "
            f"{args.repeats})",
            ["variant", "median", "ratio"],
            [
                ["selectors.monthly_statement (one SQL query)", c.fmt_s(o), "1×"],
                ["ORM legs summed in Python (baseline)", c.fmt_s(b), f"{b / o:,.1f}×"],
                ["/fund/accounts/ page, whole request", c.fmt_s(c.median(times["page"])), ""],
                [f"/fund/accounts.csv, all {2 * args.entries:,} legs (once)", c.fmt_s(csv_s), ""],
            ],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
