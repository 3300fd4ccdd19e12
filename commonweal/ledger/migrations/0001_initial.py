"""The ledger's tables were born in the micro-fund (microfund 0001, triggers in 0002). This
migration adopts them where they are: a rename keeps every row, id, foreign key pointing at
them and running balance, in any number of communities, without copying a leg. Their
`currency` columns become `unit` (a ledger also counts time-bank points).

The trigger functions name their tables, so they are dropped and created again under the
ledger's names. Tenant migrations run once per schema (and new schemas copy the template's
DDL), so every function finds its tables through TG_TABLE_SCHEMA, never a fixed schema name.
The depends-on-microfund below is history (where the tables were), not a code dependency.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROP_MICROFUND_TRIGGERS = r"""
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

RENAME = r"""
ALTER TABLE microfund_account RENAME TO ledger_account;
ALTER TABLE microfund_entry RENAME TO ledger_entry;
ALTER TABLE microfund_leg RENAME TO ledger_leg;
ALTER TABLE ledger_account RENAME COLUMN currency TO unit;
ALTER TABLE ledger_leg RENAME COLUMN currency TO unit;
ALTER TABLE ledger_account RENAME CONSTRAINT microfund_account_pkey TO ledger_account_pkey;
ALTER TABLE ledger_entry RENAME CONSTRAINT microfund_entry_pkey TO ledger_entry_pkey;
ALTER TABLE ledger_leg RENAME CONSTRAINT microfund_leg_pkey TO ledger_leg_pkey;
ALTER SEQUENCE microfund_account_id_seq RENAME TO ledger_account_id_seq;
ALTER SEQUENCE microfund_entry_id_seq RENAME TO ledger_entry_id_seq;
ALTER SEQUENCE microfund_leg_id_seq RENAME TO ledger_leg_id_seq;
ALTER TABLE ledger_leg RENAME CONSTRAINT microfund_leg_nonzero TO ledger_leg_nonzero;
ALTER INDEX microfund_entry_occurred RENAME TO ledger_entry_occurred;
ALTER INDEX microfund_leg_account_entry RENAME TO ledger_leg_account_entry;
"""

UNRENAME = r"""
ALTER INDEX ledger_leg_account_entry RENAME TO microfund_leg_account_entry;
ALTER INDEX ledger_entry_occurred RENAME TO microfund_entry_occurred;
ALTER TABLE ledger_leg RENAME CONSTRAINT ledger_leg_nonzero TO microfund_leg_nonzero;
ALTER SEQUENCE ledger_leg_id_seq RENAME TO microfund_leg_id_seq;
ALTER SEQUENCE ledger_entry_id_seq RENAME TO microfund_entry_id_seq;
ALTER SEQUENCE ledger_account_id_seq RENAME TO microfund_account_id_seq;
ALTER TABLE ledger_leg RENAME CONSTRAINT ledger_leg_pkey TO microfund_leg_pkey;
ALTER TABLE ledger_entry RENAME CONSTRAINT ledger_entry_pkey TO microfund_entry_pkey;
ALTER TABLE ledger_account RENAME CONSTRAINT ledger_account_pkey TO microfund_account_pkey;
ALTER TABLE ledger_leg RENAME COLUMN unit TO currency;
ALTER TABLE ledger_account RENAME COLUMN unit TO currency;
ALTER TABLE ledger_leg RENAME TO microfund_leg;
ALTER TABLE ledger_entry RENAME TO microfund_entry;
ALTER TABLE ledger_account RENAME TO microfund_account;
"""

TRIGGERS = r"""
-- Legs of an entry sum to zero per unit; an entry has at least two legs. Checked at COMMIT.
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger AS $$
DECLARE
    entry bigint;
    unbalanced record;
    legs integer;
BEGIN
    IF TG_TABLE_NAME = 'ledger_leg' THEN
        entry := NEW.entry_id;
    ELSE
        entry := NEW.id;
    END IF;
    EXECUTE format(
        'SELECT count(*) FROM %I.ledger_leg WHERE entry_id = $1', TG_TABLE_SCHEMA
    ) INTO legs USING entry;
    IF legs < 2 THEN
        RAISE EXCEPTION 'ledger entry % has % leg(s); at least two are required', entry, legs
            USING ERRCODE = '23514';
    END IF;
    EXECUTE format(
        'SELECT unit, sum(amount) AS total FROM %I.ledger_leg WHERE entry_id = $1 '
        'GROUP BY unit HAVING sum(amount) <> 0 LIMIT 1', TG_TABLE_SCHEMA
    ) INTO unbalanced USING entry;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'ledger entry % is unbalanced: % legs sum to %',
            entry, unbalanced.unit, unbalanced.total
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_leg_balanced
    AFTER INSERT ON ledger_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

CREATE CONSTRAINT TRIGGER ledger_entry_has_legs
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

-- Append-only: no UPDATE or DELETE of legs and entries.
CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused; post a reversal entry instead',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_leg_append_only
    BEFORE UPDATE OR DELETE ON ledger_leg
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

CREATE TRIGGER ledger_entry_append_only
    BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- A leg's unit is its account's; the account's running balance moves with it (the UPDATE
-- locks the account row until commit, so concurrent postings to one account serialise).
CREATE FUNCTION ledger_apply_leg() RETURNS trigger AS $$
DECLARE
    account_unit varchar;
BEGIN
    EXECUTE format(
        'UPDATE %I.ledger_account SET balance = balance + $1 WHERE id = $2 RETURNING unit',
        TG_TABLE_SCHEMA
    ) INTO account_unit USING NEW.amount, NEW.account_id;
    IF account_unit IS DISTINCT FROM NEW.unit THEN
        RAISE EXCEPTION 'leg in % posted to account % kept in %',
            NEW.unit, NEW.account_id, account_unit
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_leg_applies_balance
    AFTER INSERT ON ledger_leg
    FOR EACH ROW EXECUTE FUNCTION ledger_apply_leg();

-- Only the leg trigger may move a balance (it runs nested, at trigger depth > 1).
CREATE FUNCTION ledger_guard_balance() RETURNS trigger AS $$
BEGIN
    IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'account balances move only with legs' USING ERRCODE = '55000';
    END IF;
    IF NEW.unit IS DISTINCT FROM OLD.unit THEN
        RAISE EXCEPTION 'an account keeps its unit' USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_account_balance_guard
    BEFORE UPDATE ON ledger_account
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_balance();
"""

DROP_LEDGER_TRIGGERS = r"""
DROP TRIGGER ledger_account_balance_guard ON ledger_account;
DROP FUNCTION ledger_guard_balance();
DROP TRIGGER ledger_leg_applies_balance ON ledger_leg;
DROP FUNCTION ledger_apply_leg();
DROP TRIGGER ledger_entry_append_only ON ledger_entry;
DROP TRIGGER ledger_leg_append_only ON ledger_leg;
DROP FUNCTION ledger_append_only();
DROP TRIGGER ledger_entry_has_legs ON ledger_entry;
DROP TRIGGER ledger_leg_balanced ON ledger_leg;
DROP FUNCTION ledger_check_entry_balanced();
"""


def _microfund_triggers() -> str:
    from importlib import import_module

    return import_module("commonweal.microfund.migrations.0002_ledger_triggers").FORWARD


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("microfund", "0008_agreement_partnership"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    DROP_MICROFUND_TRIGGERS + RENAME + TRIGGERS,
                    # Back to microfund's names, then its own triggers (and index) again.
                    DROP_LEDGER_TRIGGERS
                    + UNRENAME
                    + "DROP INDEX microfund_leg_account_entry;\n"
                    + _microfund_triggers(),
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Account",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.CharField(max_length=80, unique=True)),
                        ("name", models.CharField(max_length=120)),
                        ("kind", models.CharField(max_length=16)),
                        ("unit", models.CharField(default="CNY", max_length=8)),
                        ("balance", models.BigIntegerField(default=0, editable=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "ordering": ["code"],
                        "verbose_name": "ledger account",
                        "verbose_name_plural": "ledger accounts",
                    },
                ),
                migrations.CreateModel(
                    name="Entry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=24)),
                        ("external_id", models.CharField(max_length=200, unique=True)),
                        ("memo", models.CharField(blank=True, max_length=300)),
                        ("occurred_at", models.DateTimeField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "reverses",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reversals",
                                to="ledger.entry",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["occurred_at", "id"],
                        "verbose_name": "ledger entry",
                        "verbose_name_plural": "ledger entries",
                        "indexes": [
                            models.Index(fields=["occurred_at"], name="ledger_entry_occurred")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Leg",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("amount", models.BigIntegerField()),
                        ("unit", models.CharField(default="CNY", max_length=8)),
                        (
                            "account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="legs",
                                to="ledger.account",
                            ),
                        ),
                        (
                            "entry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="legs",
                                to="ledger.entry",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("amount", 0), _negated=True),
                                name="ledger_leg_nonzero",
                            )
                        ],
                        "indexes": [
                            models.Index(
                                fields=["account", "entry"], name="ledger_leg_account_entry"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
