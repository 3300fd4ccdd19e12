"""Links that leave the request are built by one helper that knows the scheme and port."""

import pytest

from commonweal.tenants.links import community_url, platform_url


@pytest.mark.parametrize(
    ("scheme", "port", "expected"),
    [
        ("https", "", "https://fengshu.commonweal.cn/fund/mine/"),
        ("https", "443", "https://fengshu.commonweal.cn/fund/mine/"),
        ("http", "8000", "http://fengshu.commonweal.cn:8000/fund/mine/"),
        ("http", "80", "http://fengshu.commonweal.cn/fund/mine/"),
    ],
)
def test_a_community_link_has_the_sites_scheme_and_port(settings, scheme, port, expected):
    # given the site's scheme and port
    settings.BASE_DOMAIN = "commonweal.cn"
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = scheme, port

    # when a link to a community's page is built (from a slug or anything with one)
    links = {community_url("fengshu", "/fund/mine/")}
    links.add(community_url(type("Community", (), {"slug": "fengshu"})(), "/fund/mine/"))

    # then it is the one expected
    assert links == {expected}


def test_the_platform_link_is_the_bare_domain(settings):
    settings.BASE_DOMAIN = "commonweal.cn"
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "https", ""
    assert platform_url() == "https://commonweal.cn/"
    assert platform_url("/search/") == "https://commonweal.cn/search/"


def test_production_links_are_https(monkeypatch):
    # given a production environment (no scheme of its own)
    import importlib

    from commonweal.platform.kernel.settings import base

    monkeypatch.setenv("COMMONWEAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("COMMONWEAL_PUBLIC_SCHEME", raising=False)
    try:
        # when its settings are read
        production = importlib.reload(base)

        # then links use https
        assert (production.DEBUG, production.PUBLIC_SCHEME) == (False, "https")
    finally:
        monkeypatch.undo()
        importlib.reload(base)
