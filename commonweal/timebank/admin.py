"""The time bank in the community admin (office roles). Status moves, points and hours are
not edited here: they go through the services, so the ledger and the records stay whole."""

from django.contrib import admin

from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.kernel.roles import Role
from commonweal.timebank.models import (
    Certificate,
    CheckIn,
    Offer,
    Redemption,
    ServiceRecord,
    SignUp,
    Task,
    TaskSeries,
    TaskTransition,
    Team,
    TimebankSettings,
    VolunteerProfile,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = TaskTransition
    fields = readonly_fields = ["at", "from_status", "to_status", "actor", "reason"]


class SignUpInline(ReadOnlyInline):
    model = SignUp
    fields = readonly_fields = ["volunteer", "status", "signed_up_at", "cancelled_at"]


class CheckInInline(ReadOnlyInline):
    model = CheckIn
    fields = readonly_fields = [
        "volunteer",
        "method",
        "recorded_by",
        "checked_in_at",
        "checked_out_at",
    ]


@admin.register(Task, site=community_admin)
class TaskAdmin(OfficeRoleAdmin):
    list_display = ["title", "category", "starts_at", "place_name", "slots", "points", "status"]
    list_filter = ["status", "category"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "starts_at"
    fields = [
        "title",
        "description",
        "category",
        "place_name",
        "lat",
        "lng",
        "geofence_metres",
        "starts_at",
        "ends_at",
        "slots",
        "points",
        "hours",
        "what_to_bring",
        "eligible_teams",
        "status",
        "status_reason",
        "partnership",
        "series",
    ]
    readonly_fields = ["status", "status_reason", "partnership", "series"]
    inlines = [TransitionInline, SignUpInline, CheckInInline]


@admin.register(TaskSeries, site=community_admin)
class TaskSeriesAdmin(OfficeRoleAdmin):
    list_display = ["title", "weekdays", "start_time", "end_time", "first_day", "last_day"]
    readonly_fields = ["generated_until", "stopped_at"]


@admin.register(Team, site=community_admin)
class TeamAdmin(OfficeRoleAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]

    def has_add_permission(self, request, obj=None):
        return Role.ADMIN in self._roles(request)


@admin.register(VolunteerProfile, site=community_admin)
class VolunteerAdmin(OfficeRoleAdmin):
    list_display = ["user", "team", "real_name", "on_leaderboard", "registered_at"]
    list_filter = ["team", "on_leaderboard"]
    search_fields = ["real_name"]
    readonly_fields = ["user", "registered_at"]


@admin.register(Offer, site=community_admin)
class OfferAdmin(OfficeRoleAdmin):
    list_display = ["item", "partnership", "price", "stock", "valid_until", "status"]
    list_filter = ["status"]
    readonly_fields = ["partnership", "commitment", "stock", "initial_stock", "price"]


@admin.register(Redemption, site=community_admin)
class RedemptionAdmin(OfficeRoleAdmin):
    list_display = ["offer", "volunteer", "points", "status", "created_at", "settled_at"]
    list_filter = ["status"]
    exclude = ["code"]  # the volunteer's secret until it is used

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceRecord, site=community_admin)
class ServiceRecordAdmin(OfficeRoleAdmin):
    list_display = ["task", "volunteer", "hours", "points", "served_on"]
    date_hierarchy = "served_on"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certificate, site=community_admin)
class CertificateAdmin(OfficeRoleAdmin):
    list_display = ["real_name", "hours", "period_from", "period_to", "issued_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TimebankSettings, site=community_admin)
class SettingsAdmin(OfficeRoleAdmin):
    list_display = ["default_points", "check_in_margin_minutes", "points_expire_after_months"]

    def has_add_permission(self, request, obj=None):
        return Role.ADMIN in self._roles(request) and not TimebankSettings.objects.exists()
