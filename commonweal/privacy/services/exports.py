"""下载我的数据 and the community's export: zips of JSON (and CSV for tables), prepared by a
job and kept for `EXPORT_LIFETIME`.

A person's export holds their account and, from the public schema and from every community's
schema, every row a declaration (`personal.py`) names them in, as owner or as mentioned, plus
what an app adds through `person_export_section` (e.g. their points on the ledger). A
community's export holds every table of its schema, row for row.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from commonweal.privacy.models import DataExport, ExportStatus
from commonweal.privacy.registry import PersonalData
from commonweal.privacy.services.schemas import communities, declared_in, in_community

EXPORT_LIFETIME = timedelta(days=7)
# Never written into any export: credentials and keys are not "data about" anyone.
SECRET = re.compile(r"password|secret|digest|salt|token|ciphertext|^content$")

# Extra sections a domain adds to a person's export: fn(user) -> {name: rows}, run in each
# community's schema (the ledger keeps points by account code, not by user key).
_SECTIONS: list[Callable] = []


def person_export_section(fn: Callable) -> Callable:
    _SECTIONS.append(fn)
    return fn


def _plain(value):
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def _row(model, values: dict) -> dict:
    return {k: _plain(v) for k, v in values.items()}


def _visible_fields(model) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not SECRET.search(f.name) and not isinstance(f, models.BinaryField)
    ]


def _person_rows(declaration: PersonalData, user) -> list[dict]:
    condition = Q()
    for key in declaration.person_keys:
        condition |= Q(**{key if key == "id" else f"{key}_id": user.pk})
    if not declaration.person_keys:
        return []
    model = declaration.model
    rows = model._default_manager.filter(condition).order_by("pk").values(*_visible_fields(model))
    return [_row(model, r) for r in rows]


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel needs the BOM to read Chinese
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in row.items()
            }
        )
    return out.getvalue()


def _write_table(archive: zipfile.ZipFile, path: str, rows: list[dict]) -> None:
    archive.writestr(f"{path}.json", json.dumps(rows, ensure_ascii=False, indent=1))
    archive.writestr(f"{path}.csv", _csv(rows))


README = """下载我的数据 · 个人信息副本

account.json        您的账号、所在社区与角色
platform/           平台上与您相关的记录（每类一个 JSON 文件和一个 CSV 文件）
<社区代码>/          各社区中与您相关的记录：您提交、报名、捐赠、投票的，以及记录了您经办的
密码、密钥与令牌不在其中。
"""


def person_archive(user) -> bytes:
    """Everything held about `user`, in the public schema and in every community's schema."""
    from commonweal.platform.accounts.models import Membership

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        account = {
            "id": user.pk,
            "display_name": user.display_name,
            "email": user.email,
            "phone": user.phone,
            "date_joined": _plain(user.date_joined),
            "last_login": _plain(user.last_login),
            "communities": [
                {
                    "slug": m.community.slug,
                    "name": m.community.name,
                    "roles": m.roles,
                    "joined_at": _plain(m.joined_at),
                }
                for m in Membership.objects.filter(user=user).select_related("community")
            ],
        }
        archive.writestr("account.json", json.dumps(account, ensure_ascii=False, indent=1))
        for declaration in declared_in(public=True):
            rows = _person_rows(declaration, user)
            if rows:
                _write_table(archive, f"platform/{declaration.label}", rows)
        tenant = declared_in(public=False)
        for community in communities():
            with in_community(community):
                for declaration in tenant:
                    rows = _person_rows(declaration, user)
                    if rows:
                        _write_table(archive, f"{community.slug}/{declaration.label}", rows)
                for section in _SECTIONS:
                    for name, rows in section(user).items():
                        if rows:
                            _write_table(archive, f"{community.slug}/{name}", rows)
    return buffer.getvalue()


def _schema_tables(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema],
        )
        return [name for (name,) in cursor.fetchall()]


def _table_rows(schema: str, table: str) -> list[dict]:
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_to_json(t)::text FROM {quoted(schema)}.{quoted(table)} t ORDER BY 1"
        )
        rows = [json.loads(text) for (text,) in cursor.fetchall()]
    for row in rows:
        for column in list(row):
            if SECRET.search(column):
                row[column] = None
    return rows


def community_archive(community) -> bytes:
    """Every table of the community's schema: `<table>.json` and `<table>.csv`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            f"{community.name} · 社区数据导出\n每张数据表一个 JSON 文件和一个 CSV 文件。"
            "\n密钥与签到码盐值已清空。\n",
        )
        for table in _schema_tables(community.schema_name):
            _write_table(archive, table, _table_rows(community.schema_name, table))
    return buffer.getvalue()


def export_request(*, user, community=None) -> DataExport:
    """A prepared export, built by a job after this transaction commits."""
    from commonweal.privacy.tasks import build_export

    export = DataExport.objects.create(
        requested_by=user, community=community, expires_at=timezone.now() + EXPORT_LIFETIME
    )
    build_export.defer(export_id=export.pk)
    return export


def export_build(export_id: int) -> DataExport | None:
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("community", "requested_by")
            .filter(pk=export_id, status=ExportStatus.PREPARING)
            .first()
        )
        if export is None:
            return None  # built already, or deleted by an erasure meanwhile
        if export.community_id:
            content = community_archive(export.community)
        else:
            content = person_archive(export.requested_by)
        export.content, export.size = content, len(content)
        export.status, export.ready_at = ExportStatus.READY, timezone.now()
        export.save(update_fields=["content", "size", "status", "ready_at"])
    return export


def exports_of(user, *, community=None):
    """The caller's unexpired exports (of `community`, or their own data when None)."""
    rows = DataExport.objects.filter(requested_by=user, expires_at__gt=timezone.now())
    rows = rows.filter(community=community) if community else rows.filter(community__isnull=True)
    return rows.defer("content")


def exports_purge_expired(now=None) -> int:
    """Delete prepared downloads past their lifetime: they hold personal data."""
    deleted, _by_model = DataExport.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
