"""Browser-facing security: content security policy, HTTPS only in production, no framing.

Scripts run only from our own static files or carry the request's nonce (`{{ request.
csp_nonce }}`): no `unsafe-inline` for scripts. Styles allow inline `style` attributes, which
the pages use for category colours. Map tiles come from the providers of `maps.py`.
"""

import os

from csp.constants import NONCE, NONE, SELF

from commonweal.platform.kernel.settings.base import DEBUG

MAP_TILE_HOSTS = [
    "https://*.is.autonavi.com",  # 高德 (AMap)
    "https://*.map.gtimg.com",  # 腾讯 (Tencent)
    "https://tile.openstreetmap.org",
]

CONTENT_SECURITY_POLICY = {
    # GraphiQL (development only) loads its page from a CDN with inline scripts; production
    # serves /graphql/ as JSON only.
    "EXCLUDE_URL_PREFIXES": ["/graphql/"] if DEBUG else [],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *MAP_TILE_HOSTS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    # Communities are sub-domains of the base domain: HSTS covers them all.
    SECURE_HSTS_SECONDS = int(os.environ.get("COMMONWEAL_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Consent to the browsers' preload list (a domain is listed only once its owner submits it).
    SECURE_HSTS_PRELOAD = os.environ.get("COMMONWEAL_HSTS_PRELOAD", "1") == "1"
    # Behind a TLS-terminating proxy that sends X-Forwarded-Proto; probes stay on plain HTTP.
    SECURE_SSL_REDIRECT = os.environ.get("COMMONWEAL_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
