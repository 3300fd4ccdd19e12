"""Spare schemas: made ahead from the template, renamed into a community's at onboarding.

Two more owner functions, each doing one fixed thing with checked names (as 0003's):

- `commonweal_take_spare_schema(spare, schema_name)`: removes a registered spare from the
  list and renames it to a community's schema name, then grants the application its rows
  (the role may have been created after the spare was made). False when `spare` is not on
  the list (taken or dropped meanwhile).
- `commonweal_drop_spare_schema(spare)`: removes a registered spare and drops it; it holds
  no rows, only the template's empty tables.

Making a spare needs no new function: `commonweal_provision_schema` makes any new schema.
"""

import django.db.models.deletion
from django.db import migrations, models

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.commonweal_take_spare_schema(spare text, schema_name text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF schema_name !~ '^c_[a-z][a-z0-9_]{1,60}$' THEN
        RAISE EXCEPTION 'not a community schema name: %', schema_name USING ERRCODE = '22023';
    END IF;
    DELETE FROM public.tenants_spareschema s WHERE s.name = spare;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    EXECUTE format('ALTER SCHEMA %I RENAME TO %I', spare, schema_name);
    PERFORM public.commonweal_app_grants(schema_name);
    RETURN true;
END;
$$;

CREATE OR REPLACE FUNCTION public.commonweal_drop_spare_schema(spare text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF spare !~ '^cw_spare_[a-z0-9_]{1,50}$' THEN
        RAISE EXCEPTION 'not a spare schema: %', spare USING ERRCODE = '22023';
    END IF;
    DELETE FROM public.tenants_spareschema s WHERE s.name = spare;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', spare);
    RETURN true;
END;
$$;

REVOKE ALL ON FUNCTION public.commonweal_take_spare_schema(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.commonweal_drop_spare_schema(text) FROM PUBLIC;
"""

DROP = r"""
DROP FUNCTION IF EXISTS public.commonweal_drop_spare_schema(text);
DROP FUNCTION IF EXISTS public.commonweal_take_spare_schema(text, text);
"""


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_runtime_role_functions")]

    operations = [
        migrations.CreateModel(
            name="SpareSchema",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=63, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenants.templatesnapshot",
                    ),
                ),
            ],
            options={"verbose_name": "spare schema", "verbose_name_plural": "spare schemas"},
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
    ]
