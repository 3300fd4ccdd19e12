"""Grids, reports, departments, the calendar and the rules in the community admin.

Reports are read-only records with their transition and escalation logs (moves go through the
services: pages and GraphQL); the reporter is not shown. Grids are drawn on the map page
(/hazards/grids/) or over GraphQL (their outline is shown read-only here); departments, the
calendar, the rules and the states' names are edited here (a change of the calendar or the
rules sets every open report due for the escalation job to recompute). Campaigns are read-only.
"""

from django.contrib import admin

from commonweal.governance.hazards import states
from commonweal.governance.hazards.models import (
    Campaign,
    CampaignItem,
    Department,
    Escalation,
    Grid,
    GridMember,
    HazardReport,
    HazardSettings,
    Holiday,
    ReportStateName,
    ReportTransition,
)
from commonweal.governance.hazards.services import escalation
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(_ReadOnlyInline):
    model = ReportTransition
    fields = readonly_fields = ["at", "from_status", "to_status", "actor", "reason"]


class EscalationInline(_ReadOnlyInline):
    model = Escalation
    fields = readonly_fields = ["level", "stage", "due_at", "recorded_at", "reason"]


class GridMemberInline(admin.TabularInline):
    model = GridMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Grid, site=community_admin)
class GridAdmin(OfficeRoleAdmin):
    list_display = ["name", "parent", "households"]
    fields = ["name", "parent", "households", "covers", "boundary"]
    readonly_fields = ["parent", "boundary"]
    inlines = [GridMemberInline]


@admin.register(HazardReport, site=community_admin)
class HazardReportAdmin(OfficeRoleAdmin):
    list_display = ["pk", "category", "state", "level", "warning", "grid", "created_at"]
    list_filter = ["state", "level", "warning", "category"]
    search_fields = ["description", "place"]
    fields = [
        "category",
        "description",
        "place",
        "lat",
        "lng",
        "anonymous",
        "grid",
        "state",
        "level",
        "level_since",
        "warning",
        "department",
        "duplicate_of",
        "me_too_count",
        "created_at",
        "fixed_at",
        "next_due_at",
    ]
    readonly_fields = fields
    inlines = [TransitionInline, EscalationInline]


@admin.register(Department, site=community_admin)
class DepartmentAdmin(OfficeRoleAdmin):
    list_display = ["name", "email", "is_subdistrict"]


class _ReschedulesOpenReports:
    """The calendar and the limits decide every open report's next due step."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        escalation.reschedule_open()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        escalation.reschedule_open()


@admin.register(Holiday, site=community_admin)
class HolidayAdmin(_ReschedulesOpenReports, OfficeRoleAdmin):
    list_display = ["day", "name", "is_workday"]


@admin.register(HazardSettings, site=community_admin)
class HazardSettingsAdmin(_ReschedulesOpenReports, OfficeRoleAdmin):
    list_display = ["__str__", "grid_hours", "community_hours", "reward_points", "daily_cap"]


@admin.register(ReportStateName, site=community_admin)
class ReportStateNameAdmin(OfficeRoleAdmin):
    list_display = ["state", "name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        states.forget()


class CampaignItemInline(_ReadOnlyInline):
    model = CampaignItem
    fields = readonly_fields = ["grid", "label", "outcome", "visited_at", "report", "note"]


@admin.register(Campaign, site=community_admin)
class CampaignAdmin(OfficeRoleAdmin):
    list_display = ["title", "unit", "status", "created_at", "closed_at"]
    list_filter = ["status", "unit"]
    fields = readonly_fields = ["title", "description", "unit", "status", "created_at", "closed_at"]
    inlines = [CampaignItemInline]
