"""What the ORM does not say in one statement."""

from collections.abc import Sequence

from django.db import connection, models


def insert_once(obj: models.Model, *, unique: Sequence[str]) -> bool:
    """Insert `obj` unless a row with the same `unique` columns exists; True when inserted.

    One `INSERT … ON CONFLICT (…) DO NOTHING RETURNING pk`: no savepoint and no SELECT first.
    A concurrent insert of the same key makes this wait for that transaction and then insert
    nothing if it committed. On success `obj` has its primary key and is saved; `unique` must
    name the columns of a unique constraint or index of the table.
    """
    sql, values = insert_once_sql(obj, unique=unique)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    saved(obj, row[0])
    return True


def insert_once_sql(obj: models.Model, *, unique: Sequence[str]) -> tuple[str, list]:
    """The statement `insert_once` runs (returning the new primary key, or no row), to be
    combined with others in one round trip."""
    meta = obj._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.local_concrete_fields if not (f.primary_key and f.db_returning)]
    values = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
        f" ON CONFLICT ({', '.join(quote(meta.get_field(name).column) for name in unique)})"
        f" DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    return sql, values


def saved(obj: models.Model, pk) -> None:
    """Mark `obj` as the row with primary key `pk` (inserted by hand-written SQL)."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias
