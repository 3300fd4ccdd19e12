"""社区吹哨、部门报到: departments get the report by e-mail with a link and answer without an
account.

The link carries a signed token (`platform/signed_links.py`, salted for this purpose) naming
the community's schema, the report and the department, and expires after `LINK_LIFETIME`. A
forged or altered token, a token of another community, and an expired one are refused; a valid
one records the department's 报到 once (`CheckIn` is unique per report and department) —
opening it again shows the answer already given.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.error_codes import HazardErrorCode
from commonweal.governance.hazards.models import (
    CheckIn,
    Department,
    HazardCategory,
    HazardReport,
    ReportState,
)
from commonweal.governance.hazards.services.lifecycle import lock, move
from commonweal.governance.hazards.services.text import required_text
from commonweal.platform.kernel import signed_links
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError

SALT = "commonweal.hazards.department-link"
LINK_LIFETIME = dt.timedelta(days=7)


def department_create(*, actor, name, email, is_subdistrict=False, categories=()) -> Department:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            HazardErrorCode.INVALID_EMAIL, _("Give a valid e-mail address."), field="email"
        ) from None
    unknown = [c for c in categories if c not in HazardCategory.values]
    if unknown:
        raise DomainError(
            HazardErrorCode.INVALID_CATEGORY, _("Choose known categories."), field="categories"
        )
    return Department.objects.create(
        name=required_text(name, field="name", limit=80, code=HazardErrorCode.NAME_REQUIRED),
        email=email,
        is_subdistrict=bool(is_subdistrict),
        categories=sorted(set(categories)),
    )


def body_for(report: HazardReport, *, subdistrict: bool) -> Department | None:
    """The sub-district office, or the department handling the report's category."""
    if subdistrict:
        return Department.objects.filter(is_subdistrict=True).order_by("pk").first()
    return (
        Department.objects.filter(is_subdistrict=False, categories__contains=[report.category])
        .order_by("pk")
        .first()
    )


def token_for(report: HazardReport, department: Department) -> str:
    return signed_links.sign(SALT, r=report.pk, d=department.pk)


def answer_path(report: HazardReport, department: Department) -> str:
    return f"/hazards/answer/{token_for(report, department)}/"


def read_token(token: str) -> tuple[HazardReport, Department]:
    """The report and department a link names, in the current community; refused otherwise."""
    try:
        data = signed_links.read(token, salt=SALT, max_age=LINK_LIFETIME)
    except signed_links.LinkExpired:
        raise DomainError(
            HazardErrorCode.LINK_EXPIRED,
            _("This link has expired. Ask the community for a new one."),
        ) from None
    except signed_links.LinkInvalid:
        raise DomainError(HazardErrorCode.INVALID_LINK, _("This link is not valid.")) from None
    report = HazardReport.objects.filter(pk=data.get("r")).first()
    department = Department.objects.filter(pk=data.get("d")).first()
    if report is None or department is None:
        raise DomainError(HazardErrorCode.INVALID_LINK, _("This link is not valid."))
    return report, department


def check_in(*, community, token: str, note: str = "") -> tuple[CheckIn, bool]:
    """Record the department's 报到 once; a referred report is then being handled."""
    report, department = read_token(token)
    note = required_text(note, field="note", limit=500, required=False)
    report = lock(report.pk)
    answer = CheckIn(report=report, department=department, note=note, at=timezone.now())
    if not insert_once(answer, unique=["report", "department"]):
        return CheckIn.objects.get(report=report, department=department), False
    if report.state == ReportState.REFERRED:
        from commonweal.governance.hazards import notify
        from commonweal.governance.hazards.services.search import sync_search

        move(report, verb="start", actor=None, reason=f"{department.name} 报到：{note}".strip("："))
        sync_search(community, report)
        notify.state_changed(community=community, report=report, reason=note)
    return answer, True
