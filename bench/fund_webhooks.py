"""Webhook → ledger: signed Stripe events accepted, then posted by the drain job.

    python bench/fund_webhooks.py [--events 1000] [--http-events 6000] [--rates 250,500]

(`--http-events 0` runs the in-process part alone.)

Each event is a `payment_intent.succeeded` for its own pending donation, signed with the real
scheme. Receipt (POST /fund/webhooks/stripe/) verifies the signature on the raw body and stores
the event (one statement, which also wakes the drain job); the drain re-fetches the payment and
posts it (donation entry + fee entry, 4 legs, the triggers on). The provider's fetch is answered
from memory (no network: localstripe would measure itself).

In this process, with django.test.Client, side by side: receipt alone; replays; the drain of
what was received; receipt and drain in one go per event (what the request did before the
inbox: the old synchronous flow's cost); `payment_reconcile` directly (the posting alone).
Over HTTP against `uvicorn --workers 2` (as `commonweal serve` runs it, DEBUG off), sent by
wrk (`bench/webhook_wrk.lua`; a C client in its own process, so it takes little of the server's
CPU and none of its GIL; `apt-get install -y wrk`), each event once: (a) accepted events/s
with no worker running, leaving a backlog; (b) the backlog posted by two Procrastinate
workers (processes forked from this one, so they share the in-memory provider); (c) steady
offered rates (open loop) with the two workers posting, p50/p95 from receipt (`received_at`,
written by the web process) to posted (`processed_at`, the start of the posting
transaction), both on this machine's clock.
"""

import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common as c

SECRET = "whsec_bench"
ROOT = Path(__file__).resolve().parents[1]


def sign(body: bytes) -> str:
    ts = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def body_for(payment_id: str) -> bytes:
    return json.dumps(
        {
            "id": f"evt_{payment_id}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": {"id": payment_id, "object": "payment_intent"}},
        }
    ).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WRK_SCRIPT = Path(__file__).with_name("webhook_wrk.lua")


def need_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit(
            "the HTTP part sends with wrk (a C load generator, so the client does not take the "
            "server's CPU): install it (Debian: apt-get install -y wrk), or run with "
            "--http-events 0 for the in-process part alone"
        )
    return wrk


def cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process `pid` and its live descendants."""
    import psutil

    total = 0.0
    try:
        root = psutil.Process(pid)
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
    except psutil.NoSuchProcess:
        pass
    return total


def send(
    port: int,
    host: str,
    bodies: list[bytes],
    *,
    rate: float = 0,
    connections: int = 16,
    meter: dict[str, int] | None = None,
):
    """POST every body once with wrk (one thread, `connections` keep-alive connections), as
    fast as they go (`rate` 0: closed loop) or open loop at `rate` per second. Signed just
    before (Stripe's tolerance is 300 s). Returns wrk's summary: requests, non2xx, seconds
    (first request to last answer), latency percentiles (µs), behind_ms (the most an event
    was sent after its due time, open loop), socket errors; with `meter` (name → pid), the
    CPU seconds each process tree used meanwhile (cpu_<name>), and wrk's own (cpu_wrk)."""
    work = Path(tempfile.mkdtemp(prefix="bench-wrk-"))
    try:
        events, out = work / "events.tsv", work / "summary.json"
        events.write_bytes(b"".join(sign(body).encode() + b"\t" + body + b"\n" for body in bodies))
        env = {
            **os.environ,
            "BENCH_EVENTS": str(events),
            "BENCH_HOST": host,
            "BENCH_RATE": str(rate),
            "BENCH_OUT": str(out),
        }
        longest = 60 + len(bodies) / (rate or 50)
        command = [need_wrk(), "-t1", f"-c{min(connections, len(bodies))}", f"-d{longest:.0f}s"]
        command += ["--timeout", "30s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}/"]
        meter = meter or {}
        before = {name: cpu_seconds(pid) for name, pid in meter.items()}
        wrk = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        finished = Path(f"{out}.finished")
        deadline = time.monotonic() + longest
        while wrk.poll() is None and not finished.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        used = {f"cpu_{name}": cpu_seconds(pid) - before[name] for name, pid in meter.items()}
        wrk.send_signal(signal.SIGINT)  # its main thread sleeps out -d otherwise
        _, _, usage = os.wait4(wrk.pid, 0)
        wrk.returncode = 0
        summary = json.loads(out.read_text()) | used
        summary["cpu_wrk"] = usage.ru_utime + usage.ru_stime
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary["events"] = len(bodies)
    return summary


def start_server(port: int, workers: int, parser: str = "auto", loop: str = "auto"):
    # A pool of connections per process, as a deployment sets it (COMMONWEAL_DB_POOL).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COMMONWEAL_DB_POOL": "4"}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.webhook_server:application",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
        "--http",
        parser,
        "--loop",
        loop,
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start")


def start_workers(n: int) -> list[int]:
    """Fork `n` Procrastinate workers (the in-memory provider is inherited)."""
    from django.db import connections

    connections.close_all()
    pids = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            try:
                from procrastinate.contrib.django import app

                with app.replace_connector(app.connector.get_worker_connector()):
                    app.run_worker(queues=["microfund"], wait=True, install_signal_handlers=False)
            finally:
                os._exit(0)
        pids.append(pid)
    return pids


def stop(pids: list[int]) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def main(argv=None) -> int:
    p = c.parser(__doc__.splitlines()[0], communities=1)
    p.add_argument("--events", type=int, default=1000, help="events per in-process variant")
    p.add_argument("--http-events", type=int, default=6000, help="events of the HTTP flood")
    p.add_argument(
        "--connections", type=int, default=16, help="wrk's keep-alive connections (flood)"
    )
    p.add_argument(
        "--rate-connections",
        type=int,
        default=64,
        help="wrk's connections at a steady rate (enough that each waits for its next due time)",
    )
    p.add_argument(
        "--http", default="auto", help="uvicorn's --http (auto: httptools when installed; h11)"
    )
    p.add_argument(
        "--loop", default="auto", help="uvicorn's --loop (auto: uvloop when installed; asyncio)"
    )
    p.add_argument("--rates", default="250,500", help="steady offered rates, events/s")
    p.add_argument("--seconds", type=float, default=15, help="length of each steady run")
    p.add_argument("--profile", type=int, default=20, help="events whose statements are counted")
    p.add_argument(
        "--cprofile", type=int, default=25, help="functions of the receipts' profile shown"
    )
    p.add_argument(
        "--cprofile-drain",
        action="store_true",
        help="run the in-process drain under the profiler (its row is then the profiler's)",
    )
    args = p.parse_args(argv)
    if args.http_events:
        need_wrk()
    rates = [float(r) for r in args.rates.split(",")]
    c.boot(
        env={"DJANGO_SETTINGS_MODULE": "commonweal.platform.kernel.settings"},
        freeze=args.freeze_code,
    )

    import psutil
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from commonweal.ledger.models import Entry
    from commonweal.microfund import webhooks
    from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
    from commonweal.microfund.models import Donation, WebhookEvent
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
        made = Donation.objects.bulk_create(
            [Donation(amount=5000, method="card", provider="stripe") for _ in range(n)],
            batch_size=1000,
        )
        ids = []
        for i, donation in enumerate(made):
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

    steady_n = [int(rate * args.seconds) for rate in rates]
    with c.step("creating the pending donations…"):
        hook_ids, direct_ids = pending(args.events, "h"), pending(args.events, "d")
        sync_ids, warm_ids = pending(args.events, "s"), pending(1, "warm")
        profile_ids = pending(300 if args.cprofile else 0, "p")
        http_ids = pending(args.http_events, "w")
        steady_ids = [pending(n, f"r{k}_") for k, n in enumerate(steady_n)]
    client = Client()
    host_header = f"{community.slug}.localhost"
    cpu: dict[str, tuple[float, float]] = {}

    def timed(label, fn):
        """Wall seconds and result of `fn`; its CPU (this process's, and the PostgreSQL
        backend's from /proc) is kept under `label`: on a shared machine the wall time
        measures the neighbours, the CPU what the work itself costs."""
        pid, backend = c.server_cpu_seconds()
        own = time.process_time()
        seconds, result = c.timed(fn)
        own = time.process_time() - own
        pid_after, backend_after = c.server_cpu_seconds()
        cpu[label] = (own, backend_after - backend if pid_after == pid else float("nan"))
        return seconds, result

    def deliver_all(bodies, then_drain=False):
        for body in bodies:
            response = client.post(
                "/fund/webhooks/stripe/",
                body,
                content_type="application/json",
                HTTP_HOST=host_header,
                HTTP_STRIPE_SIGNATURE=sign(body),
            )
            assert response.status_code == 200, response.content
            if then_drain:
                connection.set_tenant(community)
                webhooks.drain(community)
                connection.set_schema_to_public()

    def drain_all() -> int:
        connection.set_tenant(community)
        handled = 0
        while done := webhooks.drain(community):
            handled += done
        connection.set_schema_to_public()
        return handled

    def clear_jobs():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM public.procrastinate_jobs")

    # --- in this process ---------------------------------------------------------------------
    bodies = [body_for(pid) for pid in hook_ids]
    profiled, bodies = bodies[: args.profile], bodies[args.profile :]
    n = len(bodies)
    with c.counted_statements() as per_receipt:
        deliver_all(profiled)
    receipt_s, _ = timed("receipt", lambda: deliver_all(bodies))
    if args.cprofile:
        # Where a receipt's time goes (300 more events, received under the profiler).
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: deliver_all([body_for(pid) for pid in profile_ids]))
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.cprofile)
        stats.sort_stats("cumulative").print_stats(args.cprofile)
        c.console.print(out.getvalue(), markup=False, highlight=False)
    replay_s, _ = timed("replay", lambda: deliver_all(bodies))
    with c.counted_statements() as per_posting:
        if args.cprofile_drain:
            drained: list = []
            c.profile(lambda: drained.append(timed("drain", drain_all)), 1, top=args.cprofile)
            drain_s, posted_in_process = drained[0]
        else:
            drain_s, posted_in_process = timed("drain", drain_all)
    clear_jobs()
    sync_s, _ = timed("sync", lambda: deliver_all([body_for(pid) for pid in sync_ids[:n]], True))
    clear_jobs()

    def direct():
        connection.set_tenant(community)
        for pid in direct_ids[:n]:
            payments.payment_reconcile(community=community, facts=facts[pid])
        connection.set_schema_to_public()

    direct_s, _ = timed("direct", direct)
    connection.set_tenant(community)
    connection.set_tenant(community)
    assert Entry.objects.count() == 2 * (args.events + 2 * n + len(profile_ids))
    connection.set_schema_to_public()

    # --- over HTTP ---------------------------------------------------------------------------
    if args.http_events:
        port = free_port()
        load_before = os.getloadavg()
        server = start_server(port, 2, args.http, args.loop)
        pids: list[int] = []
        try:
            http_host = f"{host_header}:{port}"
            # CPU over HTTP: uvicorn's processes, and the database server's (every backend;
            # the benchmark's own is idle meanwhile).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                postmaster = psutil.Process(cursor.fetchone()[0]).ppid()
            meter = {"web": server.pid, "db": postmaster}
            http_bodies = [body_for(pid) for pid in http_ids]
            # Warm both workers (each loads the URLconf and the GraphQL schema on its first
            # request, a second or so): one event, then its replays (stored once).
            send(port, http_host, [body_for(warm_ids[0])] * 64, connections=args.connections)
            flood = send(port, http_host, http_bodies, connections=args.connections, meter=meter)
            load_flood = os.getloadavg()
            connection.set_tenant(community)
            backlog = WebhookEvent.objects.filter(status="pending").count()
            connection.set_schema_to_public()

            # (b) two workers drain the backlog
            started = time.perf_counter()
            pids = start_workers(2)
            connection.set_tenant(community)
            while WebhookEvent.objects.filter(status="pending").exists():
                time.sleep(0.05)
                if time.perf_counter() - started > 600:
                    break
            drained_s = time.perf_counter() - started
            load_drain = os.getloadavg()
            failed_posting = WebhookEvent.objects.exclude(status="processed").count()
            connection.set_schema_to_public()

            # (c) steady offered rates, the two workers posting as events arrive
            steady = []
            for rate, ids in zip(rates, steady_ids, strict=True):
                sent = send(
                    port,
                    http_host,
                    [body_for(pid) for pid in ids],
                    rate=rate,
                    connections=args.rate_connections,
                    meter=meter,
                )
                connection.set_tenant(community)
                waited = time.perf_counter()
                while WebhookEvent.objects.filter(status="pending").exists():
                    time.sleep(0.05)
                    if time.perf_counter() - waited > 120:
                        break
                times = list(
                    WebhookEvent.objects.filter(event_id__in=[f"evt_{pid}" for pid in ids])
                    .exclude(processed_at=None)
                    .values_list("received_at", "processed_at")
                )
                connection.set_schema_to_public()
                delays = [(posted - received).total_seconds() for received, posted in times]
                steady.append((rate, sent, delays, os.getloadavg()))
        finally:
            stop(pids)
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)

    # --- figures -----------------------------------------------------------------------------
    def per_event(counts, events):
        rows = [
            [kind, f"{count / events:.2f}"]
            for kind, count in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
        return [*rows, ["total", f"{sum(counts.values()) / events:.2f}"]]

    c.console.print(
        c.table(
            f"SQL statements per accepted event (receipt, {args.profile} events)",
            ["statement", "per event"],
            per_event(per_receipt, args.profile),
        )
    )
    c.console.print(
        c.table(
            f"SQL statements per posted event (drain of {posted_in_process:,}, batches of "
            f"{webhooks.BATCH})",
            ["statement", "per event"],
            per_event(per_posting, posted_in_process),
        )
    )

    def rate_row(label, key, seconds, events):
        per_s, ms_each = events / seconds, 1000 * seconds / events
        own, backend = cpu[key]
        return [
            label,
            f"{seconds:.2f}",
            f"{per_s:,.1f}",
            f"{ms_each:.2f}",
            f"{1000 * own / events:.2f}",
            f"{1000 * backend / events:.2f}",
            f"{1000 * (own + backend) / events:.2f}",
        ]

    c.console.print(
        c.table(
            f"In this process (django.test.Client), {n:,} events each; CPU ms per event of "
            "this process (Python) and of its PostgreSQL backend",
            ["variant", "seconds", "events/s", "ms/event", "Python", "PostgreSQL", "CPU"],
            [
                rate_row("receipt: verify, store, wake (2xx)", "receipt", receipt_s, n),
                rate_row(
                    "replay of the same events (verify, insert nothing)", "replay", replay_s, n
                ),
                rate_row(
                    "drain: re-fetch, post (one process)", "drain", drain_s, posted_in_process
                ),
                rate_row("receipt + drain per event (the old synchronous cost)", "sync", sync_s, n),
                rate_row("payment_reconcile directly (baseline)", "direct", direct_s, n),
            ],
        )
    )
    c.console.print(
        f"receipt is {sync_s / receipt_s:.1f}× faster than receipt + drain in the request; "
        f"drain / direct posting: {(drain_s / posted_in_process) / (direct_s / n):.2f}"
    )

    def ms(values, q):
        return f"{1000 * c.percentile(values, q):.0f}" if values else "–"

    if args.http_events:

        def us(summary, key):
            return f"{summary[key] / 1000:.0f}"

        def others(summary):
            errors = sum(summary[k] for k in ("connect", "read", "write", "timeout"))
            return f"{summary['non2xx']}" + (f" (+{errors} socket errors)" if errors else "")

        c.console.print(
            c.table(
                f"Over HTTP: uvicorn --workers 2 --http {args.http} --loop {args.loop}; wrk, one "
                f"thread, {args.connections} keep-alive connections (load {load_before[0]:.1f} "
                "before)",
                ["run", "events", "seconds", "events/s", "p50 ms", "p95 ms", "non-2xx", "load"],
                [
                    [
                        "(a) accepted, no worker running",
                        f"{flood['events']:,}",
                        f"{flood['seconds']:.2f}",
                        f"{flood['events'] / flood['seconds']:,.0f}",
                        us(flood, "p50_us"),
                        us(flood, "p95_us"),
                        others(flood),
                        f"{load_flood[0]:.1f}",
                    ],
                    [
                        "(b) backlog posted by 2 workers",
                        f"{backlog:,}",
                        f"{drained_s:.2f}",
                        f"{backlog / drained_s:,.0f}",
                        "",
                        "",
                        str(failed_posting),
                        f"{load_drain[0]:.1f}",
                    ],
                ],
            )
        )

        def cpu_ms(summary):
            n = summary["events"]
            web, db, wrk = (1000 * summary[f"cpu_{k}"] / n for k in ("web", "db", "wrk"))
            return f"{web + db:.2f} ms ({web:.2f} uvicorn + {db:.2f} PostgreSQL; wrk {wrk:.2f})"

        c.console.print(f"(a) CPU per accepted event over HTTP: {cpu_ms(flood)}")
        for rate, sent, _delays, _load in steady:
            c.console.print(f"(c) {rate:.0f}/s: CPU per accepted event: {cpu_ms(sent)}")
        c.console.print(
            c.table(
                f"(c) Steady offered rate (wrk open loop, {args.rate_connections} connections), "
                "2 workers posting: receipt → posted",
                [
                    "offered/s",
                    "events",
                    "sent/s",
                    "most behind ms",
                    "HTTP p50 / p95 ms",
                    "non-2xx",
                    "posted",
                    "p50 ms",
                    "p95 ms",
                    "max ms",
                    "load",
                ],
                [
                    [
                        f"{rate:.0f}",
                        f"{sent['events']:,}",
                        f"{sent['events'] / sent['seconds']:,.0f}",
                        f"{sent['behind_ms']:.0f}",
                        f"{us(sent, 'p50_us')} / {us(sent, 'p95_us')}",
                        others(sent),
                        f"{len(delays):,}",
                        ms(delays, 50),
                        ms(delays, 95),
                        f"{1000 * max(delays):.0f}" if delays else "–",
                        f"{load[0]:.1f}",
                    ]
                    for rate, sent, delays, load in steady
                ],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
