import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants.error_codes import CommunityErrorCode

SLUG_MIN, SLUG_MAX = 3, 30
# Lowercase ASCII letters, digits and single hyphens; starts with a letter. It becomes both a
# DNS label and (as c_<slug>) a PostgreSQL schema name, so the rule is strict. fullmatch, not
# match with `$`, which would let a trailing newline through.
SLUG_RE = re.compile(r"[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]")


def validate_slug(slug: str) -> str:
    slug = slug or ""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX or not SLUG_RE.fullmatch(slug):
        raise DomainError(
            CommunityErrorCode.SLUG_INVALID,
            _(
                "The address must be %(min)d–%(max)d characters of lowercase letters a–z, digits "
                "and single hyphens, starting with a letter, e.g. “fengshu”."
            )
            % {"min": SLUG_MIN, "max": SLUG_MAX},
            field="slug",
        )
    if slug in settings.RESERVED_SLUGS:
        raise DomainError(
            CommunityErrorCode.SLUG_RESERVED,
            _("“%(slug)s” is reserved by the platform; choose another address.") % {"slug": slug},
            field="slug",
        )
    return slug


def schema_name_for(slug: str) -> str:
    return "c_" + slug.replace("-", "_")


def domain_for(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def host_for(slug: str, request=None) -> str:
    """Where a browser reaches the community: its domain plus the port the request came in
    on, if any (`fengshu.localhost:8000` in development; none behind a proxy on 443)."""
    port = ""
    if request is not None:
        _host, _colon, port = request.get_host().rpartition(":")
        port = port if _colon and port.isdigit() else ""
    return f"{domain_for(slug)}:{port}" if port else domain_for(slug)


def validate_time_zone(name: str) -> None:
    """A model-field validator: the name must be a zone the server's tz database knows."""
    import zoneinfo

    from django.core.exceptions import ValidationError

    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(name)s” is not a known time zone."), params={"name": name})
