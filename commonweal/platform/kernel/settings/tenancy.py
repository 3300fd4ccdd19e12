import os

# Public schema: identities that span communities. Tenant schema: what a community owns.
SHARED_APPS = [
    # Before django_tenants: its admin templates assume every request has a tenant, and the
    # platform host has none.
    "django.contrib.admin",
    "django_tenants",
    "commonweal.platform",
    "commonweal.platform.audit",
    "commonweal.tenants",
    "commonweal.search",
    "commonweal.partners.registry",
    "commonweal.microfund.hosts",
    "commonweal.workbench",
    "commonweal.web",
    "commonweal.privacy",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "procrastinate.contrib.django",
    "strawberry_django",
]
TENANT_APPS = [
    # Each community keeps its own admin audit trail.
    "django.contrib.admin",
    "commonweal.partners",
    "commonweal.welfaremap",
    "commonweal.ledger",
    "commonweal.microfund",
    "commonweal.timebank",
    "commonweal.governance.needs",
    "commonweal.governance.deliberation",
    "commonweal.governance.hazards",
    "commonweal.governance.photos",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Community"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
ROOT_URLCONF = "commonweal.platform.root.urls_community"
PUBLIC_SCHEMA_URLCONF = "commonweal.platform.root.urls_platform"

# Provisioning copies this migrated schema; no community may take its name.
TEMPLATE_SCHEMA_NAME = "cw_template"
# Slugs that would collide with platform hosts or be confusing as sub-domains.
RESERVED_SLUGS = frozenset(
    {
        "www",
        "api",
        "admin",
        "public",
        "platform",
        "static",
        "media",
        "mail",
        "smtp",
        "ftp",
        "graphql",
        "help",
        "support",
        "status",
        "template",
        "test",
        "localhost",
        "root",
        "system",
    }
)
MIGRATE_PARALLEL_WORKERS = 4
# Schemas made ahead from the template, so onboarding renames one instead of running the
# template's script (commonweal.tenants.spares). Two cover a burst of approvals while the
# job makes more; each costs one community's empty tables (~9 MB of catalog and files). The
# test session keeps none, so every other test provisions by the script as before.
COMMONWEAL_SPARE_SCHEMAS = int(
    os.environ.get("COMMONWEAL_SPARE_SCHEMAS", "0" if "PYTEST_VERSION" in os.environ else "2")
)

# Send `SET search_path` only when the schema changes, not before every query (it doubled the
# statements of every request). django-tenants 4.0.1 forgets the cached path on rollback and
# savepoint rollback, which revert a SET; our own code never sets the path behind its back.
TENANT_LIMIT_SET_CALLS = True
