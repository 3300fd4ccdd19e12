"""Overdue commitments are found by a periodic job and told to the partner once."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from commonweal.partners.models import PartnershipStatus, ResourceCommitment
from commonweal.partners.tasks import notify_overdue_commitments
from commonweal.platform.notifications.models import Notification
from commonweal.platform.notifications.tasks import email_notification
from tests.partners.fixtures import add_commitment, in_schema, make_partnership


def test_overdue_commitments_are_notified_once(fengshu, office):
    # given an active partner with one overdue, one kept-but-late and one future commitment
    partnership = make_partnership(fengshu, PartnershipStatus.ACTIVE, office=office)
    representative = partnership.organisation.representatives.get().user
    with in_schema(fengshu):
        overdue = add_commitment(partnership, due_in_days=-3, title="每月义剪", quantity=4)
        kept = add_commitment(partnership, due_in_days=-3, title="已完成", quantity=1)
        ResourceCommitment.objects.filter(pk=kept.pk).update(delivered_quantity=1)
        add_commitment(partnership, due_in_days=3, title="未到期")
    before = Notification.objects.filter(user=representative).count()

    # when the periodic job runs twice
    first = notify_overdue_commitments(fengshu)
    second = notify_overdue_commitments(fengshu)

    # then the representative is told about the overdue one, once
    notices = Notification.objects.filter(user=representative, kind="commitment.overdue")
    assert (first, second, notices.count()) == (1, 0, 1)
    assert "每月义剪" in notices.get().body
    assert Notification.objects.filter(user=representative).count() == before + 1
    with in_schema(fengshu):
        overdue.refresh_from_db()
        assert overdue.overdue_notified_at is not None


def test_the_email_job_sends_the_notification_once(fengshu, office):
    partnership = make_partnership(fengshu, PartnershipStatus.APPLIED, office=office)
    notification = Notification.objects.get(
        user=partnership.organisation.representatives.get().user
    )
    mail.outbox.clear()

    email_notification(notification_id=notification.pk)
    email_notification(notification_id=notification.pk)

    assert [(m.subject, m.to) for m in mail.outbox] == [
        (notification.title, [notification.user.email])
    ]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert timezone.now() - notification.emailed_at < timedelta(minutes=1)


def test_the_office_hears_of_each_application(fengshu, jiahonglu):
    # given Fengshu's admin, staff and a resident, and Jiahonglu's admin
    from commonweal.platform.kernel.roles import Role
    from tests.fixtures import make_member

    people = {
        "admin": make_member(fengshu, Role.ADMIN),
        "staff": make_member(fengshu, Role.STAFF),
        "resident": make_member(fengshu, Role.RESIDENT),
        "other admin": make_member(jiahonglu, Role.ADMIN),
    }

    # when an organisation applies to Fengshu
    partnership = make_partnership(fengshu, PartnershipStatus.APPLIED, office=people["staff"])

    # then Fengshu's office is told, with a link to the application in the workbench
    name = partnership.organisation.legal_name
    told = {
        who: list(
            Notification.objects.filter(user=user, kind="partnership.application").values_list(
                "title", "body", "url"
            )
        )
        for who, user in people.items()
    }
    notice = (
        f"枫树社区：{name}申请成为合伙人",
        "我们愿意为社区服务。",
        f"http://fengshu.localhost/workbench/partners/{partnership.pk}/",
    )
    assert told == {"admin": [notice], "staff": [notice], "resident": [], "other admin": []}
