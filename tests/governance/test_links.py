"""Links in the governance apps' notifications and e-mails follow the site's scheme and the
development server's port, as every other link does (they were written as plain http)."""

from types import SimpleNamespace

import pytest

from commonweal.governance.deliberation import notify as deliberation
from commonweal.governance.hazards import notify as hazards
from commonweal.governance.needs import notify as needs

FENGSHU = SimpleNamespace(slug="fengshu")


@pytest.mark.parametrize("link", [needs._link, deliberation._link, hazards.link])
def test_links_use_the_sites_scheme_and_port(settings, link):
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "https", ""
    assert link(FENGSHU, "/hazards/3/") == "https://fengshu.localhost/hazards/3/"
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "http", "8000"
    assert link(FENGSHU, "/needs/") == "http://fengshu.localhost:8000/needs/"
