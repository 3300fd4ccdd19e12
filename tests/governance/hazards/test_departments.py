"""社区吹哨、部门报到: the e-mailed link, refused when forged, foreign or expired."""

import time
from unittest import mock

import pytest
from django.core import mail, signing

from commonweal.governance.hazards.models import CheckIn, HazardReport, ReportState
from commonweal.governance.hazards.services import departments, escalation
from commonweal.governance.hazards.tasks import email_department
from commonweal.platform.kernel.errors import DomainError
from tests.governance.hazards.fixtures import file_report
from tests.partners.fixtures import in_schema


@pytest.fixture
def referred(fengshu, grid_map, people, gas_department):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        return escalation.blow_whistle(
            actor=people.staff,
            community=fengshu,
            report=report,
            reason="燃气泄漏风险大",
            department=gas_department,
        )


def _token(fengshu, report, department):
    with in_schema(fengshu):
        return departments.token_for(report, department)


def _check_in(fengshu, token, note="已派维修工"):
    with in_schema(fengshu):
        return departments.check_in(community=fengshu, token=token, note=note)


def test_the_department_is_mailed_a_link_that_records_its_check_in_once(
    fengshu, referred, gas_department
):
    mail.outbox.clear()
    email_department(
        community_schema=fengshu.schema_name, report_id=referred.pk, department_id=gas_department.pk
    )
    (message,) = mail.outbox
    token = message.body.rsplit("/hazards/answer/", 1)[1].strip().rstrip("/")

    first, created = _check_in(fengshu, token)
    again, created_again = _check_in(fengshu, token, note="再次打开")

    assert message.to == ["gas@chenghua.example.cn"]
    assert "楼道里有燃气味" in message.body
    assert (created, created_again, again.pk, again.note) == (True, False, first.pk, "已派维修工")
    with in_schema(fengshu):
        assert CheckIn.objects.count() == 1
        assert HazardReport.objects.get(pk=referred.pk).state == ReportState.IN_PROGRESS


def test_a_forged_link_is_refused_and_nothing_is_recorded(fengshu, referred, gas_department):
    token = _token(fengshu, referred, gas_department)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_report = signing.dumps(
        {"s": fengshu.schema_name, "r": referred.pk + 1, "d": gas_department.pk}, salt="other"
    )

    for bad in (forged, other_report, "not-a-token"):
        with pytest.raises(DomainError) as refused:
            _check_in(fengshu, bad)
        assert refused.value.code == "INVALID_LINK"
    with in_schema(fengshu):
        assert CheckIn.objects.count() == 0


def test_a_link_of_another_community_is_refused(fengshu, jiahonglu, referred, gas_department):
    token = _token(fengshu, referred, gas_department)

    with in_schema(jiahonglu), pytest.raises(DomainError) as refused:
        departments.check_in(community=jiahonglu, token=token)

    assert refused.value.code == "INVALID_LINK"


def test_an_expired_link_is_refused(fengshu, referred, gas_department):
    token = _token(fengshu, referred, gas_department)

    later = time.time() + departments.LINK_LIFETIME.total_seconds() + 1
    with mock.patch("time.time", return_value=later), pytest.raises(DomainError) as refused:
        _check_in(fengshu, token)
    with in_schema(fengshu):
        assert CheckIn.objects.count() == 0

    assert refused.value.code == "LINK_EXPIRED"
