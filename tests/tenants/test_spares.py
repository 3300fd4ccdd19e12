"""Onboarding renames a spare schema made ahead from the template, when one of the template as
it is now is waiting; the community's schema is the same copy either way."""

import pytest
from django.db import DataError, connection, transaction

from commonweal.tenants import spares
from commonweal.tenants.models import SpareSchema, TemplateSnapshot
from commonweal.tenants.provisioning import snapshot_template
from commonweal.tenants.tasks import keep_spare_schemas
from tests.fixtures import make_community
from tests.tenants.test_provisioning import (
    TEMPLATE,
    _columns,
    _constraints,
    _functions,
    _indexes,
    _relations,
)

pytestmark = pytest.mark.django_db


def _schemas(prefix: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            [prefix.replace("_", r"\_") + "%"],
        )
        return {row[0] for row in cursor.fetchall()}


def _migrations(schema: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        return cursor.fetchall()


def test_onboarding_takes_a_spare_of_the_current_template():
    # given one spare of the template as it is now
    assert spares.refresh(count=1) == (0, 1)
    (spare,) = SpareSchema.objects.values_list("name", flat=True)
    assert _schemas(spares.PREFIX) == {spare}

    # when a community is created
    community = make_community("yulin")

    # then the spare became its schema: off the list, gone under its old name
    assert community.schema_name == "c_yulin"
    assert SpareSchema.objects.count() == 0
    assert _schemas(spares.PREFIX) == set()
    # ... and it is the template's copy, as the script would have made it
    for shape in (_relations, _constraints, _indexes, _columns, _functions):
        assert shape("c_yulin") == shape(TEMPLATE)
    assert _migrations("c_yulin") == _migrations(TEMPLATE)


def test_a_spare_of_an_older_template_is_never_taken_and_refresh_replaces_it():
    # given a spare registered to another state of the template
    current = snapshot_template()
    older = TemplateSnapshot.objects.create(digest="older", script=current.script)
    stale = spares.make(older)

    # when a community is created, the script makes its schema; the stale spare stays
    make_community("yulin")
    assert list(SpareSchema.objects.values_list("name", flat=True)) == [stale]
    assert _relations("c_yulin") == _relations(TEMPLATE)

    # when the spares are refreshed, the stale one is dropped and one of now is made
    assert spares.refresh(count=1) == (1, 1)
    (fresh,) = SpareSchema.objects.all()
    assert (fresh.snapshot_id, fresh.name != stale) == (current.pk, True)
    assert _schemas(spares.PREFIX) == {fresh.name}
    # and a refresh with nothing to do changes nothing
    assert spares.refresh(count=1) == (0, 0)


def test_a_failed_onboarding_leaves_the_spare_on_the_list():
    spares.refresh(count=1)
    (spare,) = SpareSchema.objects.values_list("name", flat=True)

    with pytest.raises(RuntimeError), transaction.atomic():
        make_community("yulin")
        raise RuntimeError("the approval fails after provisioning")

    assert list(SpareSchema.objects.values_list("name", flat=True)) == [spare]
    assert _schemas(spares.PREFIX) == {spare}
    assert _schemas("c_yulin") == set()


def test_the_owner_functions_touch_registered_spares_only():
    spares.refresh(count=1)
    (spare,) = SpareSchema.objects.values_list("name", flat=True)

    def call(sql, params):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    take = "SELECT public.commonweal_take_spare_schema(%s, %s)"
    drop = "SELECT public.commonweal_drop_spare_schema(%s)"
    # a spare only ever becomes a community's schema, never another name
    with pytest.raises(DataError):
        call(take, [spare, "public_two"])
    # a schema not on the list is neither renamed nor dropped
    assert call(take, [TEMPLATE, "c_yulin"]) is False
    assert call(drop, ["cw_spare_not_listed"]) is False
    with pytest.raises(DataError):
        call(drop, [TEMPLATE])
    assert _schemas(TEMPLATE) == {TEMPLATE}
    assert _schemas(spares.PREFIX) == {spare}


def test_onboarding_asks_for_more_spares_when_the_platform_keeps_some(settings):
    settings.COMMONWEAL_SPARE_SCHEMAS = 1
    make_community("yulin")
    make_community("jiahong")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s AND status = 'todo'",
            [keep_spare_schemas.name],
        )
        assert cursor.fetchone()[0] == 1  # one waiting job serves both

    # the job makes the spare the setting asks for
    keep_spare_schemas()
    assert SpareSchema.objects.filter(snapshot=snapshot_template()).count() == 1
