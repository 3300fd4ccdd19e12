"""Absolute links to a community's host: the one place that builds them.

Search hits, the platform directory and the platform map link across hosts, so a relative URL
would land on the wrong site. When the platform gets a shared helper for community links,
replace the body of `community_url` with it; callers stay as they are.
"""

from django.conf import settings


def community_url(slug: str, path: str = "/", request=None) -> str:
    """`http(s)://<slug>.<base domain>[:port]<path>`, scheme and port as the request came in."""
    scheme, port = "https", ""
    if request is not None:
        scheme = request.scheme
        host = request.get_host()
        if ":" in host.rsplit("]", 1)[-1]:
            port = ":" + host.rsplit(":", 1)[1]
    if not path.startswith("/"):
        path = "/" + path
    return f"{scheme}://{slug}.{settings.BASE_DOMAIN}{port}{path}"


def platform_url(path: str = "/", request=None) -> str:
    scheme, port = "https", ""
    if request is not None:
        scheme = request.scheme
        host = request.get_host()
        if ":" in host:
            port = ":" + host.rsplit(":", 1)[1]
    return f"{scheme}://{settings.BASE_DOMAIN}{port}{path}"
