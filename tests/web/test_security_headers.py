"""Security headers on every page, scripts only with the request's nonce, and a production
configuration that `check --deploy` finds nothing to say about."""

import os
import re
import subprocess
import sys

from django.db import connection
from django.test import Client

from tests.fixtures import make_community

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>")


def _get(path, host):
    response = Client().get(path, HTTP_HOST=host)
    connection.set_schema_to_public()
    return response


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_the_policy_and_every_inline_script_its_nonce(db):
    community = make_community("anquan", name="安全社区")
    host = f"{community.slug}.localhost"
    pages_with_scripts = 0
    for path in ("/", "/map/", "/partners/", "/fund/", "/needs/", "/timebank/"):
        response = _get(path, host)
        assert response.status_code == 200, path
        policy = _policy(response)
        # the nonce is in the policy when the page has an inline script, and only then
        nonces = [v[7:-1] for v in policy["script-src"] if v.startswith("'nonce-")]
        assert policy["script-src"] == ["'self'", *(f"'nonce-{n}'" for n in nonces)], path
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        inline = [
            m["attrs"]
            for m in SCRIPT.finditer(response.content.decode())
            if "src=" not in m["attrs"] and 'type="application/json"' not in m["attrs"]
        ]
        assert len(nonces) == (1 if inline else 0), path
        assert all(f'nonce="{nonces[0]}"' in attrs for attrs in inline), (path, inline)
        pages_with_scripts += bool(inline)
    # the map starts itself from an inline script
    assert pages_with_scripts >= 1


def test_the_production_settings_pass_check_deploy():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COMMONWEAL_", "DJANGO_"))
    } | {
        "COMMONWEAL_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-production-check-" + "y" * 30,
        "COMMONWEAL_BASE_DOMAIN": "example.cn",
        "COMMONWEAL_FUND_SETTINGS_KEYS": "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LWtleSE=",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
    }
    found = subprocess.run(
        [sys.executable, "-m", "commonweal.platform.root.cli", "manage", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert "System check identified no issues" in found.stdout + found.stderr
