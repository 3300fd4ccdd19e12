"""A new community's schema is a copy of the migrated template, made by one SQL script.

Replaying every migration per community costs seconds and grows with the project's history;
django-tenants' `clone_schema` walks a catalog that grows with every schema. Instead the
template's structure is dumped once (pg_dump, which keeps Django's constraint names) into a
script with a placeholder schema name. Provisioning runs that script in a single round trip,
inside the caller's transaction, so a failed approval leaves no half-made schema: it calls
`public.commonweal_provision_schema`, which runs as the schemas' owner, so the application's
own database role needs no right to create anything.
"""

import re
import subprocess

from django.conf import settings
from django.db import connection, transaction

from commonweal.tenants import schemas
from commonweal.tenants.models import TemplateSnapshot

PLACEHOLDER = "__community_schema__"
# pg_dump quotes function bodies as $$…$$ or $_$…$_$ (or $<tag>$ when the body holds those).
DOLLAR_QUOTE = re.compile(r"\$[A-Za-z_]*\$")


def template_name() -> str:
    return settings.TEMPLATE_SCHEMA_NAME


def snapshot_template() -> TemplateSnapshot:
    rows = schemas.applied_migrations(template_name())
    digest = schemas.migrations_digest(rows)
    existing = TemplateSnapshot.objects.filter(digest=digest).first()
    if existing:
        return existing
    return TemplateSnapshot.objects.create(
        digest=digest, script=render_script(rows), migrations=[list(r) for r in rows]
    )


def render_script(migration_rows) -> str:
    """The template's DDL, schema-qualified with the placeholder, plus its migration records."""
    name = template_name()
    dump = subprocess.run(
        [
            schemas.pg_tool("pg_dump"),
            "--schema-only",
            f"--schema={name}",
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--no-publications",
            "--no-subscriptions",
            "--dbname",
            schemas.conninfo(),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=schemas.pg_env(),
    ).stdout
    script = "\n".join(_structure_lines(dump, name))
    script = re.sub(rf"\b{re.escape(name)}\.", f"{PLACEHOLDER}.", script)
    values = ",".join(f"('{app}', '{mig}', now())" for app, mig in migration_rows)
    if values:
        script += (
            f"\nINSERT INTO {PLACEHOLDER}.django_migrations (app, name, applied) VALUES {values};"
        )
    return script.strip() + "\n"


def _structure_lines(dump: str, name: str):
    """The dump's DDL without session settings, psql meta-commands and the CREATE SCHEMA.

    Lines inside dollar-quoted function bodies are kept whatever they start with.
    """
    open_tag = None
    for line in dump.splitlines():
        if open_tag is None:
            # Session settings would leak into the caller's connection; psql meta-commands
            # (\restrict) mean nothing to the server; provision() creates the schema itself.
            if line.startswith(("SET ", "\\", "--")) or "pg_catalog.set_config" in line:
                continue
            if re.match(rf"^CREATE SCHEMA {re.escape(name)};$", line):
                continue
        for tag in DOLLAR_QUOTE.findall(line):
            if open_tag is None:
                open_tag = tag
            elif tag == open_tag:
                open_tag = None
        yield line


def provision_schema(schema_name: str, snapshot: TemplateSnapshot | None = None) -> None:
    """Create `schema_name` as a copy of the template. Runs in the caller's transaction."""
    # The snapshot of the template as it is now (one small query), not merely the newest one:
    # after a rolled-back migration the newest snapshot may describe a state the template left.
    snapshot = snapshot or snapshot_template()
    # Through the owner's function (migration tenants 0003): the application's role may not
    # create schemas itself; the function reads the script from the snapshot row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.commonweal_provision_schema(%s, %s)", [schema_name, snapshot.pk]
        )
