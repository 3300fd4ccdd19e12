import os

from commonweal.platform.kernel.database import database_url, django_database, pool_options

# COMMONWEAL_DB_POOL=<n>: keep up to n connections per process in psycopg's pool (each one's
# session is reset when it comes back, see platform.database.reset_session).
DATABASES = {
    "default": django_database(
        database_url(), pool=pool_options(os.environ.get("COMMONWEAL_DB_POOL"))
    )
}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
