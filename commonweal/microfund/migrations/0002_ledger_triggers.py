"""The ledger's invariants, enforced by PostgreSQL in each community's schema.

Tenant migrations run once per schema (and new schemas copy the template's DDL), so every
function finds its tables through TG_TABLE_SCHEMA, never through a fixed schema name.
"""

from django.db import migrations

FORWARD = r"""
-- Legs of an entry sum to zero per unit; an entry has at least two legs. Checked at COMMIT.
CREATE FUNCTION microfund_check_entry_balanced() RETURNS trigger AS $$
DECLARE
    entry bigint;
    unbalanced record;
    legs integer;
BEGIN
    IF TG_TABLE_NAME = 'microfund_leg' THEN
        entry := NEW.entry_id;
    ELSE
        entry := NEW.id;
    END IF;
    EXECUTE format(
        'SELECT count(*) FROM %I.microfund_leg WHERE entry_id = $1', TG_TABLE_SCHEMA
    ) INTO legs USING entry;
    IF legs < 2 THEN
        RAISE EXCEPTION 'ledger entry % has % leg(s); at least two are required', entry, legs
            USING ERRCODE = '23514';
    END IF;
    EXECUTE format(
        'SELECT currency, sum(amount) AS total FROM %I.microfund_leg WHERE entry_id = $1 '
        'GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1', TG_TABLE_SCHEMA
    ) INTO unbalanced USING entry;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'ledger entry % is unbalanced: % legs sum to %',
            entry, unbalanced.currency, unbalanced.total
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER microfund_leg_balanced
    AFTER INSERT ON microfund_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION microfund_check_entry_balanced();

CREATE CONSTRAINT TRIGGER microfund_entry_has_legs
    AFTER INSERT ON microfund_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION microfund_check_entry_balanced();

-- Append-only: no UPDATE or DELETE of legs and entries (TRUNCATE, for test teardown, stays).
CREATE FUNCTION microfund_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused; post a reversal entry instead',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER microfund_leg_append_only
    BEFORE UPDATE OR DELETE ON microfund_leg
    FOR EACH ROW EXECUTE FUNCTION microfund_append_only();

CREATE TRIGGER microfund_entry_append_only
    BEFORE UPDATE OR DELETE ON microfund_entry
    FOR EACH ROW EXECUTE FUNCTION microfund_append_only();

-- A leg's unit is its account's; the account's running balance moves with it (the UPDATE
-- locks the account row until commit, so concurrent postings to one account serialise).
CREATE FUNCTION microfund_apply_leg() RETURNS trigger AS $$
DECLARE
    unit varchar;
BEGIN
    EXECUTE format(
        'UPDATE %I.microfund_account SET balance = balance + $1 WHERE id = $2 RETURNING currency',
        TG_TABLE_SCHEMA
    ) INTO unit USING NEW.amount, NEW.account_id;
    IF unit IS DISTINCT FROM NEW.currency THEN
        RAISE EXCEPTION 'leg in % posted to account % kept in %',
            NEW.currency, NEW.account_id, unit
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER microfund_leg_applies_balance
    AFTER INSERT ON microfund_leg
    FOR EACH ROW EXECUTE FUNCTION microfund_apply_leg();

-- Only the leg trigger may move a balance (it runs nested, at trigger depth > 1).
CREATE FUNCTION microfund_guard_balance() RETURNS trigger AS $$
BEGIN
    IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'account balances move only with legs' USING ERRCODE = '55000';
    END IF;
    IF NEW.currency IS DISTINCT FROM OLD.currency THEN
        RAISE EXCEPTION 'an account keeps its unit' USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER microfund_account_balance_guard
    BEFORE UPDATE ON microfund_account
    FOR EACH ROW EXECUTE FUNCTION microfund_guard_balance();

CREATE INDEX microfund_leg_account_entry ON microfund_leg (account_id, entry_id);
"""

BACKWARD = r"""
DROP INDEX microfund_leg_account_entry;
DROP TRIGGER microfund_account_balance_guard ON microfund_account;
DROP FUNCTION microfund_guard_balance();
DROP TRIGGER microfund_leg_applies_balance ON microfund_leg;
DROP FUNCTION microfund_apply_leg();
DROP TRIGGER microfund_entry_append_only ON microfund_entry;
DROP TRIGGER microfund_leg_append_only ON microfund_leg;
DROP FUNCTION microfund_append_only();
DROP TRIGGER microfund_entry_has_legs ON microfund_entry;
DROP TRIGGER microfund_leg_balanced ON microfund_leg;
DROP FUNCTION microfund_check_entry_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("microfund", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
