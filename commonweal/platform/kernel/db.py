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


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's own sequence, in one statement: rows given
    them before they are inserted can be referred to at once and inserted together later.
    Unused ones leave a gap, as a rolled-back insert does."""
    if count <= 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(meta.db_table), meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_many_once(objs: Sequence[models.Model], *, unique: Sequence[str]) -> set:
    """`insert_once` for rows of one model in one statement, each with its primary key set
    (`reserve_ids`); returns the primary keys inserted, without those whose `unique` columns
    were taken (by an existing row, one committed meanwhile, or an earlier row of `objs`)."""
    if not objs:
        return set()
    meta = objs[0]._meta
    quote = connection.ops.quote_name
    fields = list(meta.local_concrete_fields)
    values = []
    for obj in objs:
        if obj.pk is None:
            raise ValueError("insert_many_once needs each row's primary key set")
        values += [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES {', '.join([row] * len(objs))}"
        f" ON CONFLICT ({', '.join(quote(meta.get_field(name).column) for name in unique)})"
        f" DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = {row[0] for row in cursor.fetchall()}
    for obj in objs:
        if obj.pk in inserted:
            saved(obj, obj.pk)
    return inserted


def update_many(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of each of `objs` (saved rows of one model) in one statement, each row
    its own values: `bulk_update`'s effect without its CASE per row and field, whose building
    costs far more Python than the UPDATE costs the database."""
    if not objs or not fields:
        return
    meta = objs[0]._meta
    quote = connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    # Typed values: a VALUES list's literals would otherwise be text.
    row = f"({', '.join(f'%s::{f.cast_db_type(connection)}' for f in columns)})"
    values = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="update_many", fields=columns[1:])
        values += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} SET "
        + ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns[1:])
        + f" FROM (VALUES {', '.join([row] * len(objs))})"
        + f" AS v ({', '.join(quote(f.column) for f in columns)})"
        + f" WHERE {table}.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
