"""Links to the platform's and communities' sites, for e-mails, notifications and pages that
leave the request: the one place that knows the scheme (https in production, http in
development) and the port of a development server (`commonweal serve` records it)."""

from django.conf import settings

from commonweal.tenants.validators import domain_for

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def site_url(host: str, path: str = "/") -> str:
    scheme = settings.PUBLIC_SCHEME
    port = str(settings.PUBLIC_PORT or "")
    netloc = host if port in ("", _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return f"{scheme}://{netloc}{path}"


def community_url(community, path: str = "/") -> str:
    """`path` on the site of `community` (a Community, an application or a slug)."""
    return site_url(domain_for(getattr(community, "slug", community)), path)


def platform_url(path: str = "/") -> str:
    return site_url(settings.BASE_DOMAIN, path)
