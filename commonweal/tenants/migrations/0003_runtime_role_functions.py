"""The application's database role owns nothing and may run no DDL, yet onboarding a
community creates a schema, and a community's deletion drops one. Those two acts, and nothing
else, go through functions that run as their owner (the role that migrates), each doing one
fixed thing with a checked name:

- `commonweal_provision_schema(name, snapshot)`: creates a community's schema from a template
  snapshot, whose script the application can read but not write (`commonweal_app_grants`
  revokes its writes on `tenants_templatesnapshot`), and grants the application its rows.
- `commonweal_drop_community_schema(name)`: drops a community's schema only while a
  deletion of it is scheduled and not called off (the job checks that its grace is over).
- `commonweal_app_grants(schema)`: what `commonweal_app` may do in one schema: read and write
  rows; on the ledger only INSERT and SELECT; on the audit log no DELETE (its trigger allows
  only an erasure's rewrite of names). Nothing when the role does not exist (tests, a
  deployment that runs as one role).

They run inside the caller's transaction, so a failed approval still leaves no schema behind.
EXECUTE is granted to `commonweal_app` by `commonweal serve` (embedded server) or
infra/db/roles.sql, never to PUBLIC.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.commonweal_app_grants(schema_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'commonweal_app') THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO commonweal_app', schema_name);
    EXECUTE format(
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO commonweal_app',
        schema_name);
    EXECUTE format(
        'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO commonweal_app',
        schema_name);
    IF to_regclass(format('%I.ledger_leg', schema_name)) IS NOT NULL THEN
        EXECUTE format(
            'REVOKE UPDATE, DELETE, TRUNCATE ON %I.ledger_entry, %I.ledger_leg FROM commonweal_app',
            schema_name, schema_name);
    END IF;
    IF to_regclass(format('%I.audit_auditentry', schema_name)) IS NOT NULL THEN
        EXECUTE format('REVOKE DELETE, TRUNCATE ON %I.audit_auditentry FROM commonweal_app',
            schema_name);
    END IF;
    IF to_regclass(format('%I.tenants_templatesnapshot', schema_name)) IS NOT NULL THEN
        EXECUTE format(
            'REVOKE INSERT, UPDATE, DELETE ON %I.tenants_templatesnapshot FROM commonweal_app',
            schema_name);
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION public.commonweal_provision_schema(
    schema_name text, snapshot_id bigint
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    script text;
BEGIN
    -- Only ever a new schema (CREATE fails on an existing one); never a system one.
    IF schema_name !~ '^[a-z][a-z0-9_]{1,62}$' OR left(schema_name, 3) = 'pg_' THEN
        RAISE EXCEPTION 'not a community schema name: %', schema_name USING ERRCODE = '22023';
    END IF;
    SELECT s.script INTO script FROM public.tenants_templatesnapshot s WHERE s.id = snapshot_id;
    IF script IS NULL THEN
        RAISE EXCEPTION 'no template snapshot %', snapshot_id USING ERRCODE = '22023';
    END IF;
    EXECUTE format('CREATE SCHEMA %I', schema_name);
    EXECUTE replace(script, '__community_schema__', format('%I', schema_name));
    PERFORM public.commonweal_app_grants(schema_name);
END;
$$;

CREATE OR REPLACE FUNCTION public.commonweal_drop_community_schema(schema_name text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF schema_name !~ '^c_[a-z][a-z0-9_]{1,60}$' OR NOT EXISTS (
        SELECT FROM public.privacy_communityclosure c
        WHERE c.schema_name = commonweal_drop_community_schema.schema_name
          AND c.cancelled_at IS NULL AND c.deleted_at IS NULL
    ) THEN
        RAISE EXCEPTION 'no deletion of % is due', schema_name USING ERRCODE = '42501';
    END IF;
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', schema_name);
END;
$$;

REVOKE ALL ON FUNCTION public.commonweal_app_grants(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.commonweal_provision_schema(text, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.commonweal_drop_community_schema(text) FROM PUBLIC;
"""

DROP = r"""
DROP FUNCTION IF EXISTS public.commonweal_drop_community_schema(text);
DROP FUNCTION IF EXISTS public.commonweal_provision_schema(text, bigint);
DROP FUNCTION IF EXISTS public.commonweal_app_grants(text);
"""


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_community_time_zone")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
