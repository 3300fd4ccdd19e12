"""志愿服务证明: issued from the service records, verified by anyone, tampering refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from commonweal.platform.kernel.errors import DomainError
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.models import ServiceRecord
from commonweal.timebank.services import certificates
from tests.timebank.fixtures import in_schema, make_task, make_volunteer


def _served(tb, volunteer, task, day, hours):
    with in_schema(tb.community):
        ServiceRecord.objects.create(
            task=task,
            volunteer=volunteer,
            hours=Decimal(hours),
            points=task.points,
            served_on=day,
            credited_at=timezone.now(),
            entry_external_id=f"timebank:award:{task.pk}:{volunteer.pk}",
        )


def _issue(tb, volunteer, **period):
    with in_schema(tb.community):
        made = certificates.certificate_issue(community=tb.community, actor=volunteer, **period)
        return made, certificates.verification_code(tb.community, made)


def test_a_certificate_sums_the_period_and_verifies_from_the_platform(tb):
    first = make_task(tb.community, tb.staff, title="燃气安全入户")
    second = make_task(tb.community, tb.staff, title="大观湖环境整治")
    third = make_task(tb.community, tb.staff, title="文明创建宣传")
    _served(tb, tb.volunteer, first, date(2026, 3, 1), "2")
    _served(tb, tb.volunteer, second, date(2026, 4, 18), "3.5")
    _served(tb, tb.volunteer, third, date(2026, 9, 2), "1")

    made, code = _issue(tb, tb.volunteer, period_from=date(2026, 3, 1), period_to=date(2026, 6, 30))

    assert (made.hours, made.tasks, made.real_name) == (Decimal("5.50"), 2, "王秀英")
    assert made.organisation == "佳宏路社区"
    found = certificates.certificate_verify(code)  # from the public schema: anyone
    assert found.name_masked == "王**"
    assert (found.hours, found.tasks) == (Decimal("5.50"), 2)
    assert (found.period_from, found.period_to) == (date(2026, 3, 1), date(2026, 6, 30))


def test_a_tampered_code_does_not_verify(tb):
    task = make_task(tb.community, tb.staff)
    _served(tb, tb.volunteer, task, date(2026, 3, 1), "2")
    made, code = _issue(tb, tb.volunteer)
    slug, pk, signature = code.split(".")
    flipped = ("a" if signature[0] != "a" else "b") + signature[1:]
    for forged in (
        f"{slug}.{pk}.{flipped}",
        f"{slug}.{int(pk) + 1}.{signature}",
        f"fengshu.{pk}.{signature}",
        "garbage",
        "",
    ):
        assert certificates.certificate_verify(forged) is None, forged
    # and a certificate whose hours were changed in the database no longer verifies
    with in_schema(tb.community):
        type(made).objects.filter(pk=made.pk).update(hours=Decimal("200"))
    assert certificates.certificate_verify(code) is None


def test_no_certificate_without_a_real_name_or_hours(tb):
    nameless = make_volunteer(tb.community)
    with pytest.raises(DomainError) as refusal:
        _issue(tb, nameless)
    assert refusal.value.code == E.REAL_NAME_REQUIRED
    with pytest.raises(DomainError) as refusal:
        _issue(tb, tb.volunteer)
    assert refusal.value.code == E.NOTHING_TO_CERTIFY
