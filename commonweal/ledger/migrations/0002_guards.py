"""The ledger resists its own database users: TRUNCATE is refused by trigger (even for the
tables' owner: triggers fire for every role but a superuser in replica mode), and legs can be
added to an entry only in the transaction that posted it, so a balanced pair of legs cannot
be slipped into last month's entry.

`posted_in` is the top-level transaction id (xid8, which does not wrap around); Django does not
know the column and never writes it, so every insert takes the default."""

from django.db import migrations

GUARDS = r"""
CREATE FUNCTION ledger_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
        USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_leg_no_truncate BEFORE TRUNCATE ON ledger_leg
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON ledger_account
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

ALTER TABLE ledger_entry ADD COLUMN posted_in xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE FUNCTION ledger_leg_joins_its_posting() RETURNS trigger AS $$
DECLARE
    posted xid8;
BEGIN
    EXECUTE format('SELECT posted_in FROM %I.ledger_entry WHERE id = $1', TG_TABLE_SCHEMA)
        INTO posted USING NEW.entry_id;
    IF posted IS DISTINCT FROM pg_current_xact_id() THEN
        RAISE EXCEPTION 'ledger entry % was posted by another transaction: no legs may join it',
            NEW.entry_id
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_leg_joins_its_posting BEFORE INSERT ON ledger_leg
    FOR EACH ROW EXECUTE FUNCTION ledger_leg_joins_its_posting();
"""

DROP_GUARDS = r"""
DROP TRIGGER ledger_leg_joins_its_posting ON ledger_leg;
DROP FUNCTION ledger_leg_joins_its_posting();
ALTER TABLE ledger_entry DROP COLUMN posted_in;
DROP TRIGGER ledger_account_no_truncate ON ledger_account;
DROP TRIGGER ledger_entry_no_truncate ON ledger_entry;
DROP TRIGGER ledger_leg_no_truncate ON ledger_leg;
DROP FUNCTION ledger_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(GUARDS, DROP_GUARDS)]
