"""个人信息保护法: a person's erasure removes their name from the audit log too.

The log stays append-only for everything else. Inside a transaction that set
`commonweal.erasure` (commonweal.privacy.services.erasure, with SET LOCAL), an UPDATE may
rewrite only the texts that can name a person (`actor_name`, `target`, `changes`); who, when,
where, what action and from which address stay as they were. DELETE and TRUNCATE stay refused.
"""

from django.db import migrations

ERASURE_MAY_REWRITE_NAMES = r"""
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('commonweal.erasure', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.at = OLD.at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.community = OLD.community
       AND NEW.channel = OLD.channel
       AND NEW.action = OLD.action
       AND NEW.ip IS NOT DISTINCT FROM OLD.ip
       AND NEW.request_id = OLD.request_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY = r"""
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(ERASURE_MAY_REWRITE_NAMES, APPEND_ONLY)]
