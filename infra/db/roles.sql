-- Two database roles for a DATABASE_URL deployment (run as a superuser, in the commonweal
-- database, once before the first `commonweal migrate`, and again after restoring a dump):
--
--   commonweal_owner  owns the schemas and tables: `commonweal migrate` and provisioning run
--                     as it (DATABASE_URL of those commands).
--   commonweal_app    what the web server and the workers connect as: it reads and writes
--                     rows, and nothing else. It owns nothing, so it cannot TRUNCATE, run DDL,
--                     or disable a trigger (ALTER TABLE … DISABLE TRIGGER needs the owner);
--                     ledger entries and legs it may only INSERT and SELECT; the audit log it
--                     may not DELETE (its trigger lets an erasure rewrite names only); the
--                     template snapshots (provisioning scripts) it may only read. It creates
--                     and drops a community's schema only through the owner's functions
--                     `commonweal_provision_schema` and `commonweal_drop_community_schema`
--                     (migration tenants 0003), and renames or drops a spare schema only
--                     through `commonweal_take_spare_schema` / `commonweal_drop_spare_schema`
--                     (0004).
--
-- Run it once before the first `commonweal migrate`, and again after every
-- `commonweal migrate` (new tables; the functions exist only after the first migrate).
-- `commonweal serve` on the embedded server does the same itself
-- (commonweal/platform/kernel/database.py grant_app_role), with the server's superuser as owner.
--
-- `commonweal check` reports an application connection that is a superuser or owns the
-- tables as an error in production (commonweal/platform/kernel/checks.py).
--
-- Passwords are set apart, never in this file:  ALTER ROLE commonweal_app PASSWORD '…';

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'commonweal_owner') THEN
        CREATE ROLE commonweal_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'commonweal_app') THEN
        CREATE ROLE commonweal_app LOGIN NOINHERIT;
    END IF;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO commonweal_app', current_database());
    EXECUTE format('GRANT ALL ON DATABASE %I TO commonweal_owner', current_database());
END
$$;
ALTER SCHEMA public OWNER TO commonweal_owner;

-- What the owner creates from now on (tables, sequences, schemas of new communities).
ALTER DEFAULT PRIVILEGES FOR ROLE commonweal_owner
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO commonweal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE commonweal_owner
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO commonweal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE commonweal_owner
    GRANT USAGE ON SCHEMAS TO commonweal_app;

-- What exists already: every community schema, the template and public (the owner's
-- function, once migrations made it; before that, the same grants inline).
DO $$
DECLARE
    s text;
BEGIN
    FOR s IN
        SELECT nspname FROM pg_namespace
        WHERE nspname = 'public' OR nspname = 'cw_template' OR nspname LIKE 'c\_%'
    LOOP
        IF to_regprocedure('public.commonweal_app_grants(text)') IS NOT NULL THEN
            PERFORM public.commonweal_app_grants(s);
        ELSE
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO commonweal_app', s);
            EXECUTE format(
                'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO commonweal_app',
                s
            );
            EXECUTE format(
                'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO commonweal_app', s
            );
        END IF;
    END LOOP;
    IF to_regprocedure('public.commonweal_provision_schema(text, bigint)') IS NOT NULL THEN
        GRANT EXECUTE ON FUNCTION public.commonweal_provision_schema(text, bigint),
            public.commonweal_drop_community_schema(text) TO commonweal_app;
    END IF;
    IF to_regprocedure('public.commonweal_take_spare_schema(text, text)') IS NOT NULL THEN
        GRANT EXECUTE ON FUNCTION public.commonweal_take_spare_schema(text, text),
            public.commonweal_drop_spare_schema(text) TO commonweal_app;
    END IF;
END
$$;
