"""Back up and restore one community: its schema, structure and rows, as one file.

    commonweal backup fengshu fengshu.dump
    commonweal restore fengshu fengshu.dump --replace

The file is pg_dump's custom format of the community's schema alone. The platform's rows
about the community (its registry entry, domain, members' accounts) live in the public
schema and are backed up with the database as a whole; restoring one community assumes its
registry entry still exists, as after a bad import or a mistaken bulk change.

Restoring is safe for the ledger: pg_dump puts triggers in the post-data section, so rows come
back exactly as they were (balances included) before the ledger's triggers exist again.
"""

import subprocess
from pathlib import Path

from django.db import connection

from commonweal.tenants import schemas
from commonweal.tenants.models import Community


def dump_community(community: Community, path: Path) -> Path:
    subprocess.run(
        [
            schemas.pg_tool("pg_dump"),
            "--format=custom",
            f"--schema={community.schema_name}",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(path),
            "--dbname",
            schemas.conninfo(),
        ],
        check=True,
        capture_output=True,
        env=schemas.pg_env(),
    )
    return path


def schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None


def restore_community(community: Community, path: Path, *, replace: bool = False) -> None:
    """Restore `path` as `community`'s schema. An existing schema is dropped first only with
    `replace`; otherwise it is an error, so a restore never merges two states. Runs outside
    a transaction: pg_restore is another connection and must see the schema gone."""
    if connection.in_atomic_block:
        raise RuntimeError("restore_community runs outside a transaction")
    if schema_exists(community.schema_name):
        if not replace:
            raise FileExistsError(f"schema {community.schema_name} exists; pass replace=True")
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{community.schema_name}" CASCADE')
    subprocess.run(
        [
            schemas.pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            schemas.conninfo(),
            str(path),
        ],
        check=True,
        capture_output=True,
        env=schemas.pg_env(),
    )
    connection.set_schema_to_public()
