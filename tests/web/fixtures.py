"""Pages of either host through Django's test client, and the shell's navigation in them."""

import re

from django.db import connection
from django.test import Client

from tests.fixtures import host_of

NAV = re.compile(r'<nav class="tabs" id="shell-nav".*?</nav>', re.S)


def get(community, path, user=None, **extra):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path, HTTP_HOST=host_of(community), **extra)
    connection.set_schema_to_public()
    return response


def navigation(html: str) -> str:
    """The navigation, without the mark of the current tab (which differs by page)."""
    found = NAV.search(html)
    assert found, "the page has no shell navigation"
    return found.group().replace(' aria-current="page"', "")


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
