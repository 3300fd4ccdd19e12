import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]

# "development" turns on DEBUG, GraphiQL and introspection; anything else is production.
ENVIRONMENT = os.environ.get("COMMONWEAL_ENV", "development")
DEBUG = ENVIRONMENT == "development"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set outside development")
    SECRET_KEY = "development-only-not-secret"

# Communities live at <slug>.<BASE_DOMAIN>; the bare BASE_DOMAIN serves the platform.
BASE_DOMAIN = os.environ.get("COMMONWEAL_BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = [BASE_DOMAIN, f".{BASE_DOMAIN}", "testserver"]
# One login across communities needs a parent-domain cookie; browsers refuse one for
# "localhost", so in development each host keeps its own session.
_cookie_domain = f".{BASE_DOMAIN}" if "." in BASE_DOMAIN else None
SESSION_COOKIE_DOMAIN = _cookie_domain
CSRF_COOKIE_DOMAIN = _cookie_domain
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
# Links in e-mails and notifications (commonweal.tenants.links): https in production; in
# development http and the port the development server listens on (`commonweal serve`).
PUBLIC_SCHEME = os.environ.get("COMMONWEAL_PUBLIC_SCHEME", "http" if DEBUG else "https")
PUBLIC_PORT = os.environ.get("COMMONWEAL_PUBLIC_PORT", "")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    f"{scheme}://{host}"
    for scheme in ("http", "https")
    for host in (BASE_DOMAIN, f"*.{BASE_DOMAIN}")
]

MIDDLEWARE = [
    "commonweal.platform.kernel.observability.OperationsMiddleware",
    "commonweal.tenants.middleware.CommunityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Pages and JSON compressed for phones; CSRF tokens are masked per response, which is
    # Django's answer to BREACH-style guessing through compression.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commonweal.web.middleware.CommunityTimeZoneMiddleware",
    "commonweal.web.middleware.StyledErrorsMiddleware",
    "commonweal.platform.accounts.middleware.ApiTokenMiddleware",
    "commonweal.platform.kernel.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it reads the page before compression: no full mobile or ID number for the public.
    "commonweal.privacy.masking.PublicNumbersMasked",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "commonweal.web.context.shell",
            ],
        },
    },
]

WSGI_APPLICATION = "commonweal.platform.root.wsgi.application"
ASGI_APPLICATION = "commonweal.platform.root.asgi.application"

AUTH_USER_MODEL = "platform.User"
AUTHENTICATION_BACKENDS = ["commonweal.platform.accounts.backends.EmailOrPhoneBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only production collects static files; development serves them from the apps (WhiteNoise).
STATIC_ROOT = os.environ.get("COMMONWEAL_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Collected (production): hashed names cached for a year, gzip copies made once at
    # collectstatic and served to browsers that ask — Leaflet is 193 KB, 54 KB gzipped.
    "staticfiles": {
        "BACKEND": "commonweal.platform.kernel.staticfiles.CompressedManifestStorage"
        if STATIC_ROOT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"noreply@{BASE_DOMAIN}")

# Onboarding: approve community applications without a platform admin (small installs).
COMMUNITY_AUTO_APPROVE = os.environ.get("COMMONWEAL_AUTO_APPROVE", "") == "1"
# What an applicant is told to expect until the platform has decided enough applications to
# tell from its own history (working days).
COMMUNITY_REVIEW_DAYS = int(os.environ.get("COMMONWEAL_REVIEW_DAYS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
