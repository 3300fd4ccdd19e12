"""The office's pages: 存取平衡 (the exchange's balance) and the export for the national
volunteer system."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commonweal.platform.accounts.models import User
from commonweal.timebank import selectors
from commonweal.timebank.chart import exchange_chart
from commonweal.timebank.models import ServiceRecord, TaskCategory, VolunteerProfile
from commonweal.timebank.roles import is_office
from commonweal.timebank.views.common import community_of, sign_in_first

# Columns of the national volunteer system's (全国志愿服务信息系统) record import, for
# re-entry there. ID numbers are not kept here (real names are private, ID numbers not asked),
# so that column is left for the office to fill in.
EXPORT_COLUMNS = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "志愿服务项目",
    "服务类别",
    "服务日期",
    "开始时间",
    "结束时间",
    "服务时长(小时)",
    "志愿服务队",
]


def _office(request):
    community = community_of(request)
    if not is_office(community, request.user):
        raise PermissionDenied
    return community


def exchange(request):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    community = _office(request)
    months = selectors.balance_by_month()
    return render(
        request,
        "timebank/exchange.html",
        {
            "community": community,
            "months": months,
            "chart": exchange_chart(months),
            "teams": selectors.balance_by_team(),
            "merchants": selectors.balance_by_merchant(),
            "leaderboard": selectors.leaderboard(20),
        },
    )


def export_records(request):
    """Every service record as CSV (UTF-8 with BOM, which Excel needs for Chinese)."""
    if not request.user.is_authenticated:
        return sign_in_first(request)
    _office(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="volunteer-records-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    records = ServiceRecord.objects.select_related("task").order_by("served_on", "pk")
    profiles = {p.user_id: p for p in VolunteerProfile.objects.select_related("team")}
    users = {u.pk: u for u in User.objects.filter(pk__in=list(profiles))}
    for record in records.iterator(chunk_size=2000):
        profile, user = profiles.get(record.volunteer_id), users.get(record.volunteer_id)
        start = timezone.localtime(record.task.starts_at)
        end = timezone.localtime(record.task.ends_at)
        writer.writerow(
            [
                (profile.real_name if profile else "") or (user.display_name if user else ""),
                "居民身份证",
                "",
                user.phone or "" if user else "",
                record.task.title,
                TaskCategory(record.task.category).label,
                f"{record.served_on:%Y-%m-%d}",
                f"{start:%H:%M}",
                f"{end:%H:%M}",
                f"{record.hours:.2f}",
                profile.team.name if profile and profile.team else "",
            ]
        )
    return response
