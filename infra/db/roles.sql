-- Two database roles for a DATABASE_URL deployment (run as a superuser, in the commonweal
-- database, once before the first `commonweal migrate`, and again after restoring a dump):
--
--   commonweal_owner  owns the schemas and tables: `commonweal migrate` and provisioning run
--                     as it (DATABASE_URL of those commands).
--   commonweal_app    what the web server and the workers connect as: it reads and writes
--                     rows, and nothing else. It owns nothing, so it cannot TRUNCATE, run DDL,
--                     or disable a trigger (ALTER TABLE … DISABLE TRIGGER needs the owner);
--                     ledger entries and legs it may only INSERT and SELECT.
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

-- What exists already: every community schema, the template and public.
DO $$
DECLARE
    s text;
BEGIN
    FOR s IN
        SELECT nspname FROM pg_namespace
        WHERE nspname = 'public' OR nspname = 'cw_template' OR nspname LIKE 'c\_%'
    LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO commonweal_app', s);
        EXECUTE format(
            'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO commonweal_app', s
        );
        EXECUTE format(
            'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO commonweal_app', s
        );
        IF to_regclass(format('%I.ledger_leg', s)) IS NOT NULL THEN
            EXECUTE format(
                'REVOKE UPDATE, DELETE ON %I.ledger_entry, %I.ledger_leg FROM commonweal_app',
                s, s
            );
        END IF;
        IF to_regclass(format('%I.audit_auditentry', s)) IS NOT NULL THEN
            EXECUTE format('REVOKE UPDATE, DELETE ON %I.audit_auditentry FROM commonweal_app', s);
        END IF;
    END LOOP;
END
$$;
