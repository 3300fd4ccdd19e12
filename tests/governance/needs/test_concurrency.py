"""“Me too” under load: fifty residents at once, twice each, count fifty, one per person."""

import threading

import pytest
from django.db import close_old_connections, connection

from commonweal.governance.needs.models import Need, NeedSupport
from commonweal.governance.needs.services import needs as need_services
from commonweal.platform.kernel.roles import Role
from tests.fixtures import make_community, make_member


@pytest.mark.django_db(transaction=True)
def test_fifty_residents_seconding_at_once_count_fifty_once_each():
    connection.set_schema_to_public()
    community = make_community("metoo", name="附议社区")
    try:
        raiser = make_member(community, Role.RESIDENT, name="提出人")
        residents = [make_member(community, Role.RESIDENT, name=f"居民{i}") for i in range(50)]
        connection.set_tenant(community)
        need = need_services.need_raise(
            actor=raiser,
            community=community,
            title="楼道灯坏了",
            description="三单元楼道灯不亮",
            category="facilities",
        )
        for wave in range(2):
            barrier = threading.Barrier(50)
            errors = []

            def second(resident, barrier=barrier, errors=errors):
                connection.set_tenant(community)
                barrier.wait()
                try:
                    need_services.need_second(actor=resident, community=community, need=need)
                except Exception as error:  # pragma: no cover - the assertion shows it
                    errors.append(error)
                finally:
                    close_old_connections()
                    connection.close()

            threads = [threading.Thread(target=second, args=(r,)) for r in residents]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == [], f"wave {wave}"
        connection.set_tenant(community)
        assert Need.objects.get(pk=need.pk).support_count == 50
        assert NeedSupport.objects.filter(need=need).count() == 50
        assert sorted(NeedSupport.objects.values_list("user_id", flat=True)) == sorted(
            r.pk for r in residents
        )
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')
