"""What a phone downloads: pages compressed on request, static files collected with hashed
names and gzip copies for production."""

import gzip
import json
import os
import subprocess
import sys

from django.db import connection
from django.test import Client

from tests.fixtures import make_community


def test_pages_are_gzipped_for_browsers_that_ask(db):
    community = make_community("yasuo", name="压缩社区")
    plain = Client().get("/map/", HTTP_HOST=f"{community.slug}.localhost")
    packed = Client().get(
        "/map/", HTTP_HOST=f"{community.slug}.localhost", HTTP_ACCEPT_ENCODING="gzip"
    )
    connection.set_schema_to_public()
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.content).decode()
    assert "公益地图" in html and len(packed.content) < len(plain.content) / 2


def test_collectstatic_makes_hashed_names_and_gzip_copies(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COMMONWEAL_", "DJANGO_"))
    } | {
        "COMMONWEAL_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-static-check-" + "y" * 30,
        "COMMONWEAL_FUND_SETTINGS_KEYS": "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LWtleSE=",
        "COMMONWEAL_STATIC_ROOT": str(tmp_path),
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
    }
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "commonweal.platform.root.cli",
            "manage",
            "collectstatic",
            "--noinput",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert found.returncode == 0, found.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("leaflet/leaflet.js", "welfaremap/map.js", "web/shell.css"):
        hashed = tmp_path / manifest[name]
        assert hashed.name != name.rsplit("/", 1)[1]
        packed = hashed.with_name(hashed.name + ".gz")
        assert gzip.decompress(packed.read_bytes()) == hashed.read_bytes()
