"""Chromium (Debian's /usr/bin/chromium) driven by Playwright, for web-page tests.

Tests using `page` skip, naming the missing browser, where it is not installed.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # a container's /dev/shm may be small; Chromium's shared memory then fails intermittently
    # with "Unable to capture screenshot"
    "--disable-dev-shm-usage",
]


@contextmanager
def _chromium(*, bypass_csp: bool, **context_options):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(
            f"browser test needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            **{
                "locale": "zh-CN",
                "viewport": {"width": 420, "height": 900},
                "bypass_csp": bypass_csp,
                **context_options,
            }
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # Inside Playwright's event loop the ORM runs in another context, hence on its own
        # connection; left open it outlives the test and blocks dropping the test database.
        connections.close_all()


@pytest.fixture
def page(live_server):
    """Chromium with the content security policy bypassed: Playwright's string predicates
    (wait_for_function) are evaluated in the page, which the policy forbids."""
    with _chromium(bypass_csp=True) as found:
        yield found


@pytest.fixture
def strict_page(live_server):
    """Chromium as a resident's phone runs it: the content security policy enforced, and
    every message of a blocked script or style collected in `strict_page.blocked`."""
    with _chromium(bypass_csp=False) as found:
        found.blocked = []
        found.on(
            "console",
            lambda message: (
                found.blocked.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield found


@pytest.fixture
def touch_page(live_server):
    """A touch-screen phone (390×844, `has_touch`) with the content security policy enforced:
    `touch_drag` moves a finger across it."""
    with _chromium(
        bypass_csp=False, viewport={"width": 390, "height": 844}, has_touch=True
    ) as found:
        found.blocked = []
        found.on(
            "console",
            lambda message: (
                found.blocked.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield found


def touch_drag(page, start: tuple[float, float], end: tuple[float, float], steps: int = 8):
    """One finger pressed at `start`, moved in `steps` to `end` and lifted, as Chromium's
    input pipeline receives a real touch (so the page sees touch and pointer events)."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end

    def send(kind, points):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    send("touchStart", [{"x": x0, "y": y0}])
    for step in range(1, steps + 1):
        send(
            "touchMove",
            [{"x": x0 + (x1 - x0) * step / steps, "y": y0 + (y1 - y0) * step / steps}],
        )
    send("touchEnd", [])
    cdp.detach()


def sign_in_as(page, community, user) -> None:
    """The browser holds `user`'s session on `community`'s host, or nobody's (`user` None).
    Signed in through Django's test client: the sign-in form has tests of its own."""
    from django.conf import settings
    from django.test import Client

    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": f"{community.slug}.localhost",
                "path": "/",
            }
        ]
    )


def screenshot(page, name: str) -> Path:
    """Save what the page shows for a person to look at; the picture is not an assertion.

    Headless Chromium now and then answers a full-page capture with "Unable to capture
    screenshot" (a compositor frame not ready, CI runs seen once in many); one more try after
    the next animation frame takes it, and a second refusal is still raised."""
    from playwright.sync_api import Error

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Error as refusal:
        if "Unable to capture screenshot" not in str(refusal):
            raise
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
        page.screenshot(path=str(path), full_page=True)
    return path


def url(live_server, path: str = "/", community=None) -> str:
    port = live_server.url.rsplit(":", 1)[1]
    host = f"{community.slug}.localhost" if community else "localhost"
    return f"http://{host}:{port}{path}"
