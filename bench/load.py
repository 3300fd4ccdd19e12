"""Load on loopback: simulated people browsing, searching, signing in and recording offline
donations against `commonweal serve --workers 2`, for a fixed time. Figures, not pass/fail.

    python bench/load.py [--users 50] [--seconds 300] [--url http://127.0.0.1:8000]

Without `--url` it starts `commonweal serve --workers 2 --no-worker` on a throwaway embedded
PostgreSQL (migrations and the demo communities first, a few minutes) and stops it after.
Each simulated person is a thread with its own cookies; they pick actions at random with the
weights below and pause 0.2–1 s between them, as people on phones do. Every answer other than
the expected status is an error and is printed. The baseline, measured in the same run under
the same load, is `/healthz` (no database, no templates): each endpoint's p95 is also given as
a multiple of it.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonweal.tenants.demo_data import DEMO_COMMUNITIES, demo_password  # noqa: E402

SEARCH_TERMS = ["食堂", "维修", "养老", "shitang", "志愿", "社区", "枫树", "gjk"]
PAGES = ["/", "/partners/", "/map/", "/fund/", "/fund/accounts/", "/needs/", "/timebank/"]
# (action, weight): most people look; fewer search; a few sign in; the office records cash.
ACTIONS = [("browse", 55), ("search", 20), ("sign_in", 15), ("offline_donation", 10)]
OFFLINE_DONATION = """mutation($input: OfflineDonationInput!) {
  recordOfflineDonation(input: $input) { donation { amount } errors { code } } }"""


class Person:
    def __init__(self, base: str, community: dict, port: str, number: int):
        self.base = base
        self.community = community
        self.host = f"{community['slug']}.localhost:{port}"
        self.number = number
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.signed_in = False

    def request(self, path, *, data=None, headers=None, host=None):
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={"Host": host or self.host, "Accept-Language": "zh-CN", **(headers or {})},
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as refused:
            body, status = refused.read(), refused.code
        return status, body, time.perf_counter() - started

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def sign_in(self, record):
        status, body, took = self.request("/login/")
        record("GET /login/", status, took, 200)
        form = {
            "username": self.community["admin_email"],
            "password": demo_password(self.community["slug"]),
            "csrfmiddlewaretoken": self.csrf(),
        }
        status, body, took = self.request(
            "/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        # redirects are followed: the home page after a successful sign-in
        record("POST /login/", status, took, 200)
        self.signed_in = status == 200 and b'name="password"' not in body

    def act(self, action, record):
        if action == "browse":
            path = random.choice(PAGES)
            status, _, took = self.request(path)
            record(f"GET {path}", status, took, 200)
        elif action == "search":
            term = urllib.parse.quote(random.choice(SEARCH_TERMS))
            status, _, took = self.request(f"/search/?q={term}", host=self.host.split(".", 1)[1])
            record("GET /search/ (platform)", status, took, 200)
        elif action == "sign_in":
            self.jar.clear()
            self.sign_in(record)
        else:
            if not self.signed_in:
                self.sign_in(record)
            receipt = f"LOAD-{self.number}-{time.monotonic_ns()}"
            variables = {
                "input": {
                    "amount": random.randint(1, 500) * 100,
                    "method": "cash",
                    "evidence": "募捐箱开箱记录",
                    "receiptNumber": receipt,
                }
            }
            status, body, took = self.request(
                "/graphql/",
                data=json.dumps({"query": OFFLINE_DONATION, "variables": variables}).encode(),
                headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
            )
            answer = json.loads(body or b"{}")
            recorded = (answer.get("data") or {}).get("recordOfflineDonation") or {}
            ok = status == 200 and recorded.get("errors") == []
            record("POST /graphql/ recordOfflineDonation", 200 if ok else status, took, 200)


def run_load(base: str, port: str, users: int, seconds: float) -> dict:
    timings: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def record(endpoint, status, took, expected):
        with lock:
            timings[endpoint].append(took)
            if status != expected:
                failures[endpoint] += 1
                errors.append(f"{endpoint}: HTTP {status}")

    def life(number):
        person = Person(base, DEMO_COMMUNITIES[number % 2], port, number)
        names, weights = zip(*ACTIONS, strict=True)
        while time.monotonic() < stop_at:
            person.act(random.choices(names, weights)[0], record)
            status, _, took = person.request("/healthz", host=f"localhost:{port}")
            record("GET /healthz (baseline)", status, took, 200)
            time.sleep(random.uniform(0.2, 1.0))

    threads = [threading.Thread(target=life, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    shown = 0
    while any(t.is_alive() for t in threads):
        time.sleep(5)
        done = sum(len(v) for v in timings.values())
        left = max(0, stop_at - time.monotonic())
        print(f"  {done:>7} requests, {len(errors)} errors, {left:4.0f} s left", flush=True)
        while shown < len(errors) and shown < 20:
            print("   ", errors[shown])
            shown += 1
    return {"timings": timings, "failures": failures, "errors": errors}


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(result, seconds):
    timings = result["timings"]
    if not timings:
        print("\nno request was answered")
        return
    baseline = _percentile(timings.get("GET /healthz (baseline)") or [float("nan")], 0.95)
    print(f"\n{'endpoint':<42}{'n':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'× base':>8}")
    for endpoint in sorted(timings):
        values = timings[endpoint]
        p95 = _percentile(values, 0.95)
        print(
            f"{endpoint:<42}{len(values):>7}{result['failures'].get(endpoint, 0):>8}"
            f"{statistics.median(values) * 1000:>9.1f}{p95 * 1000:>9.1f}{p95 / baseline:>8.1f}"
        )
    total = sum(len(v) for v in timings.values())
    print(
        f"\n{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), "
        f"{len(result['errors'])} errors"
    )


def _start_server(port: int):
    data = Path(tempfile.mkdtemp(prefix="commonweal-load-"))
    env = {**os.environ, "COMMONWEAL_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    env.pop("COMMONWEAL_EMBEDDED_DB", None)
    command = [
        sys.executable,
        "-m",
        "commonweal.platform.root.cli",
        "serve",
        "--workers",
        "2",
        "--no-worker",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    print("starting commonweal serve --workers 2 (migrations and demo data first) …", flush=True)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return server, data
        except (urllib.error.URLError, ConnectionError):
            pass
        if server.poll() is not None:
            raise SystemExit("the server exited before it was ready")
        time.sleep(2)
    raise SystemExit("the server was not ready after 15 minutes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--seconds", type=float, default=300, help="how long the load lasts (default 300 s)"
    )
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if args.seconds <= 0 or args.users < 1:
        parser.error("--seconds must be positive and --users at least 1")
    server = data = result = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        server, data = _start_server(args.port)
        base = f"http://127.0.0.1:{args.port}"
    port = re.search(r":(\d+)$", base).group(1)
    try:
        print(f"{args.users} people for {args.seconds:.0f} s against {base}", flush=True)
        result = run_load(base, port, args.users, args.seconds)
        report(result, args.seconds)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(60)
            shutil.rmtree(data, ignore_errors=True)
    return 1 if result is None or result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
