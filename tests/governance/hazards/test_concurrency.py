"""The daily cap under concurrency: twelve confirmations of one reporter's reports at once."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from commonweal.governance.hazards.models import HazardSettings, ReportReward
from commonweal.governance.hazards.services import reports as services
from commonweal.platform.kernel.roles import Role
from commonweal.timebank.points import balance_of
from tests.fixtures import make_community, make_member


@pytest.mark.django_db(transaction=True)
def test_twelve_confirmations_at_once_never_pass_the_daily_cap():
    connection.set_schema_to_public()
    community = make_community("hazardcap", name="封顶社区")
    try:
        reporter = make_member(community, Role.RESIDENT, name="上报人")
        staff = [make_member(community, Role.STAFF, name=f"社工{i}") for i in range(12)]
        connection.set_tenant(community)
        HazardSettings.objects.create(pk=1, reward_points=10, daily_cap=45)
        reports = [
            services.report_file(
                actor=reporter,
                community=community,
                category="fire_exit",
                description=f"消防通道堆物{i}",
                lat=30.6,
                lng=104.1,
            )
            for i in range(12)
        ]
        barrier = threading.Barrier(12)
        errors = []

        def confirm(actor, report):
            connection.set_tenant(community)
            barrier.wait()
            try:
                with transaction.atomic():
                    services.report_confirm(actor=actor, community=community, report=report)
            except Exception as error:  # pragma: no cover - the assertion shows it
                errors.append(error)
            finally:
                close_old_connections()
                connection.close()

        threads = [
            threading.Thread(target=confirm, args=pair) for pair in zip(staff, reports, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        connection.set_tenant(community)
        assert errors == []
        assert (
            sorted(ReportReward.objects.values_list("points", flat=True))
            == [0] * 7 + [5] + [10] * 4
        )
        assert balance_of(reporter.pk) == 45
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')
