from commonweal.platform.database import database_url, django_database

DATABASES = {"default": django_database(database_url())}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
