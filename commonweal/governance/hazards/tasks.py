"""Hazard jobs: the escalation check every five minutes, and departments' e-mails.

The check is idempotent per report and level (see `services/escalation.py`): overlapping runs,
a worker restarted mid-run and a run that comes late all record each step once, at its exact
due time.
"""

from django.core.mail import send_mail
from django.db import connection
from django.utils.translation import gettext as _

from commonweal.platform.kernel.jobs import app, community_task, platform_task


def department_email(*, community, report, department) -> tuple[str, str]:
    from commonweal.governance.hazards.notify import link
    from commonweal.governance.hazards.services.departments import LINK_LIFETIME, answer_path

    subject = _("%(community)s blows the whistle: %(category)s (社区吹哨、部门报到)") % {
        "community": community.name,
        "category": report.get_category_display(),
    }
    body = "\n".join(
        [
            report.description,
            report.place,
            f"https://uri.amap.com/marker?position={report.lng},{report.lat}&coordinate=gaode",
            "",
            _("Report for duty (报到) and answer here, no account needed (valid %(days)d days):")
            % {"days": LINK_LIFETIME.days},
            link(community, answer_path(report, department)),
        ]
    )
    return subject, body


@community_task(retry=5)
def email_department(*, community, report_id: int, department_id: int) -> None:
    from commonweal.governance.hazards.models import Department, HazardReport

    report = HazardReport.objects.filter(pk=report_id).first()
    department = Department.objects.filter(pk=department_id).first()
    if report is None or department is None:
        return
    subject, body = department_email(community=community, report=report, department=department)
    send_mail(subject, body, None, [department.email])


def escalate_community(community, now=None) -> int:
    from commonweal.governance.hazards.services.escalation import escalate_due

    connection.set_tenant(community)
    try:
        return escalate_due(community=community, now=now)
    finally:
        connection.set_schema_to_public()


@app.periodic(cron="*/5 * * * *")
@platform_task(queueing_lock="hazards.escalate")
def escalate_hazard_reports(timestamp: int) -> int:
    from commonweal.tenants.models import Community, CommunityStatus

    total = 0
    for community in Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("pk"):
        total += escalate_community(community)
    return total
