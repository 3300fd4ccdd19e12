"""Each community keeps its own admin log (django.contrib.admin is a tenant app too), but
Django's LogEntry refers to the user and the content type in public. Those two foreign-key
constraints would hang RI triggers on public's tables once per community, like any other
reference into public (see commonweal.platform.kernel.references), so they are dropped in community
schemas. Users and content types are never deleted while logs refer to them.

It lives here because partners is the first app that exists only in community schemas.
"""

from django.db import migrations

DROP_CONSTRAINTS_INTO_OTHER_SCHEMAS = """
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN
        SELECT con.conname
        FROM pg_constraint con
        JOIN pg_class log ON log.oid = con.conrelid
        JOIN pg_class target ON target.oid = con.confrelid
        WHERE con.contype = 'f'
          AND log.oid = to_regclass(quote_ident(current_schema()) || '.django_admin_log')
          AND target.relnamespace <> log.relnamespace
    LOOP
        EXECUTE format('ALTER TABLE django_admin_log DROP CONSTRAINT %I', fk.conname);
    END LOOP;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("partners", "0002_platform_references_without_constraints"),
    ]

    operations = [migrations.RunSQL(DROP_CONSTRAINTS_INTO_OTHER_SCHEMAS, migrations.RunSQL.noop)]
